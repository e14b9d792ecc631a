from __future__ import annotations

import os

import pytest

# The kit lives in tests/kit.py; these names are re-exported for tests that import them from here.
from tests.kit import CATALOG_PATH, ROOT, TODAY, Result, run_cli, run_on_terminal

__all__ = ["CATALOG_PATH", "ROOT", "Result", "run_cli", "run_on_terminal"]


@pytest.fixture(autouse=True, scope="session")
def _environment(tmp_path_factory: pytest.TempPathFactory) -> None:
    os.environ["QPLAN_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["QPLAN_TODAY"] = TODAY.isoformat()
    os.environ.pop("QPLAN_CATALOG", None)
    os.environ.pop("QPLAN_PROVIDERS", None)
    os.environ.pop("QPLAN_FUNDING", None)
    # Output as into a pipe without COLUMNS (120 wide), whatever the shell or the runner set:
    # pytest-xdist's workers have COLUMNS=80. Tests of a width set it themselves.
    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    os.environ["NO_COLOR"] = "1"


@pytest.fixture(scope="session")
def catalog():  # type: ignore[no-untyped-def]
    from qplan.run.data import load_catalog as load

    return load(str(CATALOG_PATH))


@pytest.fixture
def cli():  # type: ignore[no-untyped-def]
    return run_cli
