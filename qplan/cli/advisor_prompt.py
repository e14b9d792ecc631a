"""The questions `qplan plan` asks on a terminal when no format is given."""

from __future__ import annotations

import sys

from qplan.errors import UsageError
from qplan.models.catalog import Catalog


def _choose(question: str, options: list[str]) -> int:
    sys.stderr.write(f"\n{question}\n")
    for number, text in enumerate(options, 1):
        sys.stderr.write(f"  {number}) {text}\n")
    while True:
        sys.stderr.write(f"Auswahl (1–{len(options)}): ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        if not line:
            raise UsageError("Keine Antwort erhalten; --format angeben oder --no-input verwenden.")
        answer = line.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return int(answer) - 1
        sys.stderr.write("Bitte eine der Nummern eingeben.\n")


def ask(catalog: Catalog) -> tuple[str, str | None, tuple[str, ...]]:
    """Ask the advisor's questions; return the recommended format, field and (Vertiefung) modules."""
    advisor = catalog.advisor
    if advisor is None:
        raise UsageError("--format fehlt, und der Katalog enthält keine Fragen zur Empfehlung.")
    answers = {}
    for question in advisor.questions:
        index = _choose(question.text, [a.text for a in question.answers])
        answers[question.id] = question.answers[index].id
    rec = advisor.recommend(answers)
    if rec is None:
        raise UsageError("Für diese Antworten gibt es keine Empfehlung; bitte --format angeben.")
    fmt = catalog.format_by_id.get(rec.format)
    field = f", Aufgabenfeld {rec.field}" if rec.field else ""
    sys.stderr.write(f"\nEmpfehlung: {fmt.name if fmt else rec.format}{field}.\n{rec.reason}\n\n")
    modules: tuple[str, ...] = ()
    if rec.format == "vertiefung":
        choices = [m for m in catalog.modules if m.format == "vertiefung"]
        sys.stderr.write("Module der Vertiefung (Basismodule sind ebenfalls wählbar):\n")
        for module in choices:
            sys.stderr.write(f"  {module.id}  {module.title}\n")
        sys.stderr.write("Welche Module? Kennungen mit Komma, z. B. V01,V05: ")
        sys.stderr.flush()
        line = sys.stdin.readline()
        modules = tuple(part.strip().upper() for part in line.split(",") if part.strip())
        if not modules:
            raise UsageError("Keine Module gewählt; mit --module ID wählen.")
    return rec.format, rec.field, modules
