"""`qplan check` and `qplan rules`: validate compositions and plans like a linter."""

import sys
from typing import Annotated

import typer

from qplan.cli.common import catalog_of, today
from qplan.errors import EXIT_FINDINGS, UsageError

OUTPUT_FORMATS = ("text", "json", "github")


def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str], typer.Argument(metavar="PFAD...", help="Plan-Dokumente, Ordner (*.yaml, *.yml) oder - für stdin.")
    ],
    output: Annotated[str, typer.Option("--format", metavar="FORMAT", help="text, json oder github.")] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Auch Warnungen lassen die Prüfung scheitern.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Nur die Zusammenfassung ausgeben.")] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODE", help="Nur diese Regeln (Präfix, z. B. QP3; mehrfach)."),
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODE", help="Diese Regeln auslassen (Präfix; mehrfach).")
    ] = None,
) -> None:
    """Plan-Dokumente und Zusammenstellungen von Trägern gegen die Regeln des Programms prüfen.

    Jede Meldung: PFAD:ZEILE:SPALTE: \\[error|warning|info] Text (CODE). `qplan rules` erklärt die Codes.

    Exit-Codes: 0 keine Fehler (Warnungen erlaubt, außer mit --strict) · 1 Fehler gefunden ·
    2 Aufruf fehlerhaft oder Pfad nicht vorhanden.
    """
    from qplan.checker import expand_paths, selector
    from qplan.rules import RULES

    if output not in OUTPUT_FORMATS:
        raise UsageError(f"--format {output}: erlaubt sind {', '.join(OUTPUT_FORMATS)}.")
    codes = [*(select or []), *(ignore or [])]
    for code in codes:
        if not any(known.startswith(code.upper()) for known in RULES):
            raise UsageError(f"Regel {code} gibt es nicht; `qplan rules` listet alle.")
    files = expand_paths(paths)
    if files.count("-") > 1:
        raise UsageError("- (stdin) darf nur einmal vorkommen.")
    catalog = catalog_of(ctx)
    run = _run(files, catalog, strict, quiet, selector(select or [], ignore or []), _lazy_providers(ctx, catalog))
    _report(run, output, quiet)
    if not run.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _lazy_providers(ctx: typer.Context, catalog):  # type: ignore[no-untyped-def]
    """The providers file, loaded on the first plan that names an offer."""
    loaded: list[object] = []

    def get():  # type: ignore[no-untyped-def]
        if not loaded:
            from qplan.cli.common import providers_of

            loaded.append(providers_of(ctx, catalog))
        return loaded[0]

    return get


def _run(files: list[str], catalog, strict: bool, quiet: bool, enabled, providers):  # type: ignore[no-untyped-def]
    from qplan.checker import check_paths
    from qplan.cli.output import color_allowed

    day = today()
    if len(files) <= 20 or quiet or not color_allowed(sys.stderr):
        return check_paths(files, catalog, today=day, enabled=enabled, strict=strict, providers=providers)
    from rich.progress import Progress

    from qplan.cli.output import console

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("Prüfe", total=len(files))
        return check_paths(
            files,
            catalog,
            today=day,
            enabled=enabled,
            strict=strict,
            progress=lambda n: bar.advance(task, n),
            providers=providers,
        )


def _report(run, output: str, quiet: bool) -> None:  # type: ignore[no-untyped-def]
    from qplan.render import findings as render

    if output == "json":
        from qplan.cli.output import print_json

        print_json(render.json_data(run))
        return
    lines = [] if quiet else (render.github_lines(run) if output == "github" else render.text_lines(run))
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stderr.write(render.summary(run) + "\n")


def rules(
    code: Annotated[str | None, typer.Argument(metavar="CODE", help="Eine Regel ausführlich, z. B. QP103.")] = None,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Alle Regeln mit Code, Schwere und Kurzbeschreibung; mit CODE die ausführliche Erklärung."""
    from qplan.consistency import CATALOG_RULES
    from qplan.rules import RULES

    chosen = sorted(RULES.values(), key=lambda r: r.code)
    if code is not None:
        chosen = [r for r in chosen if r.code == code.upper()]
        if not chosen:
            raise UsageError(f"Regel {code} gibt es nicht; `qplan rules` listet alle.")
    if json:
        from qplan.cli.output import print_json

        data = [
            {"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary, "explanation": r.explanation}
            for r in chosen
        ]
        print_json(
            {
                "rules": data,
                "catalog_rules": []
                if code
                else [{"code": c, "severity": "error", "summary": s} for c, s in CATALOG_RULES.items()],
            }
        )
        return
    from qplan.cli.output import console

    out = console()
    if code is not None:
        rule = chosen[0]
        out.print(f"{rule.code} {rule.name} [{rule.severity}]\n{rule.summary}\n\n{rule.explanation}", markup=False)
        return
    from rich.table import Table

    table = Table(title="Regeln für Plan-Dokumente", title_justify="left", header_style="bold")
    for column in ("Code", "Name", "Schwere", "Beschreibung"):
        table.add_column(column)
    for rule in chosen:
        table.add_row(rule.code, rule.name, rule.severity, rule.summary)
    out.print(table)
    cat_table = Table(title="Prüfungen des Katalogs (qplan catalog check)", title_justify="left", header_style="bold")
    cat_table.add_column("Code")
    cat_table.add_column("Beschreibung")
    for c, summary in CATALOG_RULES.items():
        cat_table.add_row(c, summary)
    out.print(cat_table)


def register(app: typer.Typer) -> None:
    app.command("check", options_metavar="[OPTIONEN]")(check)
    app.command("rules", options_metavar="[OPTIONEN]")(rules)
