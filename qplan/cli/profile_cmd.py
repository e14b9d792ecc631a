"""`qplan profile`: what a path teaches, where the gaps are, and which modules close them."""

import sys
from typing import Annotated

import typer

from qplan.cli.common import data_files, today
from qplan.errors import UsageError


def ask_self(competences) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Ask, on a terminal, how confident the learner is in each competence (0–3)."""
    from qplan.errors import Interrupted

    sys.stderr.write("Wie sicher sind Sie? 0 keine · 1 wenig · 2 einige · 3 sicher\n")
    answers = {}
    for c in competences:
        while True:
            sys.stderr.write(f"{c.id} {c.text}: ")
            sys.stderr.flush()
            line = sys.stdin.readline()
            if not line:
                raise Interrupted
            if line.strip() in ("0", "1", "2", "3"):
                answers[c.id] = int(line.strip())
                break
            sys.stderr.write("Bitte 0, 1, 2 oder 3 eingeben.\n")
    return answers


def profile(
    ctx: typer.Context,
    path: Annotated[str, typer.Argument(metavar="PLAN", help="Plan-Dokument (YAML).")],
    suggest: Annotated[
        int | None,
        typer.Option("--suggest", metavar="N", help="N Module vorschlagen, die die schwächsten Kompetenzen stärken."),
    ] = None,
    self_check: Annotated[
        bool,
        typer.Option("--self", help="Eigene Einschätzung je Kompetenz abfragen (oder aus self_assessment: der Datei)."),
    ] = False,
    json: Annotated[bool, typer.Option("--json", help="Als JSON auf stdout ausgeben.")] = False,
) -> None:
    """Das Kompetenzprofil eines Plans: zehn Kompetenzen, erledigt und geplant, die Umsetzungsphasen."""
    from qplan.models.requests import ProfileRequest
    from qplan.run.profile import answer, execute

    request = ProfileRequest(path, today(), data_files(ctx), suggest=suggest)
    found = execute(request)
    if self_check and found.doc.self_assessment is None:
        if not sys.stdin.isatty():
            raise UsageError(
                "--self fragt am Terminal; ohne Terminal die Einschätzung als self_assessment: in die Datei schreiben."
            )
        mapping = found.catalog.competence_map
        found = answer(request, found, ask_self(mapping.competences if mapping else ()))
        _kept(path)
    show(found.profile, found.catalog, found.doc, as_json=json)


def _kept(path: str) -> None:
    """Where the answers went: into the plan file, so that they are asked once (not for stdin)."""
    if path == "-":
        sys.stderr.write("Hinweis: Die Einschätzung wird nicht gespeichert (Plan von der Standardeingabe).\n")
        return
    sys.stderr.write(f"Einschätzung gespeichert in {path} (self_assessment:); neu einschätzen: den Eintrag löschen.\n")


def show(result, catalog, doc, *, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from qplan.render.profile import profile_data, profile_lines

    if as_json:
        from qplan.cli.output import print_json

        print_json(profile_data(result))
        return
    from qplan.cli.output import width_for
    from qplan.render.layout import fold

    track = catalog.track_for(doc.format, doc.field)
    width = width_for(sys.stdout)
    for line in profile_lines(result, track.name if track else doc.format):
        sys.stdout.write("".join(part + "\n" for part in fold(line, width)))


def register(app: typer.Typer) -> None:
    from qplan.cli.helptext import epilog

    app.command("profile", epilog=epilog("profile"), options_metavar="[OPTIONEN]")(profile)
