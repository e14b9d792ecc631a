"""What several commands share: the catalogue of this run, today's date, output modes."""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:
    from qplan.models.catalog import Catalog
    from qplan.models.providers import ProviderCatalog
    from qplan.models.requests import DataFiles
    from qplan.models.results import Report


def data_files(ctx: typer.Context) -> DataFiles:
    """The global options --catalog, --providers and --funding, as one typed value."""
    from qplan.models.requests import DataFiles

    files = ctx.find_root().obj
    return files if isinstance(files, DataFiles) else DataFiles()


def catalog_of(ctx: typer.Context) -> Catalog:
    from qplan.run.data import load_catalog

    return load_catalog(data_files(ctx).catalog)


def providers_of(ctx: typer.Context, catalog: Catalog) -> ProviderCatalog:
    from qplan.run.data import Providers

    return Providers(data_files(ctx).providers, catalog).get()


def providers_option(ctx: typer.Context) -> str | None:
    """The --providers option given before the command, if any."""
    return data_files(ctx).providers


def today() -> date:
    """Today, or `QPLAN_TODAY` (JJJJ-MM-TT) so that examples and tests are reproducible."""
    fixed = os.environ.get("QPLAN_TODAY")
    if fixed:
        from qplan.dates import parse_day
        from qplan.errors import UsageError

        try:
            return parse_day(fixed)
        except ValueError as exc:
            raise UsageError(f"QPLAN_TODAY={fixed}: {exc}") from None
    return date.today()


def finish_data_check(report: Report[Any], *, as_json: bool, summary: str) -> None:
    """Print the check of a data file (catalogue, providers) and exit 0, 1 or 2."""
    from qplan.cli.output import message, print_json
    from qplan.errors import EXIT_FINDINGS, EXIT_USAGE

    if as_json:
        print_json(
            {
                "path": report.label,
                "ok": report.ok,
                "usable": report.usable,
                "findings": [f.as_dict() for f in report.findings],
            }
        )
    else:
        for finding in report.findings:
            message(finding.format())
        message(f"{report.label}: {summary if report.ok else f'{len(report.findings)} Problem(e)'}.")
    if not report.usable:
        raise typer.Exit(EXIT_USAGE)
    if not report.ok:
        raise typer.Exit(EXIT_FINDINGS)
