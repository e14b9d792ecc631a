"""`qplan team`: a municipality's team, each member advised, the headcount per module and
half-year, and where it reaches the catalogue's minimum group, an in-house event; with
several teams and `pool`, the in-house events only the teams together reach."""

from __future__ import annotations

from collections import Counter
from datetime import date

from qplan.dates import first_of_next_month
from qplan.errors import InputError
from qplan.findings import Finding
from qplan.models.catalog import Catalog
from qplan.models.requests import PlanRequest
from qplan.models.team import (
    Advice,
    HalfYear,
    Headcount,
    Member,
    Proposal,
    Team,
    TeamOutcome,
    TeamReport,
    TeamRequest,
)

# Without the catalogue's `teams` block (an older catalogue): no in-house proposals at all.
NO_MINIMUM = 10**9


def half_year(day: date) -> HalfYear:
    return day.year, 1 if day.month <= 6 else 2


def advise(member: Member, catalog: Catalog) -> Advice:
    """The member's format and task field by the advisor's rules (data/modules.yaml)."""
    advisor = catalog.advisor
    answers = {"rolle": member.role or "", "vorkenntnisse": member.prior or "", "ziel": member.goal or ""}
    rec = advisor.recommend(answers) if advisor is not None else None
    if rec is None:
        return Advice(member.name, None, None, "Für diese Angaben gibt es keine Empfehlung.")
    return Advice(member.name, rec.format, rec.field, rec.reason)


PathKey = tuple[str, str | None, tuple[str, ...]]
Dated = dict[str, tuple[date, bool]]  # module -> (presence day or window start, presence)


def _key(item: Advice, member: Member) -> PathKey | None:
    """The path an advised member takes; None without a format, or a Vertiefung without modules."""
    if item.format is None or (item.format == "vertiefung" and not member.modules):
        return None
    return item.format, item.field, member.modules if item.format == "vertiefung" else ()


def _scheduled(key: PathKey, catalog: Catalog, start: date, today: date) -> Dated:
    """The path's open modules, each with its day in the computed schedule from `start`."""
    from qplan.run.plan import plan

    done = plan(catalog, PlanRequest(key[0], key[1], start, modules=key[2]), today=today)
    return {e.id: (e.date, e.phase == "praesenz") for e in done.doc.modules if not e.done and e.date is not None}


def _report(team: Team, catalog: Catalog, start: date, today: date, minimum: int) -> TeamReport:
    paths: dict[PathKey, Dated] = {}  # one schedule per distinct path
    advice: list[Advice] = []
    counts: Counter[tuple[str, HalfYear]] = Counter()
    presence: dict[str, bool] = {}
    for member in team.members:
        item = advise(member, catalog)
        key = _key(item, member)
        if key is None:
            advice.append(item)
            continue
        if key not in paths:
            paths[key] = _scheduled(key, catalog, start, today)
        advice.append(Advice(item.name, item.format, item.field, item.reason, tuple(paths[key])))
        for module, (day, is_presence) in paths[key].items():
            counts[(module, half_year(day))] += 1
            presence[module] = is_presence
    order = catalog.order_key
    headcounts = tuple(
        Headcount(m, h, n, presence[m]) for (m, h), n in sorted(counts.items(), key=lambda i: (i[0][1], order(i[0][0])))
    )
    proposals = tuple(Proposal(c.module, c.half, c.count, c.count >= minimum) for c in headcounts if c.presence)
    return TeamReport(team, tuple(advice), headcounts, proposals)


def _pool(reports: tuple[TeamReport, ...], minimum: int) -> tuple[Proposal, ...]:
    """Every presence module and half-year of the teams together; `pooled` where only the pool
    reaches the minimum (each team with the module alone stays below it)."""
    each: dict[tuple[str, HalfYear], list[tuple[str, int]]] = {}
    for report in reports:
        for count in report.headcounts:
            if count.presence:
                each.setdefault((count.module, count.half), []).append((report.team.name, count.count))
    pooled = []
    for (module, half), teams in each.items():
        total = sum(n for _, n in teams)
        inhouse = total >= minimum
        alone_too_small = all(n < minimum for _, n in teams)
        pooled.append(
            Proposal(module, half, total, inhouse, inhouse and alone_too_small and len(teams) > 1, tuple(teams))
        )
    return tuple(pooled)


def execute(request: TeamRequest, catalog: Catalog) -> TeamOutcome:
    """Read every team file (all problems of all files first: InputError, exit 2), then advise."""
    from qplan.loading.team import read_team

    teams: list[Team] = []
    problems: list[Finding] = []
    for path in request.paths:
        team, findings = read_team(path, catalog)
        problems.extend(findings)
        if team is not None:
            teams.append(team)
    if any(f.severity == "error" for f in problems):
        files = len({f.path for f in problems if f.severity == "error"})
        raise InputError(f"{files} Teamdatei(en) nicht verwendbar; bitte die Zeilen oben korrigieren.", problems)
    names = Counter(t.name for t in teams)
    teams = [t if names[t.name] == 1 else Team(t.label, t.label, t.members) for t in teams]
    rules = catalog.teams
    minimum = rules.inhouse_min_group if rules else NO_MINIMUM
    start = request.start or first_of_next_month(request.today)
    reports = tuple(_report(team, catalog, start, request.today, minimum) for team in teams)
    pool = _pool(reports, minimum) if request.pool else None
    if pool is not None:
        order = catalog.order_key
        pool = tuple(sorted(pool, key=lambda p: (p.half, order(p.module))))
    return TeamOutcome(
        reports,
        start,
        minimum,
        bool(rules and rules.inhouse_min_group_assumed),
        rules.source if rules else "",
        pool,
    )
