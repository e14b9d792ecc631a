"""`qplan funding` (the application summary, the programme report, the rules file) and
`qplan certificate` (Teilnahmebescheinigung)."""

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from qplan.cli.common import catalog_of, data_files, providers_option
from qplan.cli.helptext import epilog
from qplan.errors import EXIT_FINDINGS, UsageError

SUMMARY = "antrag"  # the hidden sub-command behind `qplan funding PLAN`


class _PlanFirst(TyperGroup):
    """`qplan funding PLAN` runs the summary; `report` and `check` are sub-commands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = [SUMMARY, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=_PlanFirst,
    help=(
        "Landesförderung: qplan funding PLAN zeigt je Buchung Kosten und Förderung; "
        "qplan funding report PFAD… --year JAHR zählt für die Förderstelle; "
        "qplan funding check prüft die Förderregeln. Optionen von qplan funding PLAN: --json, "
        "--funding PFAD (mehr: qplan funding PLAN --help)."
    ),
    options_metavar="[OPTIONEN]",
    subcommand_metavar="PLAN | BEFEHL [ARGUMENTE]...",
    epilog=epilog("funding"),
    no_args_is_help=True,
)

FundingOption = Annotated[
    str | None,
    typer.Option(
        "--funding", metavar="PFAD", help="Förderregeln statt der mitgelieferten fiktiven (auch QPLAN_FUNDING)."
    ),
]


def _funding(ctx: typer.Context, local: str | None) -> str | None:
    chosen: str | None = local or data_files(ctx).funding
    return chosen


@app.command(SUMMARY, hidden=True, epilog=epilog("funding"), options_metavar="[OPTIONEN]")
def summary(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PLAN", help="Plan-Dokument (YAML) oder - für stdin.")],
    funding: FundingOption = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Förderantrag eines Plans: je Buchung Angebot, Kosten, Förderung und Begründung."""
    from qplan.models.funding import FundingRequest
    from qplan.render import funding as render
    from qplan.run.funding import execute

    catalog = catalog_of(ctx)
    if path != "-" and not Path(path).exists():
        raise UsageError(f"{path}: Die Datei gibt es nicht.")
    request = FundingRequest(path, providers=providers_option(ctx), funding=_funding(ctx, funding))
    outcome = execute(request, catalog)
    result, rules = outcome.result, outcome.rules
    if json:
        from qplan.cli.output import print_json

        print_json(render.summary_data(result, rules))
    else:
        from qplan.cli.output import console, findings_to_stderr, print_folded

        out = console()
        findings_to_stderr(result.findings)
        if not result.bookings:
            out.print(f"{result.label}: keine Buchungen (kein Modul mit „offer“); Förderung 0 €.", markup=False)
        else:
            out.print(render.summary_table(result, rules, out.width))
        print_folded(out, "\n".join(render.summary_lines(result, rules)))
    if not result.complete:
        raise typer.Exit(EXIT_FINDINGS)


