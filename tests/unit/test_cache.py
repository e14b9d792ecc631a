"""The cache of validated data files: plain JSON, verified, never code (issue 10)."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest

from qplan.loading import cache, codec
from qplan.models.catalog import Catalog
from tests.conftest import CATALOG_PATH, ROOT, run_cli
from tests.kit import fresh_cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return fresh_cache(tmp_path, monkeypatch)


def _entry(folder: Path) -> Path:
    from qplan.run.data import load_catalog

    load_catalog(str(CATALOG_PATH))
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("catalog-")]
    return entry


def test_round_trip_gives_an_equal_catalogue(catalog: Catalog) -> None:
    again = codec.loads(codec.dumps(catalog))
    assert again == catalog and isinstance(again, Catalog)
    assert again.module_by_id["M01"].title == catalog.module_by_id["M01"].title


def test_folder_is_private_and_entries_are_json(folder: Path) -> None:
    entry = _entry(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    header, payload = entry.read_bytes().split(b"\n", 1)
    assert b'"format": "qplan-cache-1"' in header and payload.startswith(b"{")
    assert b"\x80" not in entry.read_bytes()[:2]  # no pickle


def test_a_planted_pickle_is_never_loaded(folder: Path, tmp_path: Path) -> None:
    entry = _entry(folder)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):  # type: ignore[no-untyped-def]
            return (Path.touch, (marker,))

    entry.write_bytes(pickle.dumps(Evil()))
    from qplan.run.data import load_catalog

    assert load_catalog(str(CATALOG_PATH)).modules  # rebuilt from the file
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b'{"$dc": "builtins.object", "$f": {}}',
        b'{"$dc": "qplan.models.catalog.Module", "$f": {"id": "M01"}}',
        b'{"$cls": "os.system"}',
        b"[1, 2, 3]",
        b"not json",
    ],
)
def test_foreign_or_broken_entries_are_ignored(folder: Path, payload: bytes) -> None:
    import hashlib
    import json

    entry = _entry(folder)
    key = entry.stem
    header = {"format": cache.FORMAT, "key": key, "type": "Catalog", "sha256": hashlib.sha256(payload).hexdigest()}
    entry.write_bytes(json.dumps(header).encode() + b"\n" + payload)
    assert cache.load(key, Catalog) is None
    from qplan.run.data import load_catalog

    assert load_catalog(str(CATALOG_PATH)).modules


def test_tampered_entry_fails_its_hash(folder: Path) -> None:
    entry = _entry(folder)
    raw = entry.read_bytes().replace(b"Quartierskoordination", b"Quartierskoordinatiox", 1)
    entry.write_bytes(raw)
    assert cache.load(entry.stem, Catalog) is None


def test_wrong_kind_of_value_is_ignored(folder: Path) -> None:
    entry = _entry(folder)
    assert cache.load(entry.stem, dict) is None
    assert isinstance(cache.load(entry.stem, Catalog), Catalog)


def test_fifo_at_a_key_does_not_hang(folder: Path) -> None:
    entry = _entry(folder)
    entry.unlink()
    os.mkfifo(entry)
    assert cache.load(entry.stem, Catalog) is None
    from qplan.run.data import load_catalog

    assert load_catalog(str(CATALOG_PATH)).modules


def test_symlink_at_a_key_is_not_followed(folder: Path, tmp_path: Path) -> None:
    entry = _entry(folder)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious\n")
    entry.unlink()
    entry.symlink_to(victim)
    assert cache.load(entry.stem, Catalog) is None
    from qplan.run.data import load_catalog

    load_catalog(str(CATALOG_PATH))
    assert victim.read_bytes() == b"precious\n"
    assert not entry.is_symlink()


def test_world_writable_folder_is_not_used(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.mkdir(mode=0o700)
    os.chmod(folder, 0o777)
    from qplan.run.data import load_catalog

    load_catalog(str(CATALOG_PATH))
    load_catalog(str(CATALOG_PATH))
    assert list(folder.iterdir()) == []
    err = capsys.readouterr().err
    assert err.count("für andere beschreibbar") == 1  # said once


def test_codec_refuses_what_is_not_a_model() -> None:
    with pytest.raises(codec.CodecError):
        codec.dumps(object())
    with pytest.raises(codec.CodecError):
        codec.dumps({"$t": 1})


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'"wst":6', b'"wst":"6"'),  # a field of the wrong type
        (b'"event_days":2', b'"event_days":5000'),  # beyond the schema's bound
        (b'"format":"basis"', b'"format":"nope"'),  # not one of the allowed words
        (b'"wst":6', b'"wst":true'),  # a boolean is no number of hours
    ],
)
def test_an_entry_with_a_valid_checksum_is_checked_against_its_model(folder: Path, old: bytes, new: bytes) -> None:
    """Whoever can write the cache folder can write a matching checksum: the entry is
    validated like any input, and one that does not fit is rebuilt without a word."""
    import hashlib
    import json

    from qplan.run.data import load_catalog

    entry = _entry(folder)
    header, payload = entry.read_bytes().split(b"\n", 1)
    assert old in payload
    payload = payload.replace(old, new, 1)
    meta = json.loads(header)
    meta["sha256"] = hashlib.sha256(payload).hexdigest()
    entry.write_bytes(json.dumps(meta).encode() + b"\n" + payload)
    assert cache.load(entry.stem, Catalog) is None
    rebuilt = load_catalog(str(CATALOG_PATH))
    assert all(isinstance(m.wst, int) for m in rebuilt.modules)
    assert isinstance(cache.load(entry.stem, Catalog), Catalog)  # the entry was written anew
    result = run_cli("show", str(ROOT / "tests" / "examples" / "valid" / "koordination-drei-veranstaltungen.yaml"))
    assert result.code in (0, 1) and "Interner Fehler" not in result.stderr


def test_a_providers_table_is_not_reused_with_a_catalogue_of_other_wst(folder: Path, tmp_path: Path) -> None:
    """The providers' checks read each module's WSt (QA102): a table checked against the
    shipped catalogue must not pass for a catalogue where V01 has 4 WSt and an offer names 5."""
    catalog = tmp_path / "katalog.yaml"
    shipped = (ROOT / "data" / "modules.yaml").read_text("utf-8")
    assert shipped.count("{id: V01, format: vertiefung, area: LB1, wst: 6,") == 1
    catalog.write_text(
        shipped.replace(
            "{id: V01, format: vertiefung, area: LB1, wst: 6,", "{id: V01, format: vertiefung, area: LB1, wst: 4,"
        ),
        "utf-8",
    )
    providers = tmp_path / "anbieter.yaml"
    offers = (ROOT / "data" / "providers.yaml").read_text("utf-8")
    assert offers.count("registration_deadline: 2027-03-05}") >= 1
    line = next(x for x in offers.splitlines() if "{id: A00021," in x)
    providers.write_text(offers.replace(line, line[:-1] + ", wst: {V01: 5}}"), "utf-8")
    plan = ("plan", "--format", "vertiefung", "--module", "V01", "--module", "M10", "--offers", "--no-input")
    assert run_cli("--providers", str(providers), *plan).code == 0  # 5 of 6 WSt: allowed, and cached
    refused = run_cli("--catalog", str(catalog), "--providers", str(providers), *plan)
    assert refused.code == 2
    assert "(QA102)" in refused.stderr
    hint = f"qplan --catalog {catalog} providers --check --providers {providers}"
    assert f"(Einzelheiten: {hint})" in refused.stderr  # the command that shows the same problem
    assert run_cli(*hint.split()[1:]).code == 1
