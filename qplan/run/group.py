"""`qplan plan --offers --group`: one plan for a fixed learning group, and one plan file per
member that share the group's id (names only in each member's own file)."""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import replace

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanGroup
from qplan.models.providers import ProviderCatalog
from qplan.models.requests import PlanRequest, Wishes
from qplan.models.results import GroupPlan, Unserved
from qplan.planning.groups import for_group, seat_reasons


def members_of(path: str, catalog: Catalog) -> tuple[str, ...]:
    """The names of a members file (CSV, spreadsheet or YAML with at least `name`)."""
    from qplan.errors import InputError
    from qplan.loading.team import read_team

    team, findings = read_team(path, catalog, required=("name",))
    if team is None:
        raise InputError(f"{path}: Die Liste der Gruppenmitglieder ist nicht verwendbar.", findings)
    return tuple(m.name for m in team.members)


def file_name(name: str, taken: set[str]) -> str:
    """A plain file name for a member's plan: lower case, ASCII, unique in the folder."""
    plain = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "mitglied"
    candidate, number = f"{stem}.yaml", 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}.yaml", number + 1
    taken.add(candidate)
    return candidate


def plan_group(
    catalog: Catalog,
    request: PlanRequest,
    providers: ProviderCatalog,
    wishes: Wishes,
    names: tuple[str, ...],
    group_id: str | None = None,
) -> GroupPlan:
    """The group's plan on offers with a seat for everyone; `names` (or numbered members when
    empty) each get the same plan with their own name."""
    from qplan.run.plan import plan_with_offers

    size = wishes.group_size or len(names)
    assert size > 0
    group = PlanGroup(id=group_id or f"G-{secrets.token_hex(4)}", size=size)
    result = plan_with_offers(catalog, request, for_group(providers, size), replace(wishes, group_size=size))
    doc = replace(result.doc, group=group)
    if result.selection is not None:
        seats = seat_reasons(doc, providers, size)
        unserved = tuple(Unserved(u.module, seats.get(u.module, u.reason)) for u in result.selection.unserved)
        selection = replace(result.selection, unserved=unserved)
        notes = tuple(
            note for note in result.schedule.notes if not any(note.startswith(f"{m} ohne Angebot:") for m in seats)
        )
        problems = tuple(f"{m}: {reason} (Gruppe: {size} Personen)" for m, reason in seats.items())
        schedule = replace(result.schedule, notes=(*problems, *notes))
        result = replace(result, doc=doc, selection=selection, schedule=schedule)
    else:
        problems = ()
        result = replace(result, doc=doc)
    taken: set[str] = set()
    labels = names or tuple(f"mitglied-{n:02d}" for n in range(1, size + 1))
    members = tuple((file_name(label, taken), replace(doc, learner=label if names else None)) for label in labels)
    return GroupPlan(result, group, members, problems)
