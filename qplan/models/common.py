"""Names shared by all models."""

from __future__ import annotations

from typing import Literal

Phase = Literal["praesenz", "selbstlern"]
FormatId = Literal["einfuehrung", "basis", "vertiefung"]
FieldId = Literal["koordination", "steuerung"]
PlanField = Literal["koordination", "steuerung", "beide"]

PHASES: tuple[Phase, ...] = ("praesenz", "selbstlern")
PHASE_NAMES: dict[str, str] = {"praesenz": "Präsenz", "selbstlern": "Selbstlernen"}
FORMAT_IDS: tuple[FormatId, ...] = ("einfuehrung", "basis", "vertiefung")
FIELD_IDS: tuple[FieldId, ...] = ("koordination", "steuerung")
PLAN_FIELDS: tuple[PlanField, ...] = ("koordination", "steuerung", "beide")

# Every model rejects keys it does not know: a typo must not pass silently.
STRICT_CONFIG = {"extra": "forbid"}
