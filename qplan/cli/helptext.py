"""The closing lines of every command's help: examples to copy, and the exit codes."""

from __future__ import annotations

EXIT_REPORT = "Exit-Codes: 0 in Ordnung · 2 Aufruf fehlerhaft · 3 interner Fehler."
EXIT_CHECK = (
    "Exit-Codes: 0 in Ordnung · 1 Regeln verletzt oder Plan unvollständig · "
    "2 Aufruf oder Datei nicht verwendbar · 3 interner Fehler."
)

EXIT_CHANGE = (
    "Exit-Codes: 0 geändert · 2 Aufruf fehlerhaft, Modul nicht im Plan, Datei nicht verwendbar, "
    "nicht beschreibbar oder länger als 5 s von einem anderen Prozess gesperrt (sie bleibt dann "
    "unverändert) · 3 interner Fehler."
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
    "schema": (("qplan schema --out qplan-plan.schema.json",), EXIT_REPORT),
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
    "funding": (
        ("qplan funding plan.yaml", "qplan funding plan.yaml --json", "qplan funding report plaene/ --year 2027"),
        "Exit-Codes: 0 in Ordnung · 1 ein Angebot des Plans ist unbekannt (Förderung unvollständig) · "
        "2 Aufruf, Plan oder Förderregeln nicht verwendbar · 3 interner Fehler.",
    ),
    "funding report": (
        ("qplan funding report plaene/ --year 2027", "qplan funding report plaene/ --year 2027 --json --strict"),
        "Exit-Codes: 0 in Ordnung · 1 mit --strict: Haushaltsmittel überschritten · "
        "2 Aufruf, Pfad oder Förderregeln nicht verwendbar · 3 interner Fehler.",
    ),
    "funding check": (
        ("qplan funding check", "qplan funding check foerderung.yaml --json"),
        "Exit-Codes: 0 stimmig · 1 Widersprüche gefunden · 2 Datei nicht verwendbar · 3 interner Fehler.",
    ),
    "certificate": (
        (
            "qplan certificate plan.yaml --html bescheinigung.html",
            "qplan certificate plan.yaml --module M01 --module M03 --markdown m01-m03.md",
            "qplan certificate --offer A00003 plaene/ --out-dir bescheinigungen/",
        ),
        "Exit-Codes: 0 geschrieben · 1 nichts erledigt, nichts zu bescheinigen · "
        "2 Aufruf oder Plan nicht verwendbar, Datei schon vorhanden · 3 interner Fehler.",
    ),
    "coverage": (
        ("qplan coverage --from 2027-01 --until 2027-12-31", "qplan coverage --html abdeckung.html --fail-on-gap"),
        "Exit-Codes: 0 in Ordnung · 1 mit --fail-on-gap: Lücke gefunden · 2 Aufruf oder Anbieterdatei "
        "nicht verwendbar · 3 interner Fehler.",
    ),
    "demand": (
        ("qplan demand plaene/", "qplan demand plaene/ --json", "qplan demand plaene/ --html nachfrage.html"),
        "Exit-Codes: 0 in Ordnung · 1 ein Angebot überbucht oder Nachfrage ohne Angebot · 2 Aufruf fehlerhaft, "
        "keine Plan-Dateien oder Anbieterdatei nicht verwendbar · 3 interner Fehler.",
    ),
    "providers diff": (
        (
            "qplan providers diff alt.yaml neu.yaml",
            "qplan providers diff alt.yaml neu.yaml --plans plaene/ --format csv",
        ),
        "Exit-Codes: 0 verglichen · 2 Aufruf fehlerhaft oder eine Datei nicht verwendbar · 3 interner Fehler.",
    ),
    "team": (
        ("qplan team musterstadt.csv", "qplan team musterstadt.csv --html team.html", "qplan team a.csv b.csv --pool"),
        "Exit-Codes: 0 in Ordnung · 2 Aufruf oder Teamdatei nicht verwendbar · 3 interner Fehler.",
    ),
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
