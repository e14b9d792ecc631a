"""Every rule qplan checks, registered by code: QP0xx file, QP1xx modules, QP2xx hours,
QP3xx dates, QP4xx offers; QK the catalogue, QA the providers file."""

from qplan.rules import budget, catalog, dates, days_off, document, offers, providers, structure  # noqa: F401
from qplan.rules.registry import RULES, Issue, Outcome, Rule

__all__ = ["RULES", "Issue", "Outcome", "Rule"]
