"""The proof of attendance (Teilnahmebescheinigung): what is asked, what it certifies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CertificateRequest:
    """`qplan certificate PLAN [--module ID…]`: one learner's certificate."""

    path: str
    modules: tuple[str, ...] = ()  # empty: every done module
    catalog: str | None = None


@dataclass(frozen=True)
class BatchRequest:
    """`qplan certificate --offer ID PATH… --out-dir DIR`: one certificate per participant."""

    offer: str
    paths: tuple[str, ...]
    catalog: str | None = None


@dataclass(frozen=True)
class AttendedModule:
    id: str
    title: str
    phase: str
    wst: int
    minutes: int  # clock time: WSt × minutes per WSt
    first_day: date | None  # the presence day, or the start of the self-study window
    last_day: date | None  # the end of a self-study window, or the day it was done
    provider: str | None
    place: str | None
    offer: str | None


@dataclass(frozen=True)
class RecognisedModule:
    id: str
    title: str
    wst: int  # the WSt recognised
    reason: str
    by: str | None
    on: date | None


@dataclass(frozen=True)
class Certificate:
    """What one certificate says; names appear only here, in the learner's own document."""

    learner: str | None
    organisation: str | None
    programme: str  # the track or format
    attended: tuple[AttendedModule, ...]
    recognised: tuple[RecognisedModule, ...]
    issued: date
    offer: str | None = None  # a provider's batch: the one offer it certifies
    provider: str | None = None

    @property
    def wst(self) -> int:
        return sum(m.wst for m in self.attended)

    @property
    def minutes(self) -> int:
        return sum(m.minutes for m in self.attended)


@dataclass(frozen=True)
class BatchEntry:
    """One plan file of a provider's batch: its certificate, or why it gets none."""

    path: str
    certificate: Certificate | None
    skipped: str | None = None  # reason code: "not_booked", "nothing_done", "unusable"
    error: str | None = None  # the first error of an unusable file
