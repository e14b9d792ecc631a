"""A plan on the terminal or as JSON: tables, notes, progress, what changed, the verdict
(shared by `plan`, `show` and a fixed group's plan)."""

from typing import TYPE_CHECKING

from qplan.cli.common import today

if TYPE_CHECKING:
    from qplan.models.catalog import Catalog
    from qplan.models.results import PlanResult


def print_result(
    result: "PlanResult",
    catalog: "Catalog",
    *,
    as_json: bool,
    progress: bool = False,
    what_if: bool = False,
    notes: tuple[str, ...] = (),
) -> None:
    """A plan as JSON, or as tables, notes (the schedule's, then `notes`) and the verdict."""
    from qplan.render import plan as render
    from qplan.render import progress as changes

    difference = changes.difference_data(result, catalog) if what_if else None
    if as_json:
        from qplan.cli.output import print_json

        data = render.plan_data(result, catalog)
        if progress:
            data["progress"] = changes.progress_data(result, today())
        if what_if:
            data["difference"] = difference
        print_json(data)
        return
    from qplan.cli.output import console, print_folded

    out = console()
    out.print(render.schedule_table(result, catalog, out.width))
    out.print(render.budget_table(result, catalog, out.width))
    failed = render.checks_table(result, out.width)
    if failed is not None:
        out.print(failed)
    for note in (*result.schedule.notes, *notes):
        print_folded(out, f"Hinweis: {note}")
    if progress:
        for line in changes.progress_lines(result, today(), out.width):
            print_folded(out, line)
    if difference is not None:
        for line in changes.difference_lines(difference):
            print_folded(out, line)
    for line, style in render.problems(result):
        print_folded(out, line, style=style)
    print_folded(out, render.verdict(result), style=render.verdict_style(result))
