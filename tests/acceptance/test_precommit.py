"""The pre-commit hooks (issue 26), run by the `pre-commit` package on a temporary repository.

pre-commit installs qplan from this checkout's last commit into its own environment (once for
the module, through uv: the pre-commit-uv plugin of the test extra), as it would for a trainer
whose configuration names qplan's repository.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.kit import ROOT, run_cli


def _git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _make_repository(at: Path) -> Path:
    rev = _git("rev-parse", "HEAD", cwd=ROOT)
    repo = at / "kurs"
    (repo / "plaene").mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n"
        "      - id: qplan-check\n        files: ^plaene/\n"
        "      - id: qplan-providers-check\n",
        encoding="utf-8",
    )
    plan = repo / "plaene" / "koordination.yaml"
    made = run_cli("plan", "--format", "basis", "--field", "koordination", "--start", "2027-01", "--out", str(plan))
    assert made.code == 0, made.stderr
    shutil.copy(ROOT / "data" / "providers.yaml", repo / "angebote.yaml")
    (repo / "notizen.yaml").write_text("irgendwas: [1, 2]\n", encoding="utf-8")  # no plan: not checked
    return repo


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    _git("add", "-A", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """pre-commit's home with qplan's hook environment installed once for the module's tests."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("pre-commit braucht qplan als Git-Repository (hier ein entpacktes Paket).")
    if not os.environ.get("CI"):
        pytest.importorskip("pre_commit")
    where = tmp_path_factory.mktemp("pre-commit")
    home = where / "home"
    done = _pre_commit(_make_repository(where), home, "install-hooks")
    assert done.returncode == 0, done.stdout + done.stderr
    return home


@pytest.fixture
def repository(home: Path, tmp_path: Path) -> Path:
    return _make_repository(tmp_path)


def test_the_hooks_pass_on_good_files(repository: Path, home: Path) -> None:
    done = _pre_commit(repository, home, "run", "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "qplan check (Plan-Dokumente und Zusammenstellungen)" in done.stdout
    assert "qplan providers check (Anbieterdateien)" in done.stdout
    assert "Passed" in done.stdout and "Failed" not in done.stdout


def test_the_hooks_fail_as_qplan_check_does(repository: Path, home: Path) -> None:
    # a date after the end of the track: the hook fails and names file, line and rule
    plan = repository / "plaene" / "koordination.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("date: 2027-", "date: 2031-", 1), encoding="utf-8")
    (repository / "angebote.yaml").write_text(
        (repository / "angebote.yaml")
        .read_text(encoding="utf-8")
        .replace("modules: [M01, M03]", "modules: [M01, M99]", 1),
        encoding="utf-8",
    )
    done = _pre_commit(repository, home, "run", "--all-files")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "plaene/koordination.yaml:" in done.stdout and "[Fehler]" in done.stdout
    assert "angebote.yaml:" in done.stdout and "(QA102)" in done.stdout
