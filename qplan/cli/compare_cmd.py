"""`qplan compare` and `qplan schema`: the fields side by side, the plan document's schema."""

from typing import TYPE_CHECKING, Annotated

import typer

from qplan.cli import choices
from qplan.cli.common import catalog_of, today
from qplan.models.common import PLAN_FIELDS

if TYPE_CHECKING:
    from qplan.models.results import PlanResult


def compare(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--start", metavar="JJJJ-MM[-TT]", help="Beginn für die Dauer.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Koordination, Steuerung und beide Felder nebeneinander: Module, Stunden, Dauer."""
    from qplan.models.requests import PlanRequest
    from qplan.render.compare import compare_data, compare_table
    from qplan.run.plan import plan as make_plan

    catalog = catalog_of(ctx)
    start_date = choices.start("--start", start)
    results: dict[str, PlanResult] = {
        field: make_plan(catalog, PlanRequest(format="basis", field=field, start=start_date), today=today())
        for field in PLAN_FIELDS
    }
    from qplan.run.plan import profile_for

    data = compare_data(results, catalog, {field: profile_for(r.doc, catalog) for field, r in results.items()})
    if json:
        from qplan.cli.output import print_json

        print_json(data)
        return
    from qplan.cli.output import console

    out = console()
    out.print(compare_table(data, catalog, out.width))


def schema() -> None:
    """Das Schema der Plan-Dokumente als JSON Schema (für Editoren)."""
    from qplan.cli.output import print_json
    from qplan.run.plan import plan_schema

    data = plan_schema()
    data = {"$schema": "https://json-schema.org/draft/2020-12/schema", **data, "title": "qplan-Plan-Dokument"}
    print_json(data)


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    for name, command in (("compare", compare), ("schema", schema)):
        app.command(name, epilog=epilog(name), options_metavar="[OPTIONEN]")(command)
