"""`qplan plan --offers --group N|DATEI [--out-dir ORDNER]`: a fixed learning group's plan,
one plan file per member."""

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from qplan.models.catalog import Catalog
    from qplan.models.plan import PlanDocument
    from qplan.models.providers import ProviderCatalog
    from qplan.models.requests import PlanRequest, Wishes

MAX_GROUP = 500


def group_size_or_members(text: str, catalog: "Catalog") -> tuple[int, tuple[str, ...]]:
    """`--group 15` (a size) or `--group mitglieder.csv` (the members, by name)."""
    if text.strip().isdigit():
        size = int(text)
        if not 1 <= size <= MAX_GROUP:
            raise UsageError(f"--group {text}: bitte eine Gruppengröße von 1 bis {MAX_GROUP} angeben.")
        return size, ()
    if not Path(text).is_file():
        raise UsageError(f"--group {text}: weder eine Zahl (Gruppengröße) noch eine Datei mit den Mitgliedern.")
    from qplan.run.group import members_of

    names = members_of(text, catalog)
    return len(names), names


def _write_members(
    members: "tuple[tuple[str, PlanDocument], ...]", out_dir: Path, catalog: "Catalog", *, force: bool
) -> int:
    """One plan file per member (or none when one exists already without --force)."""
    from qplan.fsio import write_atomic
    from qplan.render.plan_yaml import plan_yaml

    targets = [(out_dir / name, doc) for name, doc in members]
    existing = [str(path) for path, _ in targets if path.exists()]
    if existing and not force:
        raise UsageError(
            f"{existing[0]}: Die Datei gibt es schon ({len(existing)} von {len(targets)}); "
            "mit --force überschreiben oder einen anderen Ordner wählen."
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, doc in targets:
        write_atomic(path, plan_yaml(doc, catalog).encode("utf-8"), overwrite=force)
    sys.stderr.write(f"{len(targets)} Pläne geschrieben nach {out_dir} (je Mitglied eine Datei, dieselbe Gruppe).\n")
    return len(targets)


def plan_group(
    catalog: "Catalog",
    request: "PlanRequest",
    providers: "ProviderCatalog",
    wishes: "Wishes",
    group: str,
    *,
    out_dir: Path | None,
    out: Path | None,
    force: bool,
    as_json: bool,
) -> None:
    """Plan for the group, write the members' files, print the group's plan (never a name)."""
    from dataclasses import replace

    from qplan.run.group import plan_group as make

    if out is not None and str(out) == "-":
        raise UsageError("--group schreibt mit --out-dir je Mitglied eine Datei; --out - geht dabei nicht.")
    size, names = group_size_or_members(group, catalog)
    planned = make(catalog, request, providers, replace(wishes, group_size=size), names)
    from qplan.render.plan_yaml import plan_yaml

    notes = [f"Feste Lerngruppe: {size} Personen auf denselben Angeboten (je Angebot mindestens {size} freie Plätze)."]
    written = 0
    if out_dir is not None and planned.seat_problems:
        notes.append(f"Keine Dateien nach {out_dir} geschrieben: nicht jedes Modul hat Platz für die ganze Gruppe.")
    elif out_dir is not None:
        written = _write_members(planned.members, out_dir, catalog, force=force)
    if out is not None:
        from qplan.fsio import write_atomic

        write_atomic(out, plan_yaml(planned.result.doc, catalog).encode("utf-8"), overwrite=force)
        sys.stderr.write(f"Plan geschrieben: {out}\n")
    if as_json:
        from qplan.cli.output import print_json
        from qplan.render import plan as render

        data = render.plan_data(planned.result, catalog)
        data["group"] = {
            "id": planned.group.id,
            "size": planned.group.size,
            "seat_problems": list(planned.seat_problems),
            "files_written": written,
        }
        print_json(data)
    else:
        from qplan.cli.plan_view import print_result

        print_result(planned.result, catalog, as_json=False, notes=tuple(notes))
    if not planned.result.ok:
        raise typer.Exit(EXIT_FINDINGS)
