"""The rule registry: every consistency rule with its id, severity and category.

A rule is a function ``(ctx) -> Iterable[Hit]``; ``@rule`` registers it. The
message is an English msgid with ``%(name)s`` placeholders so it can be shown
translated later from the parameters stored in the finding's evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from reports.checks.context import CheckContext


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


CATEGORY_LABELS: dict[str, Any] = {
    "tables": _("Statement tables"),
    "figures": _("Figures in the text"),
    "years": _("Across years"),
    "performance": _("Performance self-evaluation"),
    "plausibility": _("Plausibility"),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)


@dataclass(slots=True)
class Hit:
    """One thing a rule found: where (``key``, stable across re-uploads) and why."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    category: str
    severity: str
    description: str
    message: str
    func: Callable[[CheckContext], Iterable[Hit]]


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, category: str, severity: str, description: str, message: str
) -> Callable[[Callable[[CheckContext], Iterable[Hit]]], Callable[[CheckContext], Iterable[Hit]]]:
    """Register a rule function under ``rule_id``; ids are unique and never reused."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")

    def register(func: Callable[[CheckContext], Iterable[Hit]]):
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, category, severity, description, message, func)
        return func

    return register
