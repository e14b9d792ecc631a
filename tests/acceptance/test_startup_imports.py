"""Start-up is most of a command's cost: the cached plan path imports neither YAML nor pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.kit import process_env

SCRIPT = """
import sys
from qplan.cli.app import main
try:
    main(["plan", "--format", "basis", "--field", "beide", "--start", "2027-01", "--json"])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("yaml", "pydantic", "pydantic_core", "highspy"))
sys.stderr.write("HEAVY " + ",".join(heavy) + "\\n")
"""


def test_plan_from_the_cache_imports_no_parser(tmp_path: Path) -> None:
    env = process_env({"QPLAN_CACHE_DIR": str(tmp_path / "cache")})  # a process: its imports are the test
    first = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert "yaml" in first.stderr  # the first run reads the catalogue and fills the cache
    second = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True)
    assert "HEAVY \n" in second.stderr, second.stderr
