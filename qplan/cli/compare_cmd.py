"""`qplan compare` and `qplan schema`: the fields side by side, the plan document's schema."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import data_files, today
from qplan.errors import UsageError

if TYPE_CHECKING:
    pass


def compare(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--start", metavar="JJJJ-MM[-TT]", help="Beginn für die Dauer.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Koordination, Steuerung und beide Felder nebeneinander: Module, Stunden, Dauer."""
    from qplan.models.requests import CompareRequest
    from qplan.render.compare import compare_data, compare_table
    from qplan.run.compare import execute

    request = CompareRequest(today=today(), start=choices.start("--start", start), files=data_files(ctx))
    comparison = execute(request)
    data = compare_data(dict(comparison.results), comparison.catalog, dict(comparison.profiles))
    if json:
        from qplan.cli.output import print_json

        print_json(data)
        return
    from qplan.cli.output import console

    out = console()
    out.print(compare_table(data, comparison.catalog, out.width))


def schema(
    ctx: typer.Context,
    out: Annotated[
        Path | None, typer.Option("--out", metavar="DATEI", help="In diese Datei schreiben (atomar) statt auf stdout.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Datei bei --out überschreiben.")] = False,
) -> None:
    """Das Schema der Plan-Dokumente als JSON Schema (für Editoren, mit deutschen Beschreibungen).

    Plan-Dateien von qplan nennen es in ihrer ersten Zeile (qplan-plan.schema.json im selben Ordner).
    """
    import json

    from qplan.models.requests import SchemaRequest
    from qplan.render.schema import editor_schema
    from qplan.run.schema import execute

    if force and out is None:
        raise UsageError("--force gilt nur zusammen mit --out.")
    found = execute(SchemaRequest(data_files(ctx)))
    data = editor_schema(found.schema, found.module_ids)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out is None or str(out) == "-":
        sys.stdout.write(text)
        return
    from qplan.cli.output import message
    from qplan.fsio import write_atomic

    write_atomic(out, text.encode("utf-8"), overwrite=force)
    message(f"Schema geschrieben: {out}")


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    for name, command in (("compare", compare), ("schema", schema)):
        app.command(name, epilog=epilog(name), options_metavar="[OPTIONEN]")(command)
