"""What the consistency rules of data files (QK catalogue, QA providers) share."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from qplan.findings import Anchor, Finding

Problem = tuple[str, str, Anchor]  # code, message, path into the file


def duplicate_ids(code: str, sections: dict[str, Sequence[Any]]) -> Iterator[Problem]:
    """Every id used twice within a section, at its second place."""
    for section, items in sections.items():
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.id in seen:
                yield (
                    code,
                    f"Kennung „{item.id}“ in „{section}“ doppelt (zuerst Eintrag {seen[item.id] + 1}).",
                    (section, index, "id"),
                )
            else:
                seen[item.id] = index


def as_findings(problems: Iterable[Problem]) -> list[Finding]:
    """Problems as findings of their rule's severity, each anchored at its place in the file."""
    from qplan.rules.registry import RULES

    return [Finding(code, RULES[code].severity, message, anchor=anchor) for code, message, anchor in problems]
