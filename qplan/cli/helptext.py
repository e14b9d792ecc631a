"""The closing lines of every command's help: examples to copy, and the exit codes."""

from __future__ import annotations

EXIT_REPORT = "Exit-Codes: 0 in Ordnung · 2 Aufruf fehlerhaft · 3 interner Fehler."
EXIT_CHECK = (
    "Exit-Codes: 0 in Ordnung · 1 Regeln verletzt oder Plan unvollständig · "
    "2 Aufruf oder Datei nicht verwendbar · 3 interner Fehler."
)

EXIT_CHANGE = (
    "Exit-Codes: 0 geändert · 2 Aufruf fehlerhaft, Modul nicht im Plan, Datei nicht verwendbar oder "
    "nicht beschreibbar (sie bleibt dann unverändert) · 3 interner Fehler."
)

EXAMPLES: dict[str, tuple[tuple[str, ...], str]] = {
    "plan": (
        (
            "qplan plan --format basis --field koordination --start 2027-03",
            "qplan plan --format basis --field beide --offers --region freiburg",
            "qplan plan --format basis --field beide --out plan.yaml",
        ),
        EXIT_CHECK,
    ),
    "show": (("qplan show plan.yaml", "qplan show plan.yaml --json"), EXIT_CHECK),
    "compare": (("qplan compare --start 2027-03", "qplan compare --json"), EXIT_REPORT),
    "schema": (("qplan schema > qplan-plan.schema.json",), EXIT_REPORT),
    "check": (
        ("qplan check plan.yaml", "qplan check plaene/ --format github --strict"),
        "Exit-Codes: 0 keine Fehler (Warnungen erlaubt, außer mit --strict) · 1 Fehler gefunden · "
        "2 Aufruf fehlerhaft, Pfad nicht vorhanden oder keine Plan-Dateien · 3 interner Fehler oder "
        "Dateien nicht geprüft, weil ihr Prüfprozess zweimal unerwartet endete (sie sind genannt).",
    ),
    "rules": (("qplan rules", "qplan rules QP309"), EXIT_REPORT),
    "providers": (
        ("qplan providers --module M12 --region tuebingen", "qplan providers --check --providers angebote.yaml"),
        "Exit-Codes: 0 in Ordnung · 1 --check fand Probleme · 2 Aufruf oder Datei nicht verwendbar · "
        "3 interner Fehler.",
    ),
    "export": (
        ("qplan export plan.yaml --ics plan.ics", "qplan export plan.yaml --html plan.html --force"),
        "Exit-Codes: 0 geschrieben · 2 Aufruf oder Plan nicht verwendbar, Datei schon vorhanden · 3 interner Fehler.",
    ),
    "catalog": (("qplan catalog --area LB2", "qplan catalog --format vertiefung --json"), EXIT_REPORT),
    "profile": (("qplan profile plan.yaml", "qplan profile plan.yaml --suggest 3 --json"), EXIT_REPORT),
    "done": (
        ("qplan done plan.yaml M01 M03", "qplan done plan.yaml M02 --date 2027-04-30 --note 'Bescheinigung'"),
        EXIT_CHANGE,
    ),
    "recognise": (("qplan recognise plan.yaml M05 --reason 'Zertifikat 2025' --by 'KVJS'",), EXIT_CHANGE),
    "undo": (("qplan undo plan.yaml M03",), EXIT_CHANGE),
    "replan": (("qplan replan plan.yaml --dry-run", "qplan replan plan.yaml --from 2027-09-01 --offers"), EXIT_CHANGE),
    "catalog show": (("qplan catalog show M04", "qplan catalog show LB3"), EXIT_REPORT),
    "catalog check": (
        ("qplan catalog check", "qplan catalog check eigener-katalog.yaml --json"),
        "Exit-Codes: 0 stimmig · 1 Widersprüche gefunden · 2 Datei nicht verwendbar · 3 interner Fehler.",
    ),
}


def epilog(command: str) -> str:
    examples, exits = EXAMPLES[command]
    lines = "\n\n".join(f"  {example}" for example in examples)
    return f"Beispiele:\n\n{lines}\n\n{exits}"


def flowing(doc: str) -> str:
    """A docstring as help text: paragraphs kept, the source's line breaks inside them joined
    (rich keeps every newline, which left ragged lines at any terminal width)."""
    paragraphs: list[list[str]] = [[]]
    for line in doc.strip().splitlines():
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join(" ".join(words) for words in paragraphs if words)
