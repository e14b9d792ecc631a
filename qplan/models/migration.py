"""`qplan migrate`: a plan moved to a newer catalogue edition, as request and outcome."""

from __future__ import annotations

from dataclasses import dataclass

from qplan.findings import Finding


@dataclass(frozen=True, slots=True)
class MigrateRequest:
    paths: tuple[str, ...]
    dry_run: bool  # show what would change, write nothing
    force: bool  # write even if the migrated plan breaks a rule of the new edition
    allow_drop: bool  # let a done or recognised module that the new edition drops go


@dataclass(frozen=True, slots=True)
class PlanMigration:
    """What happened to one plan file."""

    path: str
    from_edition: str | None  # None: the file names none (made before editions had an id)
    to_edition: str
    changes: tuple[str, ...]  # German sentences, one per change
    problems: tuple[str, ...]  # why the plan was not migrated (German); empty: it was or could be
    findings: tuple[Finding, ...]  # errors of the migrated plan under the new edition
    written: bool
    drops_done: bool = False  # a problem is a done or recognised module the new edition drops

    @property
    def unchanged(self) -> bool:
        return not self.changes and not self.problems

    @property
    def ok(self) -> bool:
        return not self.problems and not any(f.severity == "error" for f in self.findings)


@dataclass(frozen=True, slots=True)
class MigrateOutcome:
    plans: tuple[PlanMigration, ...]

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.plans)
