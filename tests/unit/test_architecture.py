"""The parts of qplan and the imports allowed between them (README, „Aufbau“).

Every import counts, also inside functions and under TYPE_CHECKING: a forbidden edge
is a forbidden edge wherever it stands.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "qplan"
KERNEL = {"errors", "findings", "dates", "calendar", "fsio", "words", "__init__"}

# part → the parts it may import (besides itself and the kernel)
ALLOWED: dict[str, set[str]] = {
    "kernel": set(),
    "models": set(),
    "loading": {"models"},
    "rules": {"models"},
    "planning": {"models"},
    "run": {"models", "loading", "rules", "planning"},
    "render": {"models"},
    "cli": {"models", "run", "render"},
    "__main__": {"cli"},
}
CORE = {"kernel", "models", "loading", "rules", "planning", "run"}
UI_LIBRARIES = {"typer", "rich", "click"}


def part_of(path: Path, package: Path = PACKAGE) -> str:
    relative = path.relative_to(package)
    if len(relative.parts) == 1:
        return "__main__" if relative.stem == "__main__" else "kernel"
    return relative.parts[0]


def imported_part(name: str) -> str | None:
    """The part a `qplan.…` module name belongs to (None for other packages)."""
    pieces = name.split(".")
    if pieces[0] != "qplan":
        return None
    if len(pieces) == 1 or pieces[1] in KERNEL:
        return "kernel"
    return pieces[1]


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "qplan":  # `from qplan import x` may name a module of the kernel or a part
                found.extend((node.lineno, f"qplan.{alias.name}") for alias in node.names if alias.name in MODULES)
    return found


MODULES = KERNEL | set(ALLOWED) - {"kernel", "__main__"}
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "data" not in p.relative_to(PACKAGE).parts)


def violations(path: Path, package: Path = PACKAGE) -> list[str]:
    part = part_of(path, package)
    problems = []
    for line, name in imports(path):
        top = name.split(".")[0]
        if part in CORE and top in UI_LIBRARIES:
            problems.append(f"{path.relative_to(package)}:{line}: {part} imports {name}")
        target = imported_part(name)
        if target is None or target in ("kernel", part):
            continue
        if target not in ALLOWED[part]:
            problems.append(f"{path.relative_to(package)}:{line}: {part} → {target} ({name})")
    return problems


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_forbidden_import(path: Path) -> None:
    assert violations(path) == []


def test_the_check_sees_a_forbidden_edge(tmp_path: Path) -> None:
    # The check itself must be able to fail: a made-up package with forbidden edges in every
    # form an import can take, beside allowed ones, and the check names exactly the forbidden.
    package = tmp_path / "qplan"
    sources = {
        "rules/bad.py": (
            "from __future__ import annotations\n"
            "from typing import TYPE_CHECKING\n"
            "from qplan.models.plan import PlanDocument\n"  # allowed: rules → models
            "from qplan.findings import Finding\n"  # allowed: the kernel
            "import typer\n"  # line 5: the core imports a UI library
            "if TYPE_CHECKING:\n"
            "    from qplan.loading.reader import parse_yaml\n"  # line 7: rules → loading
            "def late():\n"
            "    from qplan import run\n"  # line 9: rules → run, inside a function
        ),
        "render/good.py": "from qplan.models import plan\nimport rich\n",
        "models/bad.py": "import qplan.cli.app\n",  # line 1: models → cli
    }
    for name, text in sources.items():
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text(text, encoding="utf-8")
    found = {name: violations(package / name, package) for name in sources}
    assert found == {
        "rules/bad.py": [
            "rules/bad.py:5: rules imports typer",
            "rules/bad.py:7: rules → loading (qplan.loading.reader)",
            "rules/bad.py:9: rules → run (qplan.run)",
        ],
        "render/good.py": [],
        "models/bad.py": ["models/bad.py:1: models → cli (qplan.cli.app)"],
    }


def test_every_part_is_a_folder() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == {"models", "loading", "rules", "planning", "run", "render", "cli"}
    flat = {p.stem for p in PACKAGE.glob("*.py")}
    assert flat == KERNEL | {"__main__"}


# --- The shape of commands and results (issue 21) ---

CLI_BODY_LIMIT = 40  # lines of a function body in cli/ (its signature, the option declarations, aside)
FLAG = re.compile(r"(?<![\w-])--(?!help\b)[a-z][a-z-]+")  # pointing at `--help` names no option
NO_FLAGS = ("run", "planning", "rules", "models", "loading", "kernel")


def _docstring(node: ast.AST) -> ast.AST | None:
    body = getattr(node, "body", None)
    if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        return body[0].value if isinstance(body[0].value.value, str) else None
    return None


def long_functions(path: Path, limit: int = CLI_BODY_LIMIT) -> list[str]:
    """Functions whose body (docstring aside) runs longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body[1:] if _docstring(node) is not None else node.body
            if body:
                lines = (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1
                if lines > limit:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.name} ({lines} lines)")
    return found


def flag_texts(path: Path) -> list[str]:
    """Command-line flags (`--offers`) in the strings of a module, docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(d) for n in ast.walk(tree) if (d := _docstring(n)) is not None}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            for match in FLAG.finditer(node.value):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {match.group()}")
    return found


def result_types_outside_models(
    path: Path, kinds: tuple[str, ...] = ("dataclass", "NamedTuple", "Protocol")
) -> list[str]:
    """Dataclasses, named tuples and protocols (of `kinds`) defined outside models/."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ClassDef):
            continue
        decorators = [ast.unparse(d) for d in node.decorator_list]
        bases = [ast.unparse(b) for b in node.bases]
        dataclass = "dataclass" in kinds and any(
            d.startswith(("dataclass", "dataclasses.dataclass")) for d in decorators
        )
        if dataclass or any(b.endswith(tuple(k for k in kinds if k != "dataclass")) for b in bases):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.name}")
    return found


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(p) == "cli"], ids=lambda p: p.name)
def test_cli_functions_are_short(path: Path) -> None:
    assert long_functions(path) == []


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if part_of(p) in NO_FLAGS], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_no_flag_text_in_the_core(path: Path) -> None:
    assert flag_texts(path) == []


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(p) == "run"], ids=lambda p: p.name)
def test_results_only_in_models(path: Path) -> None:
    # run/ combines parts; what it returns or is asked is a frozen value of models/.
    assert result_types_outside_models(path) == []


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(p) == "render"], ids=lambda p: p.name)
def test_render_copies_no_model_as_a_protocol(path: Path) -> None:
    # Renderers read the models' own types (their view types, like a table column, are theirs).
    assert result_types_outside_models(path, kinds=("Protocol",)) == []


def test_the_shape_checks_can_fail(tmp_path: Path) -> None:
    # Each check above finds what it looks for in a module made to break it.
    bad = PACKAGE / "cli" / "_shape_probe.py"
    source = (
        "from dataclasses import dataclass\n"
        "from typing import Protocol\n"
        "@dataclass(frozen=True)\nclass Result:\n    x: int\n"
        "class Copy(Protocol):\n    x: int\n"
        "def long() -> str:\n    '''Doc with --flag is fine.'''\n" + "    x = 1\n" * 41 + "    return '--offers'\n"
    )
    bad.write_text(source, encoding="utf-8")
    try:
        assert len(long_functions(bad)) == 1
        assert [t.rsplit(" ", 1)[-1] for t in flag_texts(bad)] == ["--offers"]
        assert len(result_types_outside_models(bad)) == 2
    finally:
        bad.unlink()
