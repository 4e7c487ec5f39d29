"""The rule registry: every consistency rule with its id, name, severity and where it applies.

A rule is a function ``(ctx) -> Iterable[Hit]``; ``@rule`` registers it. The name,
description and message are English msgids (shown translated, Chinese by default);
the message has ``%(name)s`` placeholders filled from the parameters stored in the
finding's evidence, so it reads in the visitor's language.

Severities say what a finding is:

- ``error`` / ``warning``: a problem the report itself prints (an accusation: it must be
  right);
- ``info``: a note worth an auditor's look, never counted as a problem;
- ``rounding``: a 尾差, a difference the rounding of the printed digits explains, shown
  collapsed and never counted as an error;
- ``doubt``: 解析存疑, our reading of a table is in doubt (it does not balance in many
  places): for staff on the review page, never shown to the public.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from core.contract import BUDGET, FINAL_ACCOUNTS, KINDS, PERFORMANCE_EVALUATION

if TYPE_CHECKING:
    from reports.checks.context import CheckContext


class Severity:
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    ROUNDING = "rounding"
    DOUBT = "doubt"


# What a visitor and an auditor count as a problem the report prints.
PROBLEMS = (Severity.ERROR, Severity.WARNING)

CATEGORY_LABELS: dict[str, Any] = {
    "tables": _("Statement tables"),
    "figures": _("Figures in the text"),
    "years": _("Across years"),
    "performance": _("Performance self-evaluation"),
    "plausibility": _("Plausibility"),
    "wording": _("Wording and references"),
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_LABELS)

# Where rules apply, by report kind.
ALL_KINDS: tuple[str, ...] = KINDS
ACCOUNTS = (FINAL_ACCOUNTS,)
STATEMENTS = (FINAL_ACCOUNTS, BUDGET)  # the reports that print statement tables
PERFORMANCE = (PERFORMANCE_EVALUATION, FINAL_ACCOUNTS)  # a 决算 may append its 绩效自评


@dataclass(slots=True)
class Hit:
    """One thing a rule found: where (``key``, stable across re-uploads) and why.

    ``severity`` overrides the rule's own: a table identity that only the rounding of
    the printed digits breaks is a 尾差, one in a table we doubt we read is 解析存疑.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    severity: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    name: str
    category: str
    severity: str
    description: str
    message: str
    func: Callable[[CheckContext], Iterable[Hit]]
    kinds: tuple[str, ...] = ALL_KINDS
    explanation: str = ""

    def applies_to(self, kind: str) -> bool:
        return kind in self.kinds


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, *, name: str, category: str, severity: str, description: str, message: str,
    kinds: tuple[str, ...] = ALL_KINDS, explanation: str = "",
) -> Callable[[Callable[[CheckContext], Iterable[Hit]]], Callable[[CheckContext], Iterable[Hit]]]:
    """Register a rule function under ``rule_id``; ids are unique and never reused."""
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")

    def register(
        func: Callable[[CheckContext], Iterable[Hit]],
    ) -> Callable[[CheckContext], Iterable[Hit]]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id!r} registered twice")
        RULES[rule_id] = Rule(rule_id, name, category, severity, description, message, func,
                              kinds, explanation)
        return func

    return register
