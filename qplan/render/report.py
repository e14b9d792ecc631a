"""The content of a printable plan (for an employer or a funding application), once,
for the Markdown and HTML renderers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from qplan import __version__
from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.common import PHASE_NAMES
from qplan.models.funding import FundingResult, FundingRules
from qplan.models.profile import LEVEL_NAMES, Profile
from qplan.models.results import PlanResult
from qplan.render.profile import profile_svg
from qplan.render.text import euros, hours

MODULE_HEADER = ("Termin", "Art", "Modul", "Angebot, Träger, Ort", "Kosten", "Anmeldung bis", "Stand")
TOTALS_HEADER = ("", "Ist", "Soll", "Zeitstunden")
FUNDING_HEADER = ("Angebot", "Module", "Kosten", "Förderung", "Begründung")


@dataclass(frozen=True)
class FundingSection:
    """The Landesförderung of the plan: per booking, the totals, whom to apply to."""

    rows: tuple[tuple[str, str, str, str, str], ...]
    totals: tuple[tuple[str, str], ...]
    office: tuple[str, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ModuleRow:
    when: str
    kind: str
    module: str  # id and title
    offer: str  # offer id, provider, place (lines)
    cost: str  # cost and whether funded
    deadline: str
    state: str

    def cells(self) -> tuple[str, ...]:
        return (self.when, self.kind, self.module, self.offer, self.cost, self.deadline, self.state)


@dataclass(frozen=True)
class Report:
    title: str
    subtitle: str
    stand: str  # the date the document was made
    facts: tuple[tuple[str, str], ...]
    modules: tuple[ModuleRow, ...]
    totals: tuple[tuple[str, str, str, str], ...]
    money: tuple[tuple[str, str], ...]
    ok: bool
    verdict: str
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    signatures: tuple[str, ...]
    footer: str
    profile_svg: str = ""  # the competence profile as an inline SVG
    profile_levels: tuple[tuple[str, str, str], ...] = ()  # (id, text, level)
    funding: FundingSection | None = None


def funding_section(result: FundingResult, rules: FundingRules) -> FundingSection:
    """Bookings that get the plain share stand in one line (their costs are in the module
    table); every other booking has its row with the reason."""
    from qplan.render.funding import booking_cells, money, office_lines

    plain = [b for b in result.bookings if b.reason == "eligible"]
    rows = tuple(booking_cells(b, rules, result.target_group) for b in result.bookings if b.reason != "eligible")
    totals = (
        ("Kosten gesamt", money(result.cost_cents)),
        ("Förderung", money(result.subsidy_cents)),
        ("Eigenanteil", money(result.own_cents)),
    )
    notes: list[str] = []
    if not result.bookings:
        notes.append("Keine Buchungen: Förderung 0 €.")
    if plain:
        subsidy = money(sum(b.subsidy_cents for b in plain))
        notes.append(
            f"{rules.share.percent} % der Kosten gefördert ({len(plain)} Buchung(en), zusammen {subsidy}): "
            + ", ".join(b.offer for b in plain)
            + "."
        )
    notes.append(rules.note)
    return FundingSection(rows, totals, tuple(office_lines(rules)), tuple(notes))


def build(
    result: PlanResult,
    catalog: Catalog,
    *,
    today: date,
    profile: Profile | None = None,
    funding: tuple[FundingResult, FundingRules] | None = None,
) -> Report:
    doc = result.doc
    track = result.track
    fmt = catalog.format_by_id.get(doc.format)
    field = catalog.field_by_id.get(doc.field or "")
    facts: list[tuple[str, str]] = []
    if doc.learner:
        facts.append(("Lernende Person", doc.learner))
    if doc.organisation:
        facts.append(("Organisation", doc.organisation))
    if doc.contact:
        facts.append(("Kontakt", doc.contact))
    facts.append(("Format", fmt.name if fmt else doc.format))
    facts.append(("Aufgabenfeld", field.name if field else ("beide Aufgabenfelder" if doc.field == "beide" else "–")))
    if doc.start:
        end = result.schedule.end
        facts.append(("Zeitraum", f"{german(doc.start)} – {german(end)}" if end else f"ab {german(doc.start)}"))
    budget = track.budget if track else None
    if budget and budget.wst:
        parts = [f"{budget.wst.describe()} WSt gesamt"]
        if budget.praesenz:
            parts.append(f"{budget.praesenz.describe()} WSt Präsenz")
        if budget.selbstlern:
            parts.append(f"{budget.selbstlern.describe()} WSt Selbstlernen")
        facts.append(("Budget der Spur", ", ".join(parts)))

    rows = []
    charged: set[str] = set()  # an offer is one booking: its cost stands at its first module
    bookings = {b.offer: b for b in doc.booked()}
    cost_total = funded_total = 0
    for entry in sorted(doc.modules, key=lambda e: (e.date is None, e.date or doc.start, catalog.order_key(e.id))):
        module = catalog.module_by_id.get(entry.id)
        if entry.date is None:
            when = "–"
        elif entry.until is not None:
            when = f"{german(entry.date)} –\n{german(entry.until)}"
        else:
            when = german(entry.date)
        offer_lines = [f"Angebot {entry.offer}"] if entry.offer else []
        offer_lines += [text for text in (entry.provider, entry.location) if text]
        booking = bookings.get(entry.offer or "")
        if booking is None or booking.cost_eur is None:
            cost = "–"
        elif booking.offer in charged:
            cost = f"im Angebot {booking.offer}"
        else:
            charged.add(booking.offer)
            cost_total += booking.cost_eur
            funded_total += booking.cost_eur if booking.funded else 0
            cost = euros(booking.cost_eur) + ("\ngefördert" if booking.funded else "\nnicht gefördert")
        rows.append(
            ModuleRow(
                when=when,
                kind=PHASE_NAMES[entry.phase],
                module=f"{entry.id} {module.title if module else '?'} ({entry.wst} WSt)",
                offer="\n".join(offer_lines) or "–",
                cost=cost,
                deadline=german(booking.registration_deadline) if booking and booking.registration_deadline else "–",
                state="erledigt" if entry.done else "offen",
            )
        )
    totals = result.evaluation.totals
    target = {
        "wst": budget.wst.describe() + " WSt" if budget and budget.wst else "frei",
        "praesenz": budget.praesenz.describe() + " WSt" if budget and budget.praesenz else "–",
        "selbstlern": budget.selbstlern.describe() + " WSt" if budget and budget.selbstlern else "–",
    }
    total_rows = (
        ("Gesamt", f"{totals.wst} WSt", target["wst"], hours(catalog, totals.wst)),
        ("Präsenz", f"{totals.praesenz} WSt", target["praesenz"], hours(catalog, totals.praesenz)),
        ("Selbstlernen", f"{totals.selbstlern} WSt", target["selbstlern"], hours(catalog, totals.selbstlern)),
    )
    money = (
        (("Kosten der Angebote", euros(cost_total)), ("davon gefördert", euros(funded_total)))
        if any(b.cost_eur is not None for b in bookings.values())
        else ()
    )
    checks = result.evaluation.checks
    held = sum(1 for c in checks if c.ok)
    if result.ok:
        verdict = f"Der Plan erfüllt die Regeln des Programms ({held} von {len(checks)} Prüfungen erfüllt)."
    else:
        verdict = f"Der Plan erfüllt die Regeln des Programms nicht ({held} von {len(checks)} Prüfungen erfüllt)."
    problems = tuple(f"{f.message} ({f.code})" for f in result.evaluation.findings if f.severity != "info")
    return Report(
        title=f"Lernplan: {track.name if track else doc.format}",
        subtitle="Fortbildungsprogramm „Qualifiziert ins Quartier!“",
        stand=german(today),
        facts=tuple(facts),
        modules=tuple(rows),
        totals=total_rows,
        money=money,
        ok=result.ok,
        verdict=verdict,
        problems=problems,
        notes=tuple(result.schedule.notes),
        signatures=("Ort, Datum, Unterschrift der lernenden Person", "Ort, Datum, Unterschrift des Arbeitgebers"),
        footer=(
            f"Erstellt mit qplan {__version__} nach dem Leitfaden „Qualifiziert ins Quartier!“ (2019). "
            "1 WSt = 45 Minuten."
        ),
        profile_svg=profile_svg(profile) if profile is not None and profile.competences else "",
        profile_levels=tuple((c.id, c.text, LEVEL_NAMES[c.level]) for c in profile.competences) if profile else (),
        funding=funding_section(*funding) if funding is not None else None,
    )
