"""Generate provider files: the shipped example (fictional) and large ones for benchmarks.

    python benchmarks/offers_gen.py --example > data/providers.yaml
    python benchmarks/offers_gen.py --offers 5000 > /tmp/providers-5000.yaml

Every provider and offer is invented; the names say so. Offers follow the programme's
shape: 1-day introductions, 2-day events of the paired Basis modules (M01+M03, M07+M08,
M11+M15), 3-day events for Steuerung, single presence days, accompanied self-study
windows, and Vertiefung days, in all four Regierungsbezirke over two years.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

PROVIDERS = [
    # id, name, kind, city, region, settings, group
    (
        "ak-neckarbogen",
        "Akademie Neckarbogen (fiktiv)",
        "Bildungswerk",
        "Stuttgart",
        "stuttgart",
        ["regional", "zentral"],
        "wechselnd",
    ),
    (
        "hs-filstal",
        "Hochschule Filstal, Zentrum für Weiterbildung (fiktiv)",
        "Hochschule",
        "Göppingen",
        "stuttgart",
        ["zentral", "regional"],
        "fest",
    ),
    (
        "kt-remsaue",
        "Kreisbildungsträger Remsaue (fiktiv)",
        "kommunaler Träger",
        "Waiblingen",
        "stuttgart",
        ["inhouse", "regional"],
        "fest",
    ),
    (
        "vb-rheinauen",
        "Verbandsakademie Rheinauen (fiktiv)",
        "Verband",
        "Karlsruhe",
        "karlsruhe",
        ["regional", "zentral"],
        "wechselnd",
    ),
    (
        "bw-kraichgau",
        "Bildungswerk Kraichgau (fiktiv)",
        "Bildungswerk",
        "Bruchsal",
        "karlsruhe",
        ["regional", "inhouse"],
        "fest",
    ),
    (
        "hs-odenwaldtor",
        "Hochschule am Odenwaldtor (fiktiv)",
        "Hochschule",
        "Heidelberg",
        "karlsruhe",
        ["zentral", "regional"],
        "wechselnd",
    ),
    (
        "ak-dreisamtal",
        "Akademie Dreisamtal (fiktiv)",
        "Bildungswerk",
        "Freiburg im Breisgau",
        "freiburg",
        ["regional", "zentral"],
        "wechselnd",
    ),
    (
        "qf-schwarzwaldrand",
        "Quartiersforum Schwarzwaldrand (fiktiv)",
        "Verband",
        "Offenburg",
        "freiburg",
        ["regional", "inhouse"],
        "fest",
    ),
    (
        "kb-hochrhein",
        "Kommunales Bildungszentrum Hochrhein (fiktiv)",
        "kommunaler Träger",
        "Lörrach",
        "freiburg",
        ["inhouse", "regional"],
        "fest",
    ),
    (
        "hs-albtrauf",
        "Hochschule Albtrauf, Institut für Quartiersarbeit (fiktiv)",
        "Hochschule",
        "Reutlingen",
        "tuebingen",
        ["zentral", "regional"],
        "wechselnd",
    ),
    (
        "bw-oberschwaben",
        "Bildungswerk Oberschwaben (fiktiv)",
        "Bildungswerk",
        "Ravensburg",
        "tuebingen",
        ["regional", "inhouse"],
        "fest",
    ),
    ("vd-donauufer", "Verbund Donauufer (fiktiv)", "Verband", "Ulm", "tuebingen", ["regional", "zentral"], "wechselnd"),
]
VENUES = [
    "Tagungshaus am Markt",
    "Bildungszentrum Süd",
    "Haus der Begegnung",
    "Bürgerhaus Mitte",
    "Seminarhaus am Fluss",
]
PAIRS = [("M01", "M03"), ("M07", "M08"), ("M11", "M15")]
# Three 3-day events of Steuerung, one every half-year; every Grundlagen module comes in an
# event before (or earlier in the same event than) the modules of its Lernbereich, and the
# Grundlagen of LB5 early, so that its self-study modules (M17, M18) find windows after it.
STEUERUNG = [("M01", "M03", "M15"), ("M07", "M08", "M10"), ("M11", "M12", "M16")]
SINGLES = ["M10", "M12", "M16"]
SELF_STUDY = ["M02", "M04", "M05", "M06", "M09", "M10", "M12", "M13", "M14", "M16", "M17", "M18"]
VERTIEFUNG = [f"V{n:02d}" for n in range(1, 12)]


def weekdays_from(day: date, count: int) -> list[date]:
    """`count` consecutive weekdays starting on the first day on/after `day` that allows it."""
    while day.weekday() + count > 5:
        day += timedelta(days=1)
    return [day + timedelta(days=i) for i in range(count)]


ACCOMPANIMENT = (
    "drei Begleittreffen in Präsenz",
    "Praxisberatung per Video alle vier Wochen",
    "Mentorin aus der Praxis, zwei Treffen",
    "Begleitgruppe, monatlich online",
)


class Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.offers: list[dict[str, object]] = []

    def add(
        self,
        provider: tuple,
        modules: list[str],
        phase: str,
        *,
        dates: list[date] | None = None,
        start: date | None = None,
        until: date | None = None,
        cost: int,
        setting: str | None = None,
        online: bool = False,
    ) -> None:
        pid, _name, _kind, city, _region, settings, _group = provider
        setting = setting or settings[0]
        if setting not in settings:
            setting = "regional" if "regional" in settings else settings[0]
        first = dates[0] if dates else start
        assert first is not None
        seats = self.rng.choice([16, 18, 20, 24])
        number = len(self.offers) + 1
        booked = seats if number % 9 == 0 else self.rng.randrange(0, seats - 2)
        offer: dict[str, object] = {
            "id": f"A{number:05d}",
            "provider": pid,
            "modules": modules,
            "phase": phase,
            "setting": setting,
            "location": "online" if online else f"{city}, {self.rng.choice(VENUES)}",
        }
        if dates:
            offer["dates"] = [d.isoformat() for d in dates]
        else:
            offer["start"] = start.isoformat() if start else None
            offer["until"] = until.isoformat() if until else None
        offer.update(
            {
                "seats": seats,
                "booked": booked,
                "cost_eur": cost,
                "funded": setting != "zentral" or number % 2 == 0,
                "registration_deadline": (first - timedelta(days=21)).isoformat(),
            }
        )
        if online:
            offer["online"] = True
        if phase == "selbstlern":  # the Prozessbegleitung the guideline asks for (QA106)
            offer["begleitung"] = f"Prozessbegleitung: {ACCOMPANIMENT[number % len(ACCOMPANIMENT)]} (fiktiv)"
        self.offers.append(offer)


def example(
    seed: int = 2027, quarters: int = 8, first: date = date(2027, 1, 1), shift: int = 0
) -> list[dict[str, object]]:
    """The shipped example: every region, two years, every Basis module several times
    (`shift`: every date that many days later, for files whose candidates grow)."""
    builder = Builder(seed)
    regions: dict[str, list[tuple]] = {}
    for provider in PROVIDERS:
        regions.setdefault(provider[4], []).append(provider)
    for quarter in range(quarters):
        q_start = date(first.year + (first.month - 1 + 3 * quarter) // 12, (first.month - 1 + 3 * quarter) % 12 + 1, 1)
        for members in regions.values():
            lead = members[quarter % len(members)]
            other = members[(quarter + 1) % len(members)]

            def week(n: int, q_start: date = q_start) -> date:
                return q_start + timedelta(weeks=n, days=shift)

            builder.add(lead, ["E01"], "praesenz", dates=weekdays_from(week(1), 1), cost=90)
            inhouse = next((m for m in members if "inhouse" in m[5]), None)
            if inhouse is not None and quarter % 2 == 0:
                builder.add(inhouse, ["E01"], "praesenz", dates=weekdays_from(week(4), 1), cost=0, setting="inhouse")
            for number, pair in enumerate(PAIRS):
                builder.add(
                    lead,
                    list(pair),
                    "praesenz",
                    dates=weekdays_from(week(2 + 3 * number) + timedelta(1), 2),
                    cost=builder.rng.choice([260, 280, 300, 320]),
                    setting="regional",
                )
            if quarter % 2 == 0:
                for number, triple in enumerate(STEUERUNG):
                    builder.add(
                        other,
                        list(triple),
                        "praesenz",
                        dates=weekdays_from(week(3 + 3 * number), 3),
                        cost=builder.rng.choice([390, 420, 450]),
                        setting="zentral",
                    )
            else:
                for number, module in enumerate(SINGLES):
                    builder.add(
                        other,
                        [module],
                        "praesenz",
                        dates=weekdays_from(week(11) + timedelta(number), 1),
                        cost=140,
                        setting="regional",
                    )
            for number, module in enumerate(SELF_STUDY):
                begin = week(3 + number % 4)
                builder.add(
                    lead if number % 2 else other,
                    [module],
                    "selbstlern",
                    start=begin,
                    until=begin + timedelta(weeks=10),
                    cost=builder.rng.choice([80, 95, 110, 120]),
                    setting="regional",
                )
            for offset in range(3):
                module = VERTIEFUNG[(quarter * 3 + offset) % len(VERTIEFUNG)]
                builder.add(
                    other,
                    [module],
                    "praesenz",
                    dates=weekdays_from(week(12) + timedelta(offset), 1),
                    cost=130,
                    setting="regional",
                )
        # Accompanied self-study online, central, for all regions, every half-year.
        if quarter % 2 == 0:
            central = PROVIDERS[(quarter // 2) % len(PROVIDERS)]
            for module in SELF_STUDY:
                begin = q_start + timedelta(weeks=6)
                builder.add(
                    central,
                    [module],
                    "selbstlern",
                    start=begin,
                    until=begin + timedelta(weeks=12),
                    cost=95,
                    setting="zentral",
                    online=True,
                )
    return builder.offers


def scaled(count: int, seed: int = 7) -> list[dict[str, object]]:
    """About `count` offers: the example's pattern repeated over more years and shuffled."""
    return _repeated(count, seed, shifted=False)


