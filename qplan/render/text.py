"""Small text helpers shared by the renderers."""

from __future__ import annotations

from qplan.models.catalog import Catalog

FIELD_SHORT = {"koordination": "Koordination", "steuerung": "Steuerung", "beide": "beide Felder"}


def hours(catalog: Catalog, wst: int) -> str:
    """Clock hours in German notation: `54` or `40,5`."""
    value = catalog.hours(wst)
    return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def bar(actual: int, expected: int, width: int = 24) -> str:
    """A text bar of `actual` against `expected` (full = expected); overflow shown with `+`."""
    if expected <= 0:
        return ""
    filled = min(width, round(width * actual / expected))
    over = "+" if actual > expected else ""
    return "█" * filled + "░" * (width - filled) + over


def euros(amount: int) -> str:
    """`1.280 €`."""
    return f"{amount:,} €".replace(",", ".")
