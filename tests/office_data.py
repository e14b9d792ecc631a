"""Skewed data for the office's overviews (coverage, demand, providers diff): a thin
Regierungsbezirk (Tübingen has no offer), an empty half-year (2028-H1), a full offer, an
online offer, and plan files with a known over-subscription and demand without an offer."""

from __future__ import annotations

from pathlib import Path

PROVIDERS = """\
schema_version: 1
note: "Testdaten, fiktiv"
providers:
  - {id: p-s, name: "Träger Stuttgart (fiktiv)", kind: Verband, city: Stuttgart, region: stuttgart, settings: [regional], group: fest, url: "https://example.org/s"}
  - {id: p-k, name: "Träger Karlsruhe (fiktiv)", kind: Verband, city: Karlsruhe, region: karlsruhe, settings: [regional], group: fest, url: "https://example.org/k"}
  - {id: p-f, name: "Träger Freiburg (fiktiv)", kind: Verband, city: Freiburg, region: freiburg, settings: [regional], group: fest, url: "https://example.org/f"}
  - {id: p-t, name: "Träger Tübingen (fiktiv)", kind: Verband, city: Tübingen, region: tuebingen, settings: [regional], group: fest, url: "https://example.org/t"}
offers:
  - {id: S1, provider: p-s, modules: [M01, M03], phase: praesenz, setting: regional, location: "Stuttgart, Haus A", dates: [2027-03-01, 2027-03-02], seats: 20, booked: 6, cost_eur: 200, funded: true, registration_deadline: 2027-02-01}
  - {id: S2, provider: p-s, modules: [M01], phase: praesenz, setting: regional, location: "Stuttgart, Haus A", dates: [2027-09-06], seats: 10, booked: 10, cost_eur: 100, funded: false, registration_deadline: 2027-08-01}
  - {id: K1, provider: p-k, modules: [M01], phase: praesenz, setting: regional, location: "Karlsruhe, Haus B", dates: [2027-03-08], seats: 12, booked: 0, cost_eur: 100, funded: true, registration_deadline: 2027-02-08}
  - {id: F1, provider: p-f, modules: [M11, M15], phase: praesenz, setting: regional, location: "Freiburg, Haus C", dates: [2027-03-15, 2027-03-16], seats: 16, booked: 2, cost_eur: 240, funded: true, registration_deadline: 2027-02-15}
  - {id: O1, provider: p-s, modules: [M02], phase: selbstlern, setting: regional, location: "online", start: 2027-02-01, until: 2027-04-30, seats: 30, booked: 0, cost_eur: 80, funded: true, registration_deadline: 2027-01-15, online: true}
"""

HEAD = "format: vertiefung\nstart: 2027-01-01\n"


def booking(module: str, day: str, offer: str, provider: str, location: str) -> str:
    return (
        f"  - id: {module}\n    phase: praesenz\n    wst: 6\n    date: {day}\n"
        f'    provider: "{provider}"\n    offer: {offer}\n    location: "{location}"\n'
    )


def open_module(module: str, day: str, phase: str = "praesenz", until: str | None = None) -> str:
    text = f"  - id: {module}\n    phase: {phase}\n    wst: 6\n    date: {day}\n"
    return text + (f"    until: {until}\n" if until else "")


FREIBURG = (
    HEAD
    + "home: freiburg\ntarget_group: kommunal\nmodules:\n"
    + booking("M11", "2027-03-15", "F1", "Träger Freiburg (fiktiv)", "Freiburg, Haus C")
    + booking("M15", "2027-03-16", "F1", "Träger Freiburg (fiktiv)", "Freiburg, Haus C")
)
TUEBINGEN = HEAD + "home: tuebingen\ntarget_group: ehrenamt\nmodules:\n" + open_module("V07", "2027-05-03")
STUTTGART = (
    HEAD
    + "home: stuttgart\ntarget_group: fachkraefte\nmodules:\n"
    + booking("M01", "2027-03-01", "S1", "Träger Stuttgart (fiktiv)", "Stuttgart, Haus A")
    + open_module("M02", "2027-03-03", "selbstlern", "2027-04-30")
)
WITH_ERROR = (
    HEAD
    + "home: stuttgart\nmodules:\n"
    + booking("M01", "2027-03-01", "X9", "Träger Stuttgart (fiktiv)", "Stuttgart, Haus A")
)
BROKEN = "format: vertiefung\nmodules: [\n"


def write_providers(folder: Path) -> Path:
    path = folder / "angebote.yaml"
    path.write_text(PROVIDERS, encoding="utf-8")
    return path


def write_plans(folder: Path) -> Path:
    """20 plans from Freiburg book F1 (14 free), 3 from Tübingen want V07 (no offer anywhere),
    2 from Stuttgart book S1 and want M02 (online), one plan with an error, one broken file."""
    plans = folder / "plaene"
    (plans / "freiburg").mkdir(parents=True)
    (plans / "andere").mkdir()
    for n in range(20):
        (plans / "freiburg" / f"f{n:02d}.yaml").write_text(FREIBURG, encoding="utf-8")
    for n in range(3):
        (plans / "andere" / f"t{n}.yaml").write_text(TUEBINGEN, encoding="utf-8")
    for n in range(2):
        (plans / "andere" / f"s{n}.yml").write_text(STUTTGART, encoding="utf-8")
    (plans / "andere" / "fehler.yaml").write_text(WITH_ERROR, encoding="utf-8")
    (plans / "andere" / "kaputt.yaml").write_text(BROKEN, encoding="utf-8")
    return plans


def write_changed_providers(folder: Path) -> Path:
    """The providers file a month later: K1 cancelled, S1 moved by a week, F1 with 4 seats
    fewer, a new offer T1 in the thin region."""
    lines = [line for line in PROVIDERS.splitlines() if not line.startswith("  - {id: K1")]
    text = "\n".join(lines) + "\n"
    text = text.replace("dates: [2027-03-01, 2027-03-02]", "dates: [2027-03-08, 2027-03-09]")
    text = text.replace("seats: 16, booked: 2", "seats: 12, booked: 2")
    text += (
        '  - {id: T1, provider: p-t, modules: [V07], phase: praesenz, setting: regional, location: "Tübingen, Haus D", '
        "dates: [2027-05-03], seats: 14, booked: 0, cost_eur: 120, funded: true, registration_deadline: 2027-04-01}\n"
    )
    path = folder / "angebote-neu.yaml"
    path.write_text(text, encoding="utf-8")
    return path
