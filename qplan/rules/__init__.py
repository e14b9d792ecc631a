"""Every rule qplan checks, registered by code (QP0xx file, QP1xx modules, QP2xx hours, QP3xx dates)."""

from qplan.rules import budget, dates, document, offers, structure  # noqa: F401  (registers the rules)
from qplan.rules.registry import RULES, Issue, Outcome, Rule

__all__ = ["RULES", "Issue", "Outcome", "Rule"]
