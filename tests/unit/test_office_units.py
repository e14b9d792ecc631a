"""The office's counting in pieces (issue 23): half-years, a plan's count record, the
offer-by-offer comparison of two providers files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from qplan.models.office import half_year, half_year_bounds, half_years
from qplan.models.plan import PlanDocument, PlanEntry
from qplan.models.providers import Offer, Provider, ProviderCatalog
from qplan.run.demand import plan_counts
from qplan.run.providers_diff import diff


def test_half_years() -> None:
    assert half_year(date(2027, 6, 30)) == "2027-H1" and half_year(date(2027, 7, 1)) == "2027-H2"
    assert half_years("2027-H2", "2029-H1") == ("2027-H2", "2028-H1", "2028-H2", "2029-H1")
    assert half_years("2028-H1", "2027-H2") == ()
    assert half_year_bounds("2027-H2") == (date(2027, 7, 1), date(2027, 12, 31))


def test_a_plan_counts_open_and_booked_modules_not_done_nor_recognised() -> None:
    doc = PlanDocument(
        format="vertiefung",
        home="freiburg",
        target_group="kommunal",
        learner="Erika Muster",
        modules=(
            PlanEntry(id="M01", phase="praesenz", wst=6, date=date(2027, 3, 1), offer="S1"),
            PlanEntry(id="M03", phase="praesenz", wst=6, date=date(2027, 3, 2), offer="S1"),
            PlanEntry(id="M02", phase="selbstlern", wst=6, date=date(2027, 8, 2)),
            PlanEntry(id="M04", phase="selbstlern", wst=6),
            PlanEntry(id="M05", phase="selbstlern", wst=6, date=date(2027, 1, 4), done=True),
        ),
    )
    counts = plan_counts(doc, has_errors=False)
    assert counts.offers == ("S1",)  # one seat, however many of its modules
    assert counts.bookings == (("M01", "S1"), ("M03", "S1"))
    assert counts.open == (("M02", "2027-H2"), ("M04", ""))
    assert (counts.home, counts.group, counts.composition) == ("freiburg", "kommunal", False)
    assert "Erika" not in repr(counts)  # counts only


def _offer(ident: str, **changes: object) -> Offer:
    base = Offer(
        id=ident, provider="p", modules=("M01",), phase="praesenz", setting="regional", location="Ulm",
        seats=10, cost_eur=100, funded=True, registration_deadline=date(2027, 2, 1), dates=(date(2027, 3, 1),),
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def _providers(*offers: Offer) -> ProviderCatalog:
    provider = Provider(
        id="p", name="P", kind="Verband", city="Ulm", region="tuebingen", settings=("regional",), group="fest", url="u"
    )
    return ProviderCatalog(schema_version=1, note="", providers=(provider,), offers=offers)


def test_diff_kinds_and_fields() -> None:
    old = _providers(_offer("A"), _offer("B"), _offer("C"), _offer("D"))
    new = _providers(
        _offer("A"),
        _offer("B", location="Biberach"),
        _offer("C", cost_eur=120, booked=3),
        _offer("E"),
    )
    changes = {c.offer: c for c in diff(old, new)}
    assert {k: c.kind for k, c in changes.items()} == {"B": "moved", "C": "changed", "D": "cancelled", "E": "new"}
    assert [(f.field, f.old, f.new) for f in changes["B"].changes] == [("location", "Ulm", "Biberach")]
    # Bookings by others change daily: not a change of the offer.
    assert [(f.field, f.old, f.new) for f in changes["C"].changes] == [("cost_eur", "100", "120")]
