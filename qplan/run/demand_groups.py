"""`qplan demand`: fixed learning groups counted once, and the in-house proposals.

A fixed learning group (`qplan plan --offers --group N --out-dir DIR`) writes one plan file
per member, each with `group: {id, size}`. The office may receive all of them, some, or only
one (the group leader's). So that the count does not depend on that, a group's files are not
counted one by one but collected per group id, and the group counts, per booked offer,

    max(size, number of its member files that booked the offer)

seats, exactly once (the same for its open modules per module and half-year). `size` is the
largest size stated in the group's files. Members whose file is missing are counted under the
target group (and Regierungsbezirk, organisation) that all the group's files read share, or
„ohne Angabe“ where they differ. Files without a group count one seat each, as before.

Memory: one `GroupSeats` per group id (groups are few), each bounded by the group's modules
and offers, never by the number of files.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from qplan.models.office import UNKNOWN, InhouseProposal, LearningGroupDemand, PlanCounts

Attrs = tuple[str, ...]


def spread(seen: Counter[Attrs], size: int) -> Counter[Attrs]:
    """The group's seats for one offer (or module): the members' files seen, each under its own
    attributes, and the members not seen (up to `size`) under the attributes all seen files
    share, each attribute UNKNOWN where they differ."""
    counted = Counter(seen)
    missing = size - sum(seen.values())
    if missing > 0 and seen:
        keys = list(seen)
        shared = tuple(k if all(other[i] == k for other in keys) else UNKNOWN for i, k in enumerate(keys[0]))
        counted[shared] += missing
    return counted


class GroupSeats:
    """One fixed learning group's files, collected while they stream past (run state)."""

    def __init__(self) -> None:
        self.size = 0
        self.files = 0
        self.offers: Counter[str] = Counter()  # offer → member files that booked it
        self.booked: dict[tuple[str, str], Counter[Attrs]] = {}  # (module, offer) → (target group,)
        self.open: dict[tuple[str, str], Counter[Attrs]] = {}  # (module, half) → (home, target group)
        self.presence: dict[tuple[str, str], Counter[Attrs]] = {}  # (module, half) → (organisation,)

    def add(self, counts: PlanCounts) -> None:
        assert counts.learning_group is not None
        self.size = max(self.size, counts.learning_group[1])
        self.files += 1
        self.offers.update(counts.offers)
        for module, offer in dict.fromkeys(counts.bookings):
            self.booked.setdefault((module, offer), Counter())[(counts.group,)] += 1
        for module, half in dict.fromkeys(counts.open):
            self.open.setdefault((module, half), Counter())[(counts.home, counts.group)] += 1
        for module, half in dict.fromkeys(counts.presence):
            self.presence.setdefault((module, half), Counter())[(counts.organisation,)] += 1

    def planned(self) -> Iterator[tuple[str, int]]:
        """(offer, seats): the group's seats once per offer."""
        for offer, seen in self.offers.items():
            yield offer, max(self.size, seen)

    def bookings(self) -> Iterator[tuple[str, str, str, int]]:
        """(module, offer, target group, seats)."""
        for (module, offer), seen in self.booked.items():
            for (group,), n in spread(seen, self.size).items():
                yield module, offer, group, n

    def open_modules(self) -> Iterator[tuple[str, str, str, str, int]]:
        """(module, half, home, target group, seats)."""
        for (module, half), seen in self.open.items():
            for (home, group), n in spread(seen, self.size).items():
                yield module, half, home, group, n

    def people(self) -> Iterator[tuple[str, str, str, int]]:
        """(organisation, module, half, people) of the presence modules."""
        for (module, half), seen in self.presence.items():
            for (organisation,), n in spread(seen, self.size).items():
                yield organisation, module, half, n

    def result(self) -> LearningGroupDemand:
        return LearningGroupDemand(self.size, self.files, tuple(sorted(self.planned())))


def proposals(people: Counter[tuple[str, str, str]], minimum: int | None) -> tuple[InhouseProposal, ...]:
    """Every (organisation, presence module, half-year) whose headcount reaches the minimum;
    plans without an organisation are not grouped (they may be anyone's)."""
    if minimum is None:
        return ()
    return tuple(
        InhouseProposal(organisation, module, half, n)
        for (organisation, module, half), n in people.items()
        if organisation != UNKNOWN and half != UNKNOWN and n >= minimum
    )
