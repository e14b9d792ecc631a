"""A competence profile: what a path teaches, done so far and planned (values only)."""

from __future__ import annotations

from dataclasses import dataclass

LEVELS = ("keine", "grund", "vertieft")  # 0, 1, 2
LEVEL_NAMES = {"keine": "keine", "grund": "Grundlagen", "vertieft": "vertieft"}


@dataclass(frozen=True)
class CompetenceLevel:
    id: str
    kind: str  # fach | methoden
    text: str
    done: int  # level 0–2 from modules done or recognised
    planned: int  # level 0–2 from the whole path (done and open)
    score: int  # sum of the weights (grund 1, vertieft 2) over the path's modules
    modules: tuple[str, ...]
    self_assessed: int | None = None  # 0–3, the learner's own confidence

    @property
    def level(self) -> str:
        return LEVELS[self.planned]


@dataclass(frozen=True)
class Suggestion:
    module: str
    title: str
    raises: tuple[tuple[str, str, str], ...]  # (competence, level before, level after)
    field: str | None = None  # basis: add the module to this field's path; None: choose it in a Vertiefung


@dataclass(frozen=True)
class Profile:
    competences: tuple[CompetenceLevel, ...]
    phases: tuple[tuple[str, str, int], ...]  # (phase id, name, number of modules preparing for it)
    suggestions: tuple[Suggestion, ...] = ()

    def weakest(self) -> tuple[CompetenceLevel, ...]:
        low = min((c.score for c in self.competences), default=0)
        return tuple(c for c in self.competences if c.score == low)
