"""Atomic writes: never overwrite unasked, keep the mode, follow symlinks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from qplan.errors import UserError
from qplan.fsio import write_atomic


def test_new_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    write_atomic(target, b"a: 1\n")
    assert target.read_bytes() == b"a: 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"mine\n")
    with pytest.raises(UserError, match="--force"):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"mine\n"


def test_overwrite_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    target.write_bytes(b"old\n")
    os.chmod(target, 0o640)
    write_atomic(target, b"new\n", overwrite=True)
    assert target.read_bytes() == b"new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlink_is_kept(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomic(link, b"new\n", overwrite=True)
    assert link.is_symlink() and real.read_bytes() == b"new\n"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="gibt es nicht"):
        write_atomic(tmp_path / "nope" / "plan.yaml", b"x")
