"""The competence profile of a path (issue 16): levels per competence, done and planned, the
implementation phases it prepares for, and the modules that would most raise the weakest
competences. The mapping of modules to competences is catalogue data (`competence_map`)."""

from __future__ import annotations

from qplan.models.catalog import Catalog
from qplan.models.plan import PlanDocument
from qplan.models.profile import LEVELS, CompetenceLevel, Profile, Suggestion

WEIGHT = {"grund": 1, "vertieft": 2}


def profile(doc: PlanDocument, catalog: Catalog, *, self_assessment: dict[str, int] | None = None) -> Profile:
    return _profile([e.id for e in doc.modules], {e.id for e in doc.modules if e.done}, catalog, self_assessment)


def _profile(
    ids: list[str], done: set[str], catalog: Catalog, self_assessment: dict[str, int] | None = None
) -> Profile:
    mapping = catalog.competence_map
    if mapping is None:
        return Profile((), ())
    levels = []
    for ref in mapping.competences:
        done_level = planned = score = 0
        teaching = []
        for module in ids:
            weight = mapping.modules.get(module)
            value = WEIGHT.get(weight.develops.get(ref.id, ""), 0) if weight else 0
            if value:
                teaching.append(module)
                score += value
                planned = max(planned, value)
                if module in done:
                    done_level = max(done_level, value)
        own = (self_assessment or {}).get(ref.id)
        levels.append(CompetenceLevel(ref.id, ref.kind, ref.text, done_level, planned, score, tuple(teaching), own))
    phases = tuple(
        (phase.id, phase.name, sum(1 for m in ids if m in mapping.modules and phase.id in mapping.modules[m].prepares))
        for phase in catalog.implementation_phases
    )
    return Profile(tuple(levels), phases)


def suggest(doc: PlanDocument, catalog: Catalog, count: int = 3) -> tuple[Suggestion, ...]:
    """The modules not in the path that most raise its weakest competences (Vertiefung first,
    then Basis modules of other fields), each with the competences it raises and the command."""
    mapping = catalog.competence_map
    if mapping is None:
        return ()
    ids = [e.id for e in doc.modules]
    current = _profile(ids, set(), catalog)
    by_id = {c.id: c for c in current.competences}
    ranked = sorted(current.competences, key=lambda c: (c.score, c.id))
    # The weaker a competence, the more raising it is worth: the weakest counts most.
    worth = {c.id: 3 * (len(ranked) - rank) for rank, c in enumerate(ranked)}
    candidates = []
    for module in catalog.modules:
        if module.id in ids or module.format == "einfuehrung" or module.id not in mapping.modules:
            continue
        develops = mapping.modules[module.id].develops
        value = sum(worth[c] * WEIGHT[w] for c, w in develops.items() if c in worth)
        raises = tuple(
            (c, LEVELS[by_id[c].planned], LEVELS[max(by_id[c].planned, WEIGHT[w])])
            for c, w in sorted(develops.items())
            if c in by_id
        )
        preference = 0 if module.format == "vertiefung" else 1
        # A module that raises no level (it confirms what is there) comes after every one that does.
        confirms_only = all(before == after for _, before, after in raises)
        candidates.append((confirms_only, preference, -value, catalog.order_key(module.id), module, raises))
    candidates.sort(key=lambda item: item[:4])  # what strengthens first; Vertiefung first; what raises most
    result = []
    for *_key, module, raises in candidates[:count]:
        field = doc.field if module.format != "vertiefung" and doc.format == "basis" and doc.field else None
        result.append(Suggestion(module.id, module.title, raises, field))
    return tuple(result)
