"""The questions `qplan plan` asks on a terminal when no format is given."""

from __future__ import annotations

import re
import sys
import textwrap

from qplan.errors import Interrupted, UsageError
from qplan.models.catalog import Catalog


def _width() -> int:
    import shutil

    return max(40, min(100, shutil.get_terminal_size((80, 24)).columns))


def _say(text: str, indent: str = "", hanging: str = "") -> None:
    """Text wrapped at word boundaries to the terminal's width."""
    wrapped = textwrap.fill(
        text, width=_width(), initial_indent=indent, subsequent_indent=hanging or indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip
    sys.stderr.write(wrapped + "\n")


def _read(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:  # Ctrl-D
        raise Interrupted  # Ctrl-D: the same as Ctrl-C
    return line.strip()


YES = ("j", "ja", "y", "yes")
NO = ("", "n", "nein", "no")


def ask_yes_no(question: str) -> bool:
    """A yes/no question on the terminal (stderr), German: `[j/N]`, no by default."""
    while True:
        answer = _read(f"{question} [j/N]: ").casefold()
        if answer in YES or answer in NO:
            return answer in YES
        _say("Bitte mit j (ja) oder n (nein) antworten.")


def _choose(question: str, options: list[str]) -> int:
    sys.stderr.write("\n")
    _say(question)
    for number, text in enumerate(options, 1):
        _say(text, indent=f"  {number}) ", hanging="     ")
    while True:
        answer = _read(f"Auswahl (1–{len(options)}): ")
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        sys.stderr.write(f"Bitte eine Nummer von 1 bis {len(options)} eingeben.\n")


def _modules(catalog: Catalog) -> tuple[str, ...]:
    """Module ids typed with spaces or commas, in any case; a typo asks again."""
    while True:
        line = _read("Welche Module? Kennungen mit Leerzeichen oder Komma, z. B. V01 V05: ")
        chosen = tuple(dict.fromkeys(part.upper() for part in re.split(r"[\s,;]+", line) if part))
        unknown = [m for m in chosen if m not in catalog.module_by_id]
        if chosen and not unknown:
            return chosen
        if unknown:
            import difflib

            hints = []
            for mid in unknown:
                close = difflib.get_close_matches(mid, list(catalog.module_by_id), n=1, cutoff=0.5)
                hints.append(f"{mid} (meinten Sie {close[0]}?)" if close else mid)
            sys.stderr.write(f"Unbekannt: {', '.join(hints)}. Bitte noch einmal eingeben.\n")
        else:
            sys.stderr.write("Bitte mindestens ein Modul nennen.\n")


def ask(catalog: Catalog) -> tuple[str, str | None, tuple[str, ...], str | None]:
    """Ask the advisor's questions; return the recommended format, field, (Vertiefung) modules
    and the target group (None: no answer)."""
    advisor = catalog.advisor
    if advisor is None:
        raise UsageError("--format fehlt, und der Katalog enthält keine Fragen zur Empfehlung.")
    answers = {}
    for question in advisor.questions:
        index = _choose(question.text, [a.text for a in question.answers])
        answers[question.id] = question.answers[index].id
    group = _target_group(catalog, answers.get("rolle"))
    rec = advisor.recommend(answers)
    if rec is None:
        raise UsageError("Für diese Antworten gibt es keine Empfehlung; bitte --format angeben.")
    fmt = catalog.format_by_id.get(rec.format)
    field = f", Aufgabenfeld {rec.field}" if rec.field else ""
    sys.stderr.write("\n")
    _say(f"Empfehlung: {fmt.name if fmt else rec.format}{field}.")
    _say(rec.reason)
    sys.stderr.write("\n")
    modules: tuple[str, ...] = ()
    if rec.format == "vertiefung":
        _profile_hint(catalog, answers)
        _say("Module der Vertiefung (Basismodule sind ebenfalls wählbar):")
        for module in (m for m in catalog.modules if m.format == "vertiefung"):
            _say(module.title, indent=f"  {module.id}  ", hanging="       ")
        modules = _modules(catalog)
    return rec.format, rec.field, modules, group


def _target_group(catalog: Catalog, role: str | None) -> str | None:
    """The learner's Zielgruppe, for the office's counts (none: no answer); Ehrenamtliche
    said so with their role."""
    groups = catalog.target_groups.groups if catalog.target_groups else ()
    ids = [g.id for g in groups]
    if not groups or (role == "ehrenamt" and "ehrenamt" in ids):
        return "ehrenamt" if groups else None
    options = [g.name for g in groups] + ["Keine Angabe"]
    index = _choose("Zu welcher Zielgruppe des Programms gehören Sie? (für die Statistik, ohne Namen)", options)
    return ids[index] if index < len(ids) else None


def _profile_hint(catalog: Catalog, answers: dict[str, str]) -> None:
    """To deepen the Kompetenzprofil: the modules that most raise what the learner's Basis
    track leaves weakest (the competence profile of that track)."""
    field = answers.get("rolle")
    if field not in ("koordination", "steuerung", "beide"):
        return
    from datetime import date

    from qplan.models.requests import PlanRequest
    from qplan.run.plan import plan, profile_for

    track = plan(catalog, PlanRequest("basis", field), today=date.today())
    suggestions = profile_for(track.doc, catalog, suggest=3).suggestions
    if not suggestions:
        return
    name = track.track.name if track.track else field
    _say(f"Nach dem Kompetenzprofil der {name} stärken diese Module die schwächsten Kompetenzen:")
    for s in suggestions:
        raised = ", ".join(c for c, before, after in s.raises if before != after) or "–"
        _say(f"{s.title} (stärkt {raised})", indent=f"  {s.module}  ", hanging="       ")
    sys.stderr.write("\n")


def equivalent_command(
    fmt: str, field: str | None, modules: tuple[str, ...], start: str | None, target_group: str | None = None
) -> str:
    """The command that gives the same plan without the questions."""
    parts = ["qplan plan", f"--format {fmt}"]
    if field:
        parts.append(f"--field {field}")
    parts += [f"--module {m}" for m in modules]
    if start:
        parts.append(f"--start {start}")
    if target_group:
        parts.append(f"--target-group {target_group}")
    return " ".join(parts)
