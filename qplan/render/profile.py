"""The competence profile as text bars, JSON and an inline SVG (black-and-white printable)."""

from __future__ import annotations

from html import escape
from typing import Any

from qplan.models.profile import LEVEL_NAMES, LEVELS, Profile, Suggestion

KIND_NAMES = {"fach": "Fachkompetenzen", "methoden": "Methodenkompetenzen"}
CONFIDENCE = ("keine", "wenig", "einige", "sicher")


def suggestion_command(suggestion: Suggestion) -> str:
    """The command that plans a path with the suggested module."""
    if suggestion.field is not None:
        return f"qplan plan --format basis --field {suggestion.field} --add {suggestion.module}"
    return f"qplan plan --format vertiefung --module {suggestion.module}"


def profile_data(profile: Profile) -> dict[str, Any]:
    return {
        "competences": [
            {
                "id": c.id,
                "kind": c.kind,
                "text": c.text,
                "level": c.level,
                "done_level": LEVELS[c.done],
                "score": c.score,
                "modules": list(c.modules),
                "self_assessment": c.self_assessed,
            }
            for c in profile.competences
        ],
        "phases": [{"id": pid, "name": name, "modules": count} for pid, name, count in profile.phases],
        "suggestions": [
            {
                "module": s.module,
                "title": s.title,
                "raises": [{"competence": c, "from": a, "to": b} for c, a, b in s.raises],
                "command": suggestion_command(s),
            }
            for s in profile.suggestions
        ],
    }


def _bar(done: int, planned: int, width: int = 12) -> str:
    """Two levels in one bar: █ reached by modules done, ▒ planned on top, ░ missing."""
    step = width // 2
    return "█" * (done * step) + "▒" * ((planned - done) * step) + "░" * ((2 - planned) * step)


def profile_lines(profile: Profile, title: str) -> list[str]:
    lines = [f"Kompetenzprofil – {title}", "█ erledigt  ▒ geplant  ░ fehlt  (halb: Grundlagen, voll: vertieft)"]
    for kind in ("fach", "methoden"):
        lines.append("")
        lines.append(KIND_NAMES[kind])
        for c in (c for c in profile.competences if c.kind == kind):
            own = f" · selbst: {CONFIDENCE[c.self_assessed]}" if c.self_assessed is not None else ""
            done = f", erledigt: {LEVEL_NAMES[LEVELS[c.done]]}" if c.done and c.done != c.planned else ""
            lines.append(f"  {c.id} {_bar(c.done, c.planned)} {LEVEL_NAMES[c.level]}{done}{own}")
            lines.append(f"      {c.text}")
    lines.append("")
    lines.append(
        "Umsetzungsphasen: "
        + " · ".join(f"{name} ({count} Modul{'e' if count != 1 else ''})" for _, name, count in profile.phases)
    )
    if profile.suggestions:
        lines.append("")
        lines.append("Vorschläge, um die schwächsten Kompetenzen zu stärken:")
        for s in profile.suggestions:
            raised = ", ".join(f"{c} {LEVEL_NAMES[a]} → {LEVEL_NAMES[b]}" for c, a, b in s.raises if a != b)
            lines.append(f"  {s.module} {s.title}")
            lines.append(f"      stärkt: {raised or 'bestätigt vorhandene Kompetenzen'}")
            lines.append(f"      {suggestion_command(s)}")
    return lines


def profile_svg(profile: Profile) -> str:
    """Ten horizontal bars, patterns instead of colours: solid = erledigt, hatched = geplant."""
    row, bar_x, bar_w = 17, 48, 220
    half = bar_w // 2
    height = 22 + row * len(profile.competences)
    stroke = 'stroke="#000" stroke-width="0.6"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{bar_x + bar_w + 150}" height="{height}" '
        'role="img" aria-label="Kompetenzprofil" font-family="sans-serif" font-size="10">',
        '<defs><pattern id="geplant" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="4" stroke="#000" stroke-width="1.6"/></pattern></defs>',
        f'<text x="{bar_x}" y="10">keine</text><text x="{bar_x + half - 20}" y="10">Grundlagen</text>'
        f'<text x="{bar_x + bar_w - 38}" y="10">vertieft</text>',
    ]
    for index, c in enumerate(profile.competences):
        y = 16 + index * row
        box = f'x="{bar_x}" y="{y}" height="11"'
        parts.append(f'<text x="0" y="{y + 10}">{escape(c.id)}</text>')
        parts.append(f'<rect {box} width="{bar_w}" fill="#fff" {stroke}/>')
        if c.planned:
            parts.append(f'<rect {box} width="{half * c.planned}" fill="url(#geplant)" {stroke}/>')
        if c.done:
            parts.append(f'<rect {box} width="{half * c.done}" fill="#000"/>')
        parts.append(f'<text x="{bar_x + bar_w + 6}" y="{y + 10}">{escape(LEVEL_NAMES[c.level])}</text>')
    middle = bar_x + half
    parts.append(f'<line x1="{middle}" y1="14" x2="{middle}" y2="{height}" stroke="#000" stroke-dasharray="2,2"/>')
    parts.append("</svg>")
    return "".join(parts)
