"""Folding plain lines to a width (issue 13): never inside a word or a date."""

from __future__ import annotations

import random
import re

import pytest

from qplan.render.layout import fold

DAY = re.compile(r"(Mo|Di|Mi|Do|Fr|Sa|So) \d{2}\.\d{2}\.\d{4}")
WORDS = ["Anmeldung", "bis", "9", "frei", "·", "90 €", "(gefördert)", "Präsenz", "M12", "Göppingen,", "Mo 01.03.2027"]


@pytest.mark.parametrize("seed", range(200))
def test_fold_keeps_words_and_dates_whole(seed: int) -> None:
    rng = random.Random(seed)
    line = "  " * rng.randint(0, 3) + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 30)))
    width = rng.randint(20, 90)
    parts = fold(line, width)
    indent = len(line) - len(line.lstrip(" "))

    def letters(text: str) -> str:  # a break at „ · “ drops the separator
        return text.replace(" ", "").replace("·", "")

    assert letters("".join(parts)) == letters(line)
    for part in parts:
        assert part.startswith(" " * indent)
        if len(part) > max(width, indent + 20):  # only an unbreakable unit may stand out (20: least room)
            assert " " not in part.strip() or DAY.fullmatch(part.strip())
    assert sum(len(DAY.findall(p)) for p in parts) == len(DAY.findall(line))


def test_fold_prefers_the_list_separator() -> None:
    line = "9 frei · 90 € (gefördert) · Anmeldung bis Fr 18.12.2026"
    assert fold(line, 45) == ["9 frei · 90 € (gefördert)", "Anmeldung bis Fr 18.12.2026"]
    assert fold(line, 200) == [line]
