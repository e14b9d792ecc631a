"""How qplan compares words people type: case, umlauts and accents do not matter."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case, umlauts as two letters (ü → ue, ß → ss), other accents dropped."""
    text = text.strip().lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def bare(text: str) -> str:
    """`fold` with umlauts as their base letter (ü → u), for umlauts typed without the e."""
    text = fold(text)
    for plain, base in (("ae", "a"), ("oe", "o"), ("ue", "u")):
        text = text.replace(plain, base)
    return text
