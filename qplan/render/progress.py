"""Where a learner stands (progress, next dates, overdue) and how a what-if plan differs from
its track's reference composition."""

from __future__ import annotations

from datetime import date
from typing import Any

from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.results import PlanResult
from qplan.render.text import bar


def progress_data(result: PlanResult, today: date) -> dict[str, Any]:
    """Where a learner stands: per phase and in total done, recognised, booked, open; the
    next three dates; what is overdue (planned in the past, not marked done)."""
    groups: dict[str, dict[str, int]] = {}
    upcoming = []
    overdue = []
    for entry in result.doc.modules:
        # Partly recognised and open: the rest is still to do, so it counts as open (or booked).
        if entry.recognised is not None and entry.done:
            state = "recognised"
        elif entry.done:
            state = "done"
        elif entry.offer:
            state = "booked"
        else:
            state = "open"
        for group in (entry.phase, "total"):
            counts = groups.setdefault(
                group, {"done": 0, "recognised": 0, "booked": 0, "open": 0, "partly_recognised": 0, "wst": 0}
            )
            counts[state] += 1
            counts["partly_recognised"] += entry.recognised is not None and not entry.done
            counts["wst"] += entry.counted_wst
        if not entry.done and entry.date is not None:
            end = entry.until or entry.date
            if end < today:
                overdue.append(
                    {
                        "module": entry.id,
                        "date": entry.date.isoformat(),
                        "until": entry.until.isoformat() if entry.until else None,
                    }
                )
            elif entry.date >= today:
                upcoming.append((entry.date, entry.id))
    upcoming.sort()
    return {
        "phases": groups,
        "next": [{"module": mid, "date": day.isoformat()} for day, mid in upcoming[:3]],
        "overdue": overdue,
    }


def progress_lines(result: PlanResult, today: date, width: int = 120) -> list[str]:
    data = progress_data(result, today)
    names = {"praesenz": "Präsenz", "selbstlern": "Selbstlernen", "total": "Gesamt"}
    lines = ["Fortschritt"]
    bar_width = max(10, min(24, width - 70))
    for key in ("praesenz", "selbstlern", "total"):
        counts = data["phases"].get(key)
        if not counts:
            continue
        total = counts["done"] + counts["recognised"] + counts["booked"] + counts["open"]
        closed = counts["done"] + counts["recognised"]
        lines.append(
            f"  {names[key]:<13} {bar(closed, total, bar_width)}  {closed} von {total} · erledigt {counts['done']}"
            f" · anerkannt {counts['recognised']} · gebucht {counts['booked']} · offen {counts['open']}"
            + (f" (teilweise anerkannt {counts['partly_recognised']})" if counts["partly_recognised"] else "")
        )
    if data["next"]:
        lines.append(
            "  Nächste Termine: "
            + ", ".join(f"{german(date.fromisoformat(n['date']))} {n['module']}" for n in data["next"])
        )
    if data["overdue"]:
        lines.append(
            "  Überfällig (Termin vorbei, nicht als erledigt markiert): "
            + ", ".join(f"{o['module']} ({german(date.fromisoformat(o['date']))})" for o in data["overdue"])
            + " – mit „qplan done PLAN ID“ markieren oder mit „qplan replan PLAN“ neu planen."
        )
    return lines


def difference_data(result: PlanResult, catalog: Catalog) -> dict[str, Any] | None:
    """How the plan differs from its track's reference composition, and what that does to
    each budget (None when it does not differ)."""
    track = result.track
    if track is None or not track.modules.all():
        return None
    reference = set(track.modules.all())
    present = {e.id for e in result.doc.modules}
    added = sorted(present - reference, key=catalog.order_key)
    removed = sorted(reference - present, key=catalog.order_key)
    if not added and not removed:
        return None
    totals = result.evaluation.totals
    budget = track.budget
    budgets = {}
    for key, actual, target in (
        ("wst", totals.wst, budget.wst),
        ("praesenz", totals.praesenz, budget.praesenz),
        ("selbstlern", totals.selbstlern, budget.selbstlern),
    ):
        if target is not None:
            budgets[key] = {"actual": actual, "expected": target.expected, "difference": actual - target.expected}

    def describe(mid: str) -> dict[str, Any]:
        module = catalog.module_by_id[mid]
        return {"id": mid, "title": module.title, "phase": track.phase_of(module), "wst": module.wst}

    return {"added": [describe(m) for m in added], "removed": [describe(m) for m in removed], "budgets": budgets}


def difference_lines(data: dict[str, Any]) -> list[str]:
    lines = ["Abweichung von der Referenz der Spur:"]
    for sign, key in (("+", "added"), ("−", "removed")):
        for module in data[key]:
            lines.append(
                f"  {sign} {module['id']} {module['title']} ({PHASE_NAMES[module['phase']]}, {module['wst']} WSt)"
            )
    names = {"wst": "Gesamt", "praesenz": "Präsenz", "selbstlern": "Selbstlernen"}
    for key, value in data["budgets"].items():
        change = value["difference"]
        shown = f"{change:+d} WSt" if change else "unverändert"
        lines.append(f"  {names[key]}: {value['actual']} statt {value['expected']} WSt ({shown})")
    return lines
