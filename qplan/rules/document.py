"""File-level rules: the loader applies them before any rule of the programme."""

from __future__ import annotations

from qplan.findings import DUPLICATE_KEY, RESPELLED, SCHEMA, UNUSABLE, YAML_SYNTAX
from qplan.rules.registry import declare

declare(
    YAML_SYNTAX,
    "yaml-syntax",
    "error",
    "Die Datei ist kein gültiges YAML",
    """Die Datei muss ein einziges YAML-Dokument sein. Die Meldung nennt Zeile und Spalte, an
        der der Parser scheiterte; häufig sind Tabulatoren, fehlende Doppelpunkte oder nicht
        geschlossene Klammern und Anführungszeichen.""",
)
declare(
    SCHEMA,
    "schema",
    "error",
    "Die Datei passt nicht zum Schema",
    """Jeder Schlüssel muss bekannt sein und den erwarteten Typ haben. `no`, `off` oder `12:30`
        sind Text, keine Wahrheitswerte oder Zahlen; Datumsangaben haben die Form JJJJ-MM-TT.
        `qplan schema` gibt das Schema als JSON Schema aus.""",
)
declare(
    DUPLICATE_KEY,
    "doppelter-schluessel",
    "error",
    "Schlüssel doppelt in einer Zuordnung",
    """YAML-Leser übernehmen bei doppelten Schlüsseln still den letzten Wert. qplan meldet beide
        Zeilen, damit nichts unbemerkt verloren geht.""",
)
declare(
    UNUSABLE,
    "unbrauchbar",
    "error",
    "Die Datei kann nicht gelesen werden",
    """Leere Dateien, Binärdaten, andere Kodierungen als UTF-8, zu große Dateien, zu tiefe
        Verschachtelung und Alias-Bomben werden abgewiesen, ohne sie ganz zu lesen.""",
)
declare(
    RESPELLED,
    "schreibweise",
    "info",
    "Wert anders geschrieben als vorgesehen, so gelesen",
    """Wie auf der Kommandozeile nimmt qplan auch in Dateien `Basis`, `Einführung`, `m01` oder
        `Präsenz` an und liest sie als `basis`, `einfuehrung`, `M01` und `praesenz`. Der Hinweis nennt
        die vorgesehene Schreibweise, damit andere Werkzeuge (und das JSON Schema) die Datei ebenso
        lesen.""",
)
