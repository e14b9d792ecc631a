"""Every rule qplan checks, registered by code: QP0xx file, QP1xx modules, QP2xx hours,
QP3xx dates, QP4xx offers, QP5xx recognition, QP6xx the catalogue edition; QK the
catalogue, QA the providers file, QF the funding rules."""

from qplan.rules import (  # noqa: F401  (registers the rules)
    budget,
    catalog,
    dates,
    days_off,
    document,
    edition,
    funding,
    group,
    offers,
    providers,
    recognition,
    structure,
)
from qplan.rules.registry import RULES, Issue, Outcome, Rule

__all__ = ["RULES", "Issue", "Outcome", "Rule"]
