"""`qplan migrate`: plan files follow a newer catalogue edition."""

from pathlib import Path
from typing import Annotated

import typer

from qplan.cli.common import today
from qplan.errors import EXIT_FINDINGS

MIGRATE_EXIT = (
    "Exit-Codes: 0 nachgeführt (oder schon aktuell) · 1 ein Plan konnte nicht nachgeführt werden "
    "(er bleibt unverändert) · 2 Aufruf oder Datei nicht verwendbar · 3 interner Fehler."
)


def migrate(
    paths: Annotated[list[Path], typer.Argument(metavar="PLAN...", help="Plan-Dateien.")],
    to: Annotated[
        Path, typer.Option("--to", metavar="KATALOG", help="Der Katalog der neuen Ausgabe (mit Übergangstabelle).")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Nur zeigen, was sich ändert; nichts schreiben.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Auch schreiben, wenn der Plan gegen eine Regel der neuen Ausgabe verstößt.")
    ] = False,
    allow_drop: Annotated[
        bool,
        typer.Option("--allow-drop", help="Erledigte oder anerkannte Module, die entfallen, aus dem Plan nehmen."),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Das Ergebnis als JSON auf stdout.")] = False,
) -> None:
    """Plan-Dateien auf eine neue Ausgabe des Katalogs bringen.

    Die Übergangstabelle der neuen Ausgabe sagt, welche Module umbenannt, geteilt,
    zusammengelegt oder entfallen sind. Erledigte und anerkannte Module bleiben es (auch in
    jedem Teil eines geteilten Moduls), Kommentare bleiben stehen. Je Plan steht da, was sich
    ändert; geschrieben wird nur ein Plan, der nach der neuen Ausgabe gültig ist.
    """
    from qplan.cli.output import message, print_json
    from qplan.models.migration import MigrateRequest
    from qplan.run.data import load_catalog
    from qplan.run.migrate import execute

    target = load_catalog(str(to))
    outcome = execute(MigrateRequest(tuple(str(p) for p in paths), dry_run, force, allow_drop), target, today=today())
    if json:
        print_json(
            [
                {
                    "path": p.path,
                    "from_edition": p.from_edition,
                    "to_edition": p.to_edition,
                    "changes": list(p.changes),
                    "problems": list(p.problems),
                    "findings": [f.as_dict() for f in p.findings],
                    "written": p.written,
                }
                for p in outcome.plans
            ]
        )
    else:
        for plan in outcome.plans:
            message(f"{plan.path}: Ausgabe {plan.from_edition or '(ohne Angabe)'} → {plan.to_edition}")
            for line in (*plan.changes, *plan.problems):
                message(f"  {line}")
            for finding in plan.findings:
                message(f"  {finding.format()}")
            message(f"  {_verdict(plan, dry_run)}")
    if not outcome.ok:
        raise typer.Exit(EXIT_FINDINGS)


def _verdict(plan, dry_run: bool) -> str:  # type: ignore[no-untyped-def]
    if plan.unchanged:
        return "Schon auf dieser Ausgabe; unverändert."
    if plan.problems:
        consent = " Mit --allow-drop entfallen erledigte Module trotzdem." if plan.drops_done else ""
        return f"Nicht nachgeführt; die Datei bleibt unverändert.{consent}"
    if plan.written:
        return "Geschrieben." if not plan.findings else "Geschrieben (mit --force, trotz der Fehler oben)."
    if plan.findings:
        return "Nicht geschrieben: der nachgeführte Plan verstößt gegen Regeln der neuen Ausgabe (--force schreibt)."
    return "Probelauf: nichts geschrieben." if dry_run else "Unverändert."


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import flowing

    app.command(
        "migrate",
        help=flowing(migrate.__doc__ or ""),
        epilog=f"Beispiel: qplan migrate plaene/*.yaml --to katalog-2030.yaml --dry-run\n\n{MIGRATE_EXIT}",
        options_metavar="[OPTIONEN]",
    )(migrate)