@app.command("report", epilog=epilog("funding report"), options_metavar="[OPTIONEN]")
def report(
    ctx: typer.Context,
    paths: Annotated[list[str], typer.Argument(metavar="PFAD...", help="Plan-Dateien oder Ordner (*.yaml, *.yml).")],
    year: Annotated[int, typer.Option("--year", metavar="JAHR", help="Das Förderjahr (Beginn der Angebote).")],
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit-Code 1, wenn die Haushaltsmittel überschritten sind.")
    ] = False,
    funding: FundingOption = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Bericht für die Förderstelle: Teilnahmen, WSt und Förderung eines Jahres nach
    Regierungsbezirk, Format, Form und Zielgruppe, gegen die Haushaltsmittel. Nur Zahlen, keine Namen."""
    from qplan.dates import FIRST_YEAR, LAST_YEAR
    from qplan.models.funding import FundingReportRequest
    from qplan.render import funding as render
    from qplan.run.funding_report import execute

    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"--year {year}: ein Jahr zwischen {FIRST_YEAR} und {LAST_YEAR}.")
    files = data_files(ctx)
    request = FundingReportRequest(
        paths=tuple(paths),
        year=year,
        strict=strict,
        catalog=files.catalog,
        providers=files.providers,
        funding=_funding(ctx, funding),
    )
    result = execute(request, catalog_of(ctx))
    from qplan.cli.output import console, message, print_folded, print_json

    if json:
        print_json(render.report_data(result))
    else:
        out = console()
        print_folded(out, "\n".join(render.report_lines(result)))
        if result.total.participations:
            for table in render.report_tables(result, out.width):
                out.print()
                out.print(table)
    for line in render.failed_lines(result):
        message(line)
    if strict and result.over_budget:
        message(f"Die Haushaltsmittel {year} sind überschritten (--strict).")
        raise typer.Exit(EXIT_FINDINGS)


@app.command("check", epilog=epilog("funding check"), options_metavar="[OPTIONEN]")
def check(
    ctx: typer.Context,
    path: Annotated[
        str | None, typer.Argument(metavar="PFAD", help="Datei der Förderregeln; ohne Angabe die verwendete.")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Ergebnis als JSON auf stdout.")] = False,
) -> None:
    """Die Förderregeln prüfen: Schema, Beträge in ihren Grenzen, QF101–QF103."""
    from qplan.cli.common import finish_data_check
    from qplan.models.requests import DataCheckRequest
    from qplan.run.datacheck import execute

    checked = execute(DataCheckRequest("funding", path, data_files(ctx)))
    percent = f"{checked.value.share.percent} %" if checked.value else ""
    finish_data_check(checked, as_json=json, summary=f"Förderregeln stimmig (Anteil {percent})")


def certificate(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(metavar="PLAN | PFAD...", help="Ein Plan; mit --offer Plan-Dateien oder Ordner.")
    ],
    module: Annotated[
        list[str] | None, typer.Option("--module", metavar="ID", help="Nur diese erledigten Module (mehrfach).")
    ] = None,
    html: Annotated[str | None, typer.Option("--html", metavar="DATEI", help="Bescheinigung als HTML.")] = None,
    markdown: Annotated[
        str | None, typer.Option("--markdown", metavar="DATEI", help="Bescheinigung als Markdown.")
    ] = None,
    offer: Annotated[
        str | None,
        typer.Option("--offer", metavar="ANGEBOT", help="Für einen Träger: je Teilnehmende eine Bescheinigung."),
    ] = None,
    out_dir: Annotated[
        str | None, typer.Option("--out-dir", metavar="ORDNER", help="Mit --offer: Ordner für die Bescheinigungen.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Vorhandene Dateien überschreiben.")] = False,
    json: Annotated[bool, typer.Option("--json", help="Was geschrieben wurde, als JSON auf stdout.")] = False,
) -> None:
    """Teilnahmebescheinigung: erledigte Module mit Datum, Träger, Ort, WSt und Zeitstunden;
    anerkannte Module getrennt mit Begründung; offene Module nie.

    Mit --offer ANGEBOT PFAD… --out-dir ORDNER schreibt ein Träger je Teilnehmende seines
    Angebots eine eigene Datei (HTML); Namen stehen nur in der eigenen Bescheinigung.
    """
    from qplan.cli import certificate_out

    catalog = catalog_of(ctx)
    if offer is not None:
        if html or markdown or module:
            raise UsageError(
                "--offer schreibt je Teilnehmende eine HTML-Datei nach --out-dir; ohne --html/--markdown/--module."
            )
        if not out_dir:
            raise UsageError("--offer braucht --out-dir ORDNER.")
        certificate_out.batch(offer.strip().upper(), tuple(paths), Path(out_dir), catalog, force=force, as_json=json)
        return
    if out_dir:
        raise UsageError("--out-dir gilt nur mit --offer.")
    if len(paths) != 1:
        raise UsageError("Eine Bescheinigung gilt einem Plan; für mehrere Plan-Dateien --offer ANGEBOT verwenden.")
    if not (html or markdown):
        raise UsageError("--html DATEI oder --markdown DATEI angeben.")
    from qplan.cli.choices import module_ids

    certificate_out.single(
        paths[0], module_ids(module), catalog, html=html, markdown=markdown, force=force, as_json=json
    )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="funding")
    root.command("certificate", epilog=epilog("certificate"), options_metavar="[OPTIONEN]")(certificate)
