"""Writing certificates: a learner's own (HTML or Markdown), or a provider's batch, one file
per participant, written only when none of the targets exists (or with --force)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from qplan.errors import EXIT_FINDINGS, UsageError

if TYPE_CHECKING:
    from qplan.models.catalog import Catalog


def _write(target: str, data: bytes, *, force: bool) -> None:
    if target == "-":
        sys.stdout.write(data.decode("utf-8"))
        return
    from qplan.fsio import write_atomic

    write_atomic(Path(target), data, overwrite=force)
    sys.stderr.write(f"{target} geschrieben.\n")


def single(
    path: str,
    modules: tuple[str, ...],
    catalog: Catalog,
    *,
    html: str | None,
    markdown: str | None,
    force: bool,
    as_json: bool,
) -> None:
    from qplan.cli.common import today
    from qplan.cli.output import message, print_json
    from qplan.models.certificate import CertificateRequest
    from qplan.render import certificate as render
    from qplan.run.certificate import execute

    if html == "-" and markdown == "-":
        raise UsageError("Nur eine Ausgabe kann nach stdout (-) gehen.")
    if as_json and "-" in (html, markdown):
        raise UsageError("--json und eine Ausgabe nach stdout (-) schließen sich aus.")
    if path != "-" and not Path(path).exists():
        raise UsageError(f"{path}: Die Datei gibt es nicht.")
    certificate, still_open = execute(CertificateRequest(path, modules), catalog, today=today())
    for module in still_open:
        message(f"{module} ist noch nicht erledigt: nicht bescheinigt.")
    if certificate is None:
        message(
            f"{path}: Kein erledigtes Modul{' unter den gewählten' if modules else ''}; "
            "es gibt nichts zu bescheinigen (erledigt markieren mit: qplan done PLAN MODUL)."
        )
        raise typer.Exit(EXIT_FINDINGS)
    written = []
    for target, data in ((html, render.html), (markdown, render.markdown)):
        if target:
            _write(target, data(certificate).encode("utf-8"), force=force)
            written.append(target)
    if as_json:
        print_json(
            {
                "written": written,
                "attended": [m.id for m in certificate.attended],
                "recognised": [m.id for m in certificate.recognised],
                "wst": certificate.wst,
                "hours": certificate.minutes / 60,
            }
        )


def _file_name(offer: str, path: str, used: set[str]) -> str:
    """`A00003-plan-name.html`; a second plan file of the same name gets `-2`."""
    stem = re.sub(r"[^\w.-]+", "-", Path(path).stem, flags=re.UNICODE).strip("-.") or "plan"
    name, number = f"{offer}-{stem}.html", 2
    while name in used:
        name, number = f"{offer}-{stem}-{number}.html", number + 1
    used.add(name)
    return name


def _write_all(planned: list[tuple[Any, Path]], out_dir: Path, *, force: bool) -> None:
    """Every certificate of the batch, or none when one of the files is there already."""
    from qplan.fsio import write_atomic
    from qplan.render import certificate as render

    existing = [str(target) for _, target in planned if os.path.lexists(target)]
    if existing and not force:
        raise UsageError(
            f"Schon vorhanden (mit --force überschreiben; nichts wurde geschrieben): {', '.join(existing)}"
        )
    if planned and not out_dir.exists():
        try:
            out_dir.mkdir()
        except OSError as exc:
            raise UsageError(f"--out-dir {out_dir}: Der Ordner kann nicht angelegt werden ({exc.strerror}).") from None
    for entry, target in planned:
        assert entry.certificate is not None
        write_atomic(target, render.html(entry.certificate).encode("utf-8"), overwrite=force)


def batch(offer: str, paths: tuple[str, ...], out_dir: Path, catalog: Catalog, *, force: bool, as_json: bool) -> None:
    from qplan.cli.common import today
    from qplan.cli.output import message, print_json
    from qplan.models.certificate import BatchRequest
    from qplan.run.certificate import batch as run_batch

    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out-dir {out_dir}: Das ist kein Ordner.")
    entries = list(run_batch(BatchRequest(offer, paths), catalog, today=today()))
    used: set[str] = set()
    planned = [(e, out_dir / _file_name(offer, e.path, used)) for e in entries if e.certificate is not None]
    _write_all(planned, out_dir, force=force)
    counts: dict[str, int] = {}
    for entry in entries:
        if entry.skipped:
            counts[entry.skipped] = counts.get(entry.skipped, 0) + 1
    failed = [e for e in entries if e.skipped == "unusable"]
    summary: dict[str, Any] = {
        "offer": offer,
        "written": [str(t) for _, t in planned],
        "not_booked": counts.get("not_booked", 0),
        "nothing_done": counts.get("nothing_done", 0),
        "unusable": [{"path": e.path, "error": e.error} for e in failed],
    }
    if as_json:
        print_json(summary)
    message(
        f"Angebot {offer}: {len(planned)} Bescheinigung(en) in {out_dir} geschrieben; "
        f"{summary['nothing_done']} Teilnehmende ohne erledigtes Modul des Angebots, "
        f"{summary['not_booked']} Plan-Datei(en) ohne dieses Angebot."
    )
    for entry in failed:
        message(f"nicht verwendbar: {entry.error}")
    if not planned:
        raise typer.Exit(EXIT_FINDINGS)
