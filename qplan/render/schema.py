"""The JSON Schema of plan documents as editors use it: German descriptions, the short form
`modules: [M01, M03]`, the catalogue's module ids as choices, and an `$id`.

The shape comes from the models (pydantic writes it); this module adds what a person
reads in an editor's hover and completion. Plan files written by qplan name the schema in
their first line (`MODELINE`), as the YAML language server of VS Code and others reads it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SCHEMA_ID = "urn:qplan:plan-document:1"
SCHEMA_FILE = "qplan-plan.schema.json"  # the name `qplan schema --out` suggests; plan files point to it
MODELINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"

_TITLE = "qplan-Plan-Dokument"
_ROOT = (
    "Ein Lernpfad oder die Zusammenstellung eines Trägers für das Fortbildungsprogramm "
    "„Qualifiziert ins Quartier!“; `qplan check` prüft ihn gegen die Regeln des Programms."
)

# Per definition: its description and one per property (every property of the models has one;
# `tests/unit/test_schema.py` keeps it so).
_DESCRIPTIONS: dict[str, tuple[str, dict[str, str]]] = {
    "PlanDocument": (
        _ROOT,
        {
            "format": "Das Format: einfuehrung, basis oder vertiefung.",
            "field": "Für basis: das Aufgabenfeld (koordination, steuerung oder beide).",
            "catalog_edition": "Die Ausgabe des Katalogs, nach der der Plan gemacht ist (z. B. 2019); "
            "`qplan migrate` bringt ihn auf eine neue (Regel QP601).",
            "home": "Der eigene Regierungsbezirk (stuttgart, karlsruhe, freiburg, tuebingen): bevorzugt für "
            "Reisen, gezählt in den Übersichten der Koordinierungsstelle.",
            "target_group": "Die Zielgruppe (kommunal, fachkraefte, ehrenamt), für die Statistik und die "
            "Förderung (Regel QP108).",
            "start": "Beginn des Lernpfads (JJJJ-MM-TT); der Zeitraum des Formats zählt ab hier.",
            "bookings": "Die gebuchten Angebote: je Angebot einmal die Kosten, Förderung und der Anmeldeschluss "
            "und die Module, die es versorgt (geschrieben von `qplan plan --offers`).",
            "group": "Eine feste Lerngruppe (`qplan plan --group`): Kennung und Größe; alle Mitglieder "
            "haben dieselbe Kennung und dieselben Angebote (Regel QP403).",
            "learner": "Name der lernenden Person.",
            "organisation": "Arbeitgeber oder Organisation der lernenden Person (für Dokumente).",
            "contact": "Ansprechperson für einen Förderantrag.",
            "provider": "Für die Zusammenstellung eines Trägers: der Träger.",
            "title": "Titel der Zusammenstellung.",
            "modules": "Die Module des Pfads: je ein Eintrag mit Kennung, Phase und WSt, oder kurz nur die "
            "Kennung (M01); Phase und WSt ergänzt dann der Katalog.",
            "unavailable": "Tage ohne Präsenz (Urlaub, Sitzungen): einzelne Tage (JJJJ-MM-TT) oder Zeiträume "
            "mit start und until (Regel QP310).",
            "avoid_school_holidays": "true: keine Präsenz in den Schulferien Baden-Württembergs.",
            "self_assessment": "Die eigene Einschätzung je Kompetenz (FK1 … MK5): 0 (keine) bis 3 (sicher); "
            "`qplan profile --self` schreibt sie hierher.",
        },
    ),
    "PlanEntry": (
        "Ein Modul des Pfads: Phase, WSt, Termin (Präsenztag oder Beginn des Selbstlernfensters), "
        "Ende des Fensters und ob es erledigt ist.",
        {
            "id": "Kennung des Moduls im Katalog, z. B. M01 (`qplan catalog` listet alle).",
            "phase": "praesenz (Präsenztag) oder selbstlern (Selbstlernfenster).",
            "wst": "Wochenstunden (WSt) des Moduls.",
            "date": "Termin (JJJJ-MM-TT): der Präsenztag oder der Beginn des Selbstlernfensters.",
            "until": "Ende des Selbstlernfensters oder letzter Tag einer mehrtägigen Veranstaltung (JJJJ-MM-TT).",
            "done": "true: das Modul ist erledigt (`qplan done`).",
            "provider": "Der Träger des gewählten Angebots.",
            "offer": "Kennung des gewählten Angebots (`qplan providers`).",
            "location": "Ort der Veranstaltung.",
            "cost_eur": "Kosten des Angebots in Euro.",
            "funded": "true: das Angebot ist gefördert.",
            "registration_deadline": "Anmeldeschluss des Angebots (JJJJ-MM-TT).",
            "done_on": "Tag des Abschlusses (JJJJ-MM-TT).",
            "note": "Notiz, z. B. die Teilnahmebescheinigung.",
            "recognised": "Anerkennung vorhandener Kompetenzen (`qplan recognise`): warum, durch wen, wann, "
            "wie viele WSt.",
        },
    ),
    "Recognition": (
        "Eine Anerkennung (Vorkenntnisse, Nachweis) für ein Modul.",
        {
            "reason": "Warum anerkannt: der Nachweis oder die Vorkenntnisse (Pflicht, Regel QP501).",
            "by": "Wer anerkannt hat.",
            "on": "Tag der Anerkennung (JJJJ-MM-TT).",
            "wst": "Anerkannte WSt, wenn weniger als die des Moduls (teilweise anerkannt).",
        },
    ),
    "Booking": (
        "Ein gebuchtes Angebot: seine Kosten zählen einmal, für alle Module, die es versorgt.",
        {
            "offer": "Kennung des Angebots in der Anbieterdatei.",
            "modules": "Die Module des Plans, die das Angebot versorgt.",
            "provider": "Der Träger des Angebots.",
            "cost_eur": "Kosten des Angebots in Euro (einmal für die ganze Buchung).",
            "funded": "true: das Angebot ist gefördert (Landesförderung).",
            "registration_deadline": "Anmeldeschluss des Angebots (JJJJ-MM-TT).",
        },
    ),
    "PlanGroup": (
        "Eine feste Lerngruppe: alle Mitglieder auf denselben Angeboten, je Mitglied eine Plan-Datei.",
        {
            "id": "Kennung der Gruppe; gleich in den Plan-Dateien aller Mitglieder.",
            "size": "Zahl der Personen der Gruppe (so viele Plätze braucht jedes Angebot).",
        },
    ),
    "DaySpan": (
        "Ein Zeitraum ohne Präsenz, von start bis until (beide eingeschlossen).",
        {"start": "Erster Tag (JJJJ-MM-TT).", "until": "Letzter Tag (JJJJ-MM-TT)."},
    ),
}


def _describe(definition: dict[str, Any], name: str) -> None:
    text, properties = _DESCRIPTIONS[name]
    definition["description"] = text
    definition.pop("title", None)
    for key, prop in definition.get("properties", {}).items():
        prop.pop("title", None)
        prop["description"] = properties[key]


def editor_schema(generated: dict[str, Any], module_ids: Sequence[str]) -> dict[str, Any]:
    """The schema pydantic generated for `PlanDocument`, shaped for editors."""
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": _TITLE,
        **{k: v for k, v in generated.items() if k not in ("title", "description")},
    }
    definitions = schema.setdefault("$defs", {})
    _describe(schema, "PlanDocument")
    schema["title"] = _TITLE
    for name, definition in definitions.items():
        _describe(definition, name)
    definitions["ModuleId"] = {
        "type": "string",
        "enum": list(module_ids),
        "description": "Kennung eines Moduls im Katalog.",
    }
    # Phase and WSt may be left out: the catalogue fills them in (`qplan.planning.shorthand`).
    definitions["PlanEntry"]["required"] = ["id"]
    entry = definitions["PlanEntry"]["properties"]["id"]
    entry.clear()
    entry.update({"$ref": "#/$defs/ModuleId", "description": _DESCRIPTIONS["PlanEntry"][1]["id"]})
    modules = schema["properties"]["modules"]
    modules["items"] = {"anyOf": [{"$ref": "#/$defs/PlanEntry"}, {"$ref": "#/$defs/ModuleId"}]}
    return schema
