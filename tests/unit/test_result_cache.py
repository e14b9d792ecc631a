"""The result cache of `check`: a file's findings are reused only when nothing they depend on changed."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import qplan
from qplan.loading import result_cache
from qplan.models.requests import CheckRequest
from qplan.models.results import FileResult
from qplan.run.check import Batch, plan_paths
from qplan.run.data import catalog_path, load_catalog, providers_path
from tests.kit import ROOT, TODAY, run_cli

EXAMPLES = ROOT / "tests" / "examples"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("QPLAN_CACHE_DIR", str(folder))
    yield folder


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for source in sorted((EXAMPLES / "valid").glob("*.yaml"))[:3] + sorted((EXAMPLES / "invalid").glob("*.yaml"))[:5]:
        shutil.copy(source, folder / source.name)
    return folder


def run(request: CheckRequest) -> tuple[list[FileResult], int]:
    """The results of a batch and how many came from the cache."""
    batch = Batch(request, load_catalog(request.catalog))
    results = list(batch.results(plan_paths(request.paths)))
    return results, batch.reused


def request_for(folder: Path, **changes: object) -> CheckRequest:
    return replace(CheckRequest(paths=(str(folder),), today=TODAY, jobs=1), **changes)  # type: ignore[arg-type]


def test_an_unchanged_file_is_not_checked_again(cache_dir: Path, plans: Path) -> None:
    first, reused = run(request_for(plans))
    assert reused == 0
    again, reused = run(request_for(plans))
    assert reused == len(first) == 8
    assert again == first  # the same findings, the same places, the same paths
    info = os.lstat(cache_dir)
    assert info.st_mode & 0o777 == 0o700


def test_the_pool_reads_and_writes_the_cache_too(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    source = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    for number in range(400):
        (folder / f"p{number:03d}.yaml").write_text(source)
    first, reused = run(request_for(folder, jobs=2))
    assert reused == 0
    again, reused = run(request_for(folder, jobs=2))
    assert reused == 400 and again == first


def _copy_with_comment(source: Path, target: Path) -> str:
    target.write_bytes(source.read_bytes() + b"\n# unchanged in meaning, changed in bytes\n")
    return str(target)


@pytest.mark.parametrize(
    "change",
    ["file", "catalogue", "providers", "version", "rules", "select", "ignore", "strict"],
)
def test_a_change_to_any_input_invalidates(
    cache_dir: Path, plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    base = request_for(plans)
    first, _ = run(base)
    assert run(base)[1] == 8
    changed = base
    if change == "file":
        target = plans / sorted(os.listdir(plans))[0]
        target.write_bytes(target.read_bytes() + b"\n# edited\n")
    elif change == "catalogue":
        changed = replace(base, catalog=_copy_with_comment(catalog_path(None), tmp_path / "modules.yaml"))
    elif change == "providers":
        changed = replace(base, providers=_copy_with_comment(providers_path(None), tmp_path / "providers.yaml"))
    elif change == "version":
        monkeypatch.setattr(qplan, "__version__", qplan.__version__ + ".post1")
    elif change == "rules":
        rule_source = Path(qplan.__file__).parent / "rules" / "dates.py"
        info = rule_source.stat()
        os.utime(rule_source, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
        try:
            assert run(base)[1] == 0
        finally:
            os.utime(rule_source, ns=(info.st_atime_ns, info.st_mtime_ns))
        return
    elif change == "select":
        changed = replace(base, select=("QP1",))
    elif change == "ignore":
        changed = replace(base, ignore=("QP3",))
    elif change == "strict":
        changed = replace(base, strict=True)
    results, reused = run(changed)
    assert reused == (7 if change == "file" else 0)
    if change in ("version", "strict", "catalogue", "providers"):
        assert results == first  # the same verdict, newly computed


def test_a_result_that_depends_on_today_holds_until_its_date(cache_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    text = (EXAMPLES / "valid" / "beide-kombiniert.yaml").read_text()
    assert "    date: 2027-04-01\n    done: false\n" in text
    (folder / "plan.yaml").write_text(
        text.replace("date: 2027-04-01\n    done: false", "date: 2027-04-01\n    done: true", 1)
    )
    before, reused = run(request_for(folder, today=TODAY))
    assert reused == 0 and [f.code for f in before[0].findings] == ["QP306"]
    later, reused = run(request_for(folder, today=date(2027, 3, 31)))
    assert reused == 1 and later == before  # the date still lies ahead
    on_the_day, reused = run(request_for(folder, today=date(2027, 4, 1)))
    assert reused == 0 and on_the_day[0].findings == ()
    back, reused = run(request_for(folder, today=date(2026, 12, 24)))
    assert back == before  # an entry for each side of the date is not kept: the newer one replaced it
    assert reused == 0


def test_no_cache_reads_and_writes_nothing(cache_dir: Path, plans: Path) -> None:
    run(request_for(plans, use_cache=False))
    assert not (cache_dir / result_cache.FILE_NAME).exists()
    run(request_for(plans))
    assert run(request_for(plans, use_cache=False))[1] == 0
    result = run_cli("check", str(plans), "--no-cache", "--quiet")
    assert result.code == 1 and "8 Datei(en) geprüft" in result.stderr


def test_a_tampered_entry_is_not_used(cache_dir: Path, plans: Path) -> None:
    first, _ = run(request_for(plans))
    database = sqlite3.connect(cache_dir / result_cache.FILE_NAME)
    with database:
        database.execute('UPDATE results SET payload = \'[["QP999", "fatal", 1, 0, "x"]]\'')
    database.close()
    again, reused = run(request_for(plans))
    assert reused == 0 and again == first


def test_a_cache_folder_others_may_write_is_not_used(cache_dir: Path, plans: Path) -> None:
    run(request_for(plans))
    os.chmod(cache_dir, 0o777)
    try:
        assert run(request_for(plans))[1] == 0
    finally:
        os.chmod(cache_dir, 0o700)


def test_the_oldest_entries_go_first(cache_dir: Path) -> None:
    writer = result_cache.Writer.open(max_bytes=64 << 10)
    assert writer is not None
    payload = "[" + ", ".join(['["QP106", "warning", "Modul M02 hat laut Katalog 6 WSt.", 5, 39]'] * 4) + "]"
    for number in range(2000):
        key = result_cache.key_for(b"settings", f"plan-{number:04d}.yaml")
        writer.add(result_cache.Entry(key, result_cache.digest(b"%d" % number), 0, result_cache.FOREVER, payload))
        if number % 500 == 499:
            writer.flush()
            database = writer._db
            database.execute("UPDATE results SET used = used - ?", (4 - number // 500,))  # older batches first
    writer.close()
    database = sqlite3.connect(cache_dir / result_cache.FILE_NAME)
    kept = database.execute("SELECT count(*) FROM results").fetchone()[0]
    size = os.path.getsize(cache_dir / result_cache.FILE_NAME)
    database.close()
    assert 0 < kept < 2000 and size <= 64 << 10
    reader = result_cache.ResultCache.open()
    assert reader is not None
    newest = result_cache.key_for(b"settings", "plan-1999.yaml")
    oldest = result_cache.key_for(b"settings", "plan-0000.yaml")
    assert reader.get(newest, result_cache.digest(b"1999"), TODAY) == payload
    assert reader.get(oldest, result_cache.digest(b"0"), TODAY) is None
    reader.close()


def test_only_qp306_reads_today() -> None:
    """`today_dates` names the dates QP306 compares with today; a new rule that reads today
    must teach it its dates, or cached results would outlive their day."""
    rules = Path(qplan.__file__).parent / "rules"
    readers = {
        path.name: path.read_text().count(".today") for path in rules.glob("*.py") if ".today" in path.read_text()
    }
    assert readers == {"context.py": 1, "dates.py": 1}  # the context keeps it, QP306 reads it


def test_a_file_that_is_no_database_is_made_anew(cache_dir: Path, plans: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    (cache_dir / result_cache.FILE_NAME).write_bytes(b"not a database at all\n" * 100)
    first, reused = run(request_for(plans))
    assert reused == 0
    again, reused = run(request_for(plans))
    assert reused == 8 and again == first


def test_the_time_of_use_is_written_only_when_it_is_old(cache_dir: Path, plans: Path) -> None:
    run(request_for(plans))
    database = sqlite3.connect(cache_dir / result_cache.FILE_NAME)
    with database:
        database.execute("UPDATE results SET used = 1000")
    database.close()
    assert run(request_for(plans))[1] == 8  # reused; their time of use was a long time ago: written anew
    database = sqlite3.connect(cache_dir / result_cache.FILE_NAME)
    used = {row[0] for row in database.execute("SELECT used FROM results")}
    database.close()
    assert 1000 not in used and len(used) == 1
