"""The README's examples are the real output of the real commands.

Every ```text block that starts with `$ qplan …` is run (100 columns, no colour, today fixed)
and must print exactly what the README shows, standard output then standard error.
`QPLAN_README_UPDATE=1 pytest tests/acceptance/test_readme.py` rewrites them.
"""

from __future__ import annotations

import os
import re
import shlex

from tests.kit import ROOT, run_cli

README = ROOT / "README.md"
BLOCK = re.compile(r"```text\n\$ (qplan [^\n]*)\n(.*?)```", re.S)


def run(command: str) -> str:
    """In-process from the checkout (the README's paths are relative to it), 100 columns."""
    args = shlex.split(command)[1:]
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        done = run_cli(*args, env={"COLUMNS": "100"})
    finally:
        os.chdir(here)
    return done.stdout + done.stderr


def test_readme_examples_are_real() -> None:
    text = README.read_text(encoding="utf-8")
    blocks = BLOCK.findall(text)
    assert len(blocks) >= 4
    if os.environ.get("QPLAN_README_UPDATE"):
        text = BLOCK.sub(lambda m: f"```text\n$ {m.group(1)}\n{run(m.group(1))}```", text)
        README.write_text(text, encoding="utf-8")
        blocks = BLOCK.findall(text)
    for command, shown in blocks:
        assert run(command) == shown, command
