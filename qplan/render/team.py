"""`qplan team` as text, JSON and a printable HTML page (A4).

Names appear only here, in the team's own outputs; the office's aggregates count people."""

from __future__ import annotations

from html import escape
from typing import Any

from qplan.dates import german
from qplan.models.catalog import Catalog
from qplan.models.team import Advice, HalfYear, Proposal, TeamOutcome, TeamReport
from qplan.render.layout import fold


def half_name(half: HalfYear) -> str:
    return f"{half[1]}. Halbjahr {half[0]}"


def _people(count: int) -> str:
    return "1 Person" if count == 1 else f"{count} Personen"


def _format(advice: Advice, catalog: Catalog) -> str:
    if advice.format is None:
        return "keine Empfehlung"
    fmt = catalog.format_by_id.get(advice.format)
    name = fmt.name if fmt else advice.format
    if advice.field == "beide":
        name += ", beide Aufgabenfelder"
    elif advice.field:
        field = catalog.field_by_id.get(advice.field)
        name += f", Aufgabenfeld {field.name if field else advice.field}"
    elif advice.format == "basis":
        name += ", beide Aufgabenfelder"
    if advice.format == "vertiefung" and not advice.modules:
        name += " (Module frei wählbar: Spalte „module“)"
    return name


def proposal_line(p: Proposal, minimum: int) -> str:
    """`E01 inhouse: 14 Personen`, `E01 inhouse gemeinsam: 10 Personen; allein jeweils zu
    klein`, or regional offers with the reason."""
    if p.pooled:
        return f"{p.module} inhouse gemeinsam: {_people(p.count)}; allein jeweils zu klein"
    if p.inhouse:
        return f"{p.module} inhouse: {_people(p.count)}"
    return f"{p.module} regionale Angebote: {_people(p.count)} (inhouse ab {minimum})"


def _minimum_note(outcome: TeamOutcome) -> str:
    return f"inhouse ab {_people(outcome.min_group)}" + (", angenommen" if outcome.assumed else "")


def _by_half(proposals: tuple[Proposal, ...]) -> dict[HalfYear, list[Proposal]]:
    grouped: dict[HalfYear, list[Proposal]] = {}
    for p in proposals:
        grouped.setdefault(p.half, []).append(p)
    return grouped


def lines(outcome: TeamOutcome, catalog: Catalog, width: int = 80) -> list[str]:
    out: list[str] = []
    for report in outcome.reports:
        out += _team_lines(report, outcome, catalog)
        out.append("")
    if outcome.pool is not None:
        teams = len(outcome.reports)
        out.append(f"Gemeinsam ({teams} Teams, {_people(outcome.people)}; {_minimum_note(outcome)}):")
        shown = [p for p in outcome.pool if p.inhouse]
        for half, proposals in _by_half(tuple(shown)).items():
            out.append(f"  {half_name(half)}:")
            for p in proposals:
                parts = ", ".join(f"{name} {count}" for name, count in p.teams)
                out.append(f"    {proposal_line(p, outcome.min_group)} ({parts})")
        if not shown:
            out.append("  Auch gemeinsam erreicht kein Modul die Mindestgröße.")
        only = sum(p.pooled for p in outcome.pool)
        out.append(f"  Nur gemeinsam erreicht: {only} Veranstaltung(en).")
        out.append("")
    if outcome.assumed:
        out.append(
            f"Annahme: Der Leitfaden nennt keine Mindestgröße für Inhouse-Veranstaltungen; qplan nimmt "
            f"{_people(outcome.min_group)} an (Katalog, „teams“)."
        )
    folded: list[str] = []
    for line in out:
        folded += fold(line, width)
    return folded


def _team_lines(report: TeamReport, outcome: TeamOutcome, catalog: Catalog) -> list[str]:
    team = report.team
    out = [
        f"Team {team.name} ({team.label}): {_people(len(team.members))}, Beginn {german(outcome.start)}",
        "  Format und Aufgabenfeld je Person (nach den Regeln der Beratung):",
    ]
    out += [f"    {a.name}: {_format(a, catalog)}" for a in report.advice]
    out.append("  Personen je Modul und Halbjahr:")
    for half, counts in _grouped_counts(report).items():
        out.append(f"    {half_name(half)}:")
        out.append(
            "      " + " · ".join(f"{m} {n}{'' if presence else ' (Selbstlernen)'}" for m, n, presence in counts)
        )
    if not report.headcounts:
        out.append("    keine (kein Pfad mit Terminen)")
    out.append(f"  Vorschläge ({_minimum_note(outcome)}):")
    for half, proposals in _by_half(report.proposals).items():
        out.append(f"    {half_name(half)}:")
        out += [f"      {proposal_line(p, outcome.min_group)}" for p in proposals if p.inhouse]
        regional = " · ".join(f"{p.module} {p.count}" for p in proposals if not p.inhouse)
        if regional:
            out.append(f"      regionale Angebote (unter {outcome.min_group} Personen): {regional}")
    if not report.proposals:
        out.append("    keine Präsenzveranstaltung")
    return out


