"""A fixed learning group's seats in `qplan demand` (run/demand_groups.py): once per offer and
per open module, whatever number of its members' files is read; the members not read counted
under what the read files share."""

from __future__ import annotations

from collections import Counter
from datetime import date

from qplan.models.office import UNKNOWN, DemandResult, InhouseProposal, PlanCounts
from qplan.render.office_text import proposal_lines
from qplan.run.demand_groups import GroupSeats, proposals, spread


def member(
    size: int,
    *,
    group: str = "kommunal",
    home: str = "freiburg",
    organisation: str = "Stadt Ulm",
    offers: tuple[str, ...] = ("F1",),
    open_modules: tuple[tuple[str, str], ...] = (),
) -> PlanCounts:
    return PlanCounts(
        has_errors=False,
        composition=False,
        group=group,
        home=home,
        offers=offers,
        bookings=tuple(("M11", o) for o in offers),
        open=open_modules,
        learning_group=("G-1", size),
        organisation=organisation,
        presence=tuple(("M11", "2027-H1") for _ in offers[:1]),
    )


def test_spread_counts_the_missing_members_under_what_the_read_files_share() -> None:
    assert spread(Counter({("kommunal",): 1}), 12) == Counter({("kommunal",): 12})
    mixed = spread(Counter({("kommunal", "ulm"): 2, ("ehrenamt", "ulm"): 1}), 10)
    assert mixed == Counter({("kommunal", "ulm"): 2, ("ehrenamt", "ulm"): 1, (UNKNOWN, "ulm"): 7})
    # More files than the stated size: every file counts, nothing is added.
    assert spread(Counter({("kommunal",): 14}), 12) == Counter({("kommunal",): 14})


def test_a_group_counts_once_per_offer_and_open_module() -> None:
    seats = GroupSeats()
    seats.add(member(12, open_modules=(("V07", "2027-H2"),)))
    seats.add(member(12, group="ehrenamt", offers=("F1", "S1"), open_modules=(("V07", "2027-H2"),)))
    seats.add(member(10, offers=()))  # a member without a booking; sizes differ: the largest counts
    assert dict(seats.planned()) == {"F1": 12, "S1": 12}
    assert sorted(seats.bookings()) == [
        ("M11", "F1", "", 10),
        ("M11", "F1", "ehrenamt", 1),
        ("M11", "F1", "kommunal", 1),
        ("M11", "S1", "ehrenamt", 12),
    ]
    assert sorted(seats.open_modules()) == [
        ("V07", "2027-H2", "freiburg", "", 10),  # the home is shared, the target group is not
        ("V07", "2027-H2", "freiburg", "ehrenamt", 1),
        ("V07", "2027-H2", "freiburg", "kommunal", 1),
    ]
    assert sorted(seats.people()) == [("Stadt Ulm", "M11", "2027-H1", 12)]
    result = seats.result()
    assert (result.size, result.files, result.offers) == (12, 3, (("F1", 12), ("S1", 12)))


def test_proposals_need_an_organisation_and_the_minimum() -> None:
    people = Counter(
        {("Stadt Ulm", "E01", "2027-H1"): 8, ("Stadt Ulm", "M01", "2027-H1"): 7, ("", "E01", "2027-H1"): 9}
    )
    assert proposals(people, 8) == (InhouseProposal("Stadt Ulm", "E01", "2027-H1", 8),)
    assert proposals(people, None) == ()  # a catalogue without `teams`: no proposals part


def test_a_long_organisation_stays_within_80_columns() -> None:
    long_name = "Verwaltungsgemeinschaft " + " ".join(["Oberes Donautal und Umgebung"] * 3)
    result = DemandResult(
        today=date(2026, 11, 25),
        files=1,
        counted=1,
        with_errors=0,
        compositions=0,
        unusable=(),
        offers=(),
        cells=(),
        groups=(),
        proposals=(InhouseProposal(long_name, "E01", "2027-H1", 9),),
        inhouse_min_group=8,
    )
    lines = proposal_lines(result)
    assert max(map(len, lines)) <= 80
    assert " ".join(" ".join(lines).split()).count(long_name) == 1
