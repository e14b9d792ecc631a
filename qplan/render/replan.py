"""What `qplan replan` changes beyond the dates: bookings dropped and added, cost, funding."""

from __future__ import annotations

from typing import Any

from qplan.render.text import euros


def difference_lines(difference: Any) -> list[str]:
    """German lines for a `qplan.models.lifecycle.Difference` (nothing when nothing but dates changed)."""
    lines = []
    if difference.kept:
        lines.append("Bleibt: " + ", ".join(difference.kept) + " (erledigt, anerkannt oder Buchung läuft).")
    for booking in difference.dropped:
        cost = f", {euros(booking.cost_eur)}" if booking.cost_eur is not None else ""
        lines.append(f"Buchung entfällt: Angebot {booking.offer} ({', '.join(booking.modules)}{cost}).")
    for booking in difference.added:
        cost = f", {euros(booking.cost_eur)}" if booking.cost_eur is not None else ""
        funded = " gefördert" if booking.funded else (" nicht gefördert" if booking.funded is False else "")
        lines.append(f"Neue Buchung: Angebot {booking.offer} ({', '.join(booking.modules)}{cost}{funded}).")
    if (difference.cost_before, difference.funded_before) != (difference.cost_after, difference.funded_after):
        lines.append(
            f"Kosten: {euros(difference.cost_before)} → {euros(difference.cost_after)}; davon gefördert: "
            f"{euros(difference.funded_before)} → {euros(difference.funded_after)}."
        )
    return lines