def _grouped_counts(report: TeamReport) -> dict[HalfYear, list[tuple[str, int, bool]]]:
    grouped: dict[HalfYear, list[tuple[str, int, bool]]] = {}
    for c in report.headcounts:
        grouped.setdefault(c.half, []).append((c.module, c.count, c.presence))
    return grouped


def _proposal_data(p: Proposal) -> dict[str, Any]:
    data: dict[str, Any] = {
        "module": p.module,
        "half_year": f"{p.half[0]}-H{p.half[1]}",
        "people": p.count,
        "setting": "inhouse" if p.inhouse else "regional",
    }
    if p.teams:
        data["pooled"] = p.pooled
        data["teams"] = [{"team": name, "people": count} for name, count in p.teams]
    return data


def data(outcome: TeamOutcome) -> dict[str, Any]:
    """The JSON form (names included: this is the team's own output)."""
    return {
        "start": outcome.start.isoformat(),
        "inhouse_min_group": outcome.min_group,
        "inhouse_min_group_assumed": outcome.assumed,
        "source": outcome.source,
        "teams": [
            {
                "team": r.team.name,
                "file": r.team.label,
                "people": len(r.team.members),
                "members": [
                    {
                        "name": a.name,
                        "format": a.format,
                        "field": a.field,
                        "reason": a.reason,
                        "modules": list(a.modules),
                    }
                    for a in r.advice
                ],
                "headcounts": [
                    {
                        "module": c.module,
                        "half_year": f"{c.half[0]}-H{c.half[1]}",
                        "people": c.count,
                        "presence": c.presence,
                    }
                    for c in r.headcounts
                ],
                "proposals": [_proposal_data(p) for p in r.proposals],
            }
            for r in outcome.reports
        ],
        "pool": None if outcome.pool is None else [_proposal_data(p) for p in outcome.pool],
    }


def html(outcome: TeamOutcome, catalog: Catalog, stand: str) -> str:
    """One self-contained printable page (A4 portrait), the plan export's style."""
    from qplan.render.html import STYLE

    title = "Team" if len(outcome.reports) == 1 else "Teams"
    names = ", ".join(r.team.name for r in outcome.reports)
    page = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(title)} {escape(names)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f'<p class="stand">Stand: {escape(stand)}</p>',
        f"<h1>{escape(title)} {escape(names)}</h1>",
        f'<p class="subtitle">Qualifiziert ins Quartier! · Beginn {escape(german(outcome.start))} · '
        f"{escape(_minimum_note(outcome))}</p>",
    ]
    for report in outcome.reports:
        page.append(f"<h2>{escape(report.team.name)}: {escape(_people(len(report.team.members)))}</h2>")
        page.append('<table class="team"><thead><tr><th>Name</th><th>Format und Aufgabenfeld</th>')
        page.append("<th>Module</th></tr></thead><tbody>")
        for a in report.advice:
            page.append(
                f"<tr><td>{escape(a.name)}</td><td>{escape(_format(a, catalog))}</td>"
                f"<td>{escape(' '.join(a.modules))}</td></tr>"
            )
        page.append("</tbody></table>")
        page.append("<h2>Personen je Modul und Halbjahr</h2>")
        page.append('<table class="counts"><thead><tr><th>Halbjahr</th><th>Modul</th><th>Personen</th>')
        page.append("<th>Vorschlag</th></tr></thead><tbody>")
        proposals = {(p.module, p.half): p for p in report.proposals}
        for c in report.headcounts:
            p = proposals.get((c.module, c.half))
            proposal = proposal_line(p, outcome.min_group) if p else "Selbstlernphase"
            page.append(
                f'<tr><td class="nowrap">{escape(half_name(c.half))}</td><td>{escape(c.module)}</td>'
                f'<td class="num">{c.count}</td><td>{escape(proposal)}</td></tr>'
            )
        page.append("</tbody></table>")
    if outcome.pool is not None:
        page.append("<h2>Gemeinsam</h2><ul>")
        for p in outcome.pool:
            if p.inhouse:
                parts = ", ".join(f"{name} {count}" for name, count in p.teams)
                page.append(
                    f"<li>{escape(half_name(p.half))}: {escape(proposal_line(p, outcome.min_group))} "
                    f"({escape(parts)})</li>"
                )
        page.append("</ul>")
    page.append(f"<footer>{escape(outcome.source)}</footer>")
    page += ["</body>", "</html>"]
    return "\n".join(page) + "\n"
