"""Rules about hours: totals, presence and self-study against the track's budget."""

from __future__ import annotations

import math

from qplan.models.catalog import Target
from qplan.models.common import PHASE_NAMES
from qplan.rules.context import PlanContext
from qplan.rules.registry import Issue, Outcome, register_composition


def _fmt_hours(ctx: PlanContext, wst: int) -> str:
    hours = ctx.catalog.hours(wst)
    text = f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{wst} WSt ({text} Std.)"


def _fixes(ctx: PlanContext, phase: str | None, missing: bool) -> str:
    """Which modules would close a gap (missing=True) or remove an excess, grouped by action."""
    track = ctx.track
    if track is None:
        return ""
    reference = track.modules.all()
    add: list[str] = []
    move: list[str] = []
    remove: list[str] = []
    if missing:
        for mid in sorted(reference, key=ctx.catalog.order_key):
            module = ctx.catalog.module_by_id.get(mid)
            if module is None or (phase is not None and track.phase_of(module) != phase):
                continue
            entry = next((e for e in ctx.doc.modules if e.id == mid), None)
            if entry is None:
                add.append(f"{mid} ({PHASE_NAMES[track.phase_of(module)]}, {module.wst} WSt)")
            elif phase is not None and entry.phase != phase:
                move.append(mid)
    else:
        for entry in ctx.doc.modules:
            if phase is not None and entry.phase != phase:
                continue
            module = ctx.catalog.module_by_id.get(entry.id)
            if entry.id not in reference:
                remove.append(entry.id)
            elif module is not None and phase is not None and track.phase_of(module) != phase:
                move.append(entry.id)
    target = (phase if missing else ("selbstlern" if phase == "praesenz" else "praesenz")) or ""
    hints = []
    if add:
        hints.append("ergänzen: " + ", ".join(add))
    if move and target:
        hints.append(f"als {PHASE_NAMES[target]} einplanen: " + ", ".join(move))
    if remove:
        hints.append("entfernen: " + ", ".join(remove))
    return (" Abhilfe – " + "; ".join(hints) + ".") if hints else ""


def _target_rule(ctx: PlanContext, target: Target | None, actual: int, phase: str | None, label: str) -> Outcome | None:
    if ctx.track is None or target is None:
        return None
    expected = f"{target.describe()} WSt"
    if target.holds(actual):
        return Outcome(expected, f"{actual} WSt")
    low = target.expected - target.tolerance
    missing = actual < low
    gap = (low - actual) if missing else actual - (target.expected + target.tolerance)
    what = "fehlen" if missing else "sind zu viel"
    message = f"{label}: {_fmt_hours(ctx, actual)} statt {expected}; {gap} WSt {what}." + _fixes(ctx, phase, missing)
    return Outcome(expected, f"{actual} WSt", (Issue(message, ("modules",), at_key=True),))


@register_composition(
    "QP201",
    "wst-gesamt",
    "error",
    "Gesamtumfang verfehlt das Budget der Spur",
    """Koordination und Steuerung umfassen je 72 WSt, beide Felder zusammen „ca. 100 WSt“
    (im Katalog: 100 ± 10), die Einführung 6 WSt. Abgeschlossene Module (`done: true`) zählen mit.""",
)
def total_wst(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    return _target_rule(ctx, track.budget.wst if track else None, ctx.totals.wst, None, "Gesamtumfang")


@register_composition(
    "QP202",
    "wst-praesenz",
    "error",
    "Präsenzlernzeit verfehlt das Budget der Spur",
    """Präsenzlernzeit: Koordination 36 WSt, Steuerung 54 WSt, beide Felder 36 WSt
    (3 Veranstaltungen × 2 Tage × 6 WSt), Einführung 6 WSt.""",
)
def presence_wst(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    return _target_rule(
        ctx, track.budget.praesenz if track else None, ctx.totals.praesenz, "praesenz", "Präsenzlernzeit"
    )


@register_composition(
    "QP203",
    "wst-selbstlern",
    "error",
    "Selbstlernzeit verfehlt das Budget der Spur",
    """Selbstlernzeit: Koordination 36 WSt (begleitetes Praxisprojekt), Steuerung 18 WSt.""",
)
def selfstudy_wst(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    return _target_rule(
        ctx, track.budget.selbstlern if track else None, ctx.totals.selbstlern, "selbstlern", "Selbstlernzeit"
    )


@register_composition(
    "QP204",
    "anteil-praesenz",
    "error",
    "Präsenzanteil weicht von 1/3 ab",
    """Für beide Aufgabenfelder sollen die Kompetenzen „zu 1/3 in Präsenzlernphasen und zu 2/3
    in Selbstlernphasen“ erworben werden; der Katalog nennt die erlaubte Abweichung.""",
)
def presence_share(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    share = track.budget.presence_share if track else None
    if share is None:
        return None
    total = ctx.totals.wst
    actual = 100.0 * ctx.totals.praesenz / total if total else 0.0
    tol = f" ± {share.tolerance_points:g}".replace(".", ",") if share.tolerance_points else ""
    expected = f"{share.percent:.1f} %{tol}".replace(".", ",")
    shown = f"{actual:.1f} %".replace(".", ",")
    if share.holds(ctx.totals.praesenz, total):
        return Outcome(expected, shown)
    direction = "zu hoch" if actual > share.percent else "zu niedrig"
    message = (
        f"Präsenzanteil {shown} ({ctx.totals.praesenz} von {total} WSt) ist {direction}; "
        f"vorgesehen sind {share.numerator}/{share.denominator} ({expected})."
    )
    return Outcome(expected, shown, (Issue(message, ("modules",), at_key=True),))


@register_composition(
    "QP205",
    "praesenztage",
    "error",
    "Mehr Präsenztage als die Spur erlaubt",
    """Die Einführungsqualifizierung dauert höchstens einen Tag (6 WSt).""",
)
def max_days(ctx: PlanContext) -> Outcome | None:
    track = ctx.track
    if track is None or track.budget.max_days is None:
        return None
    per_day = ctx.catalog.schedule_frame.wst_per_day
    days = math.ceil(ctx.totals.praesenz / per_day)
    expected = f"höchstens {track.budget.max_days} Tag(e)"
    if days <= track.budget.max_days:
        return Outcome(expected, f"{days} Tag(e)")
    return Outcome(
        expected,
        f"{days} Tag(e)",
        (
            Issue(
                f"{ctx.totals.praesenz} WSt Präsenz ergeben {days} Tage; vorgesehen ist {expected}.",
                ("modules",),
                at_key=True,
            ),
        ),
    )