# Presence events that hold a module another track learns in self-study (booked whole, the
# module moves into presence), self-study windows for two modules, and 2-day events over a
# weekend (Friday and Monday: one booking, one event).
MIXED = [("M07", "M10"), ("M11", "M12"), ("M15", "M16"), ("M03", "M04"), ("M01", "M02")]
SELF_PAIRS = [("M05", "M06"), ("M09", "M13"), ("M17", "M18"), ("M10", "M12"), ("M02", "M04")]
TRACKS = [
    ("einfuehrung", None),
    ("basis", "koordination"),
    ("basis", "steuerung"),
    ("basis", "beide"),
    ("vertiefung", None),
]
REGIONS = ["stuttgart", "karlsruhe", "freiburg", "tuebingen"]


def _month(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def scenario(seed: int) -> tuple[list[dict[str, object]], list[str]]:
    """A generated planning scenario: offers (the example's pattern plus multi-module and
    mixed-phase offers and events over a weekend) and the options of `qplan plan --offers`
    (every track, start dates, regions, budgets, days off, done modules, --compact)."""
    rng = random.Random(seed)
    fmt, field = TRACKS[seed % len(TRACKS)]
    start = _month(2027, rng.randrange(1, 13))
    first = _month(start.year, start.month - rng.randrange(0, 4))
    builder = Builder(seed)
    builder.offers = example(seed, quarters=rng.choice([6, 8, 10]), first=first)
    for _ in range(rng.randrange(4, 16)):
        provider = rng.choice(PROVIDERS)
        day = first + timedelta(days=rng.randrange(0, 600))
        kind = rng.random()
        if kind < 0.4:
            pair = list(rng.choice(MIXED + PAIRS))
            if rng.random() < 0.5:  # Friday and Monday
                while day.weekday() != 4:
                    day += timedelta(days=1)
                days = [day, day + timedelta(days=3)]
            else:
                days = weekdays_from(day, 2)
            builder.add(provider, pair, "praesenz", dates=days, cost=rng.choice([240, 280, 320]), setting="regional")
        elif kind < 0.7:
            pair = list(rng.choice(SELF_PAIRS))
            until = day + timedelta(weeks=rng.choice([8, 10, 14]))
            builder.add(provider, pair, "selbstlern", start=day, until=until, cost=rng.choice([150, 180, 220]))
        else:
            module = rng.choice(SELF_STUDY)
            builder.add(provider, [module], "praesenz", dates=weekdays_from(day, 1), cost=rng.choice([120, 140]))
    for number, offer in enumerate(builder.offers, 1):
        offer["id"] = f"A{number:05d}"
    args = ["--format", fmt, "--start", start.isoformat()[:7]]
    if field:
        args += ["--field", field]
    if fmt == "vertiefung":
        for module in rng.sample(VERTIEFUNG, rng.randrange(1, 4)) + rng.sample(["M04", "M10", "M16"], 1):
            args += ["--module", module]
    if rng.random() < 0.4:
        args += ["--region", rng.choice(REGIONS)]
    if rng.random() < 0.3:
        args += ["--home", rng.choice(REGIONS)]
    if rng.random() < 0.25:
        args += ["--budget-eur", str(rng.randrange(600, 3000, 50))]
    if rng.random() < 0.3:
        off = start + timedelta(days=rng.randrange(0, 400))
        args += ["--unavailable", f"{off.isoformat()}..{(off + timedelta(days=rng.randrange(3, 45))).isoformat()}"]
    if fmt == "basis" and rng.random() < 0.2:
        args += ["--done", rng.choice(["M01", "M03", "M11", "M15"])]  # in every Basis track
    if fmt == "basis" and rng.random() < 0.15:
        args.append("--compact")
    return builder.offers, args


def growing(count: int, seed: int = 7) -> list[dict[str, object]]:
    """About `count` offers whose distinct dates grow with the count: each repetition of the
    example's pattern is shifted by a few days, so that more offers mean more candidates
    (`scaled` repeats three date grids: 50,000 offers there give the candidates of 5,000)."""
    return _repeated(count, seed, shifted=True)


def _repeated(count: int, seed: int, *, shifted: bool) -> list[dict[str, object]]:
    """The example repeated until `count` offers, numbered and shuffled (`shifted`: each third
    repetition a few days later)."""
    offers: list[dict[str, object]] = []
    round_ = 0
    while len(offers) < count:
        shift = (round_ // 3) % 35 if shifted else 0
        offers.extend(example(seed + round_, quarters=8, first=date(2027, 1 + (round_ % 3), 1), shift=shift))
        round_ += 1
    offers = offers[:count]
    for number, offer in enumerate(offers, 1):
        offer["id"] = f"A{number:05d}"
    random.Random(seed).shuffle(offers)
    return offers


def render(offers: list[dict[str, object]], *, example_note: bool) -> str:
    lines = [
        "# Anbieterdatei für qplan: Fortbildungsträger und ihre Angebote.",
        "#",
        "# ALLE TRÄGER UND ANGEBOTE IN DIESER DATEI SIND FREI ERFUNDEN (fiktiv). Der Leitfaden nennt",
        "# keine Träger; die Koordinierungsstelle pflegt die echte Übersicht. Diese Datei zeigt nur",
        "# die Form und macht das Planen mit Angeboten ausprobierbar. Eine echte Datei wird mit",
        "# --providers PFAD oder QPLAN_PROVIDERS geladen.",
        "#",
        "# Angebot: modules (ein Präsenztag je Modul, in der Reihenfolge von dates) oder ein",
        "# Selbstlern-Zeitfenster start–until mit Begleitung; setting inhouse/regional/zentral;",
        "# seats und booked (ausgebucht, wenn booked ≥ seats); cost_eur; funded (Landesförderung);",
        "# registration_deadline (Anmeldeschluss); begleitung (Prozessbegleitung des Selbstlernens);",
        "# status (eingereicht, geprüft, aufgenommen, abgelehnt; ohne: aufgenommen), reviewer, reason;",
        "# wst je Modul, wenn das Angebot ein Modul nur teilweise abdeckt (z. B. wst: {M01: 4}).",
        "#",
        "# Erzeugt mit benchmarks/offers_gen.py --example.",
        "schema_version: 1",
        'note: "Fiktive Beispieldaten – keine echten Träger oder Angebote."'
        if example_note
        else 'note: "Generierte Testdaten für Benchmarks."',
        "providers:",
    ]
    for pid, name, kind, city, region, settings, group in PROVIDERS:
        lines.append(
            f"  - {{id: {pid}, name: {json.dumps(name, ensure_ascii=False)}, "
            f"kind: {json.dumps(kind, ensure_ascii=False)}, "
            f"city: {json.dumps(city, ensure_ascii=False)}, region: {region}, settings: [{', '.join(settings)}], "
            f'group: {group}, url: "https://example.org/fiktiv/{pid}"}}'
        )
    lines.append("offers:")
    for offer in offers:
        parts = []
        for key, value in offer.items():
            if isinstance(value, list):
                parts.append(f"{key}: [{', '.join(str(v) for v in value)}]")
            elif isinstance(value, bool):
                parts.append(f"{key}: {'true' if value else 'false'}")
            elif isinstance(value, str) and (" " in value or "," in value or ":" in value):
                parts.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
            else:
                parts.append(f"{key}: {value}")
        lines.append("  - {" + ", ".join(parts) + "}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--example", action="store_true", help="the shipped example file")
    group.add_argument("--offers", type=int, help="about this many offers, for benchmarks")
    args = parser.parse_args()
    offers = example() if args.example else scaled(args.offers)
    sys.stdout.write(render(offers, example_note=args.example))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def write_file(folder: Path, size: int, *, growing_file: bool) -> Path:
    """A generated providers file of `size` offers in `folder` (the benchmarks' input)."""
    path = folder / f"providers-{size}.yaml"
    generated = growing(size) if growing_file else scaled(size)
    path.write_text(render(generated, example_note=False), encoding="utf-8")
    return path
