"""Is a parsed report's identity sure enough to publish as read?

A report's identity is its department, fiscal year, kind and scope. Publishing
under a wrong identity hides a real report (a new version supersedes the old
one), so an identity the parser did not read with certainty is never published
as read: the reviewer supplies what is unsure. Each doubt names the part of the
identity it is about, so a value the reviewer supplied clears it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from django.utils.translation import gettext_lazy as _

from core.contract import KINDS, SCOPES, ParsedReport
from core.text import fold_width, squeeze
from ingest.extract.identity import FROM_FILE_NAME

Part = Literal["department", "fiscal_year", "kind", "scope"]
PARTS: tuple[Part, ...] = ("department", "fiscal_year", "kind", "scope")

# A field label kept in the name (部门：…, 单位名称:…) or a blank to fill in (XX局, 某某).
_LABELLED = re.compile(r"[：:]")
_PLACEHOLDER = re.compile(r"X{2,}|×{2,}|＿{2,}|_{2,}|\*{2,}|某某")
_GENERIC = {"部门", "单位", "部门（单位）", "本部门", "本单位", "我单位", "我局", "主管部门"}
# The parser's warnings that say a part of the identity was not read (未识别出报告类型 …).
_NOT_FOUND = "未识别出"
_WARNING_PARTS: tuple[tuple[str, Part], ...] = (
    ("部门", "department"), ("年度", "fiscal_year"), ("类型", "kind"), ("种类", "kind"),
    ("范围", "scope"), ("口径", "scope"),
)


@dataclass(frozen=True, slots=True)
class Doubt:
    part: Part
    message: object  # translatable: str() gives it in the language being shown
    name: str = ""

    def __str__(self) -> str:
        text = str(self.message)
        return text % {"name": self.name} if self.name else text


def identity_doubts(parsed: ParsedReport, *, supplied: frozenset[str] | set[str] = frozenset()
                    ) -> list[Doubt]:
    """What is unsure about ``parsed``'s identity, leaving out the parts in ``supplied``
    (those the reviewer entered). Empty when it may be published as read."""
    doubts = department_doubts(parsed.department)
    if not parsed.fiscal_year:
        doubts.append(Doubt("fiscal_year", _("no fiscal year was read from the file")))
    if parsed.kind not in KINDS:
        doubts.append(Doubt("kind", _("the kind of report was not recognised")))
    if parsed.scope not in SCOPES:
        doubts.append(Doubt("scope", _("the scope (department or unit) was not recognised")))
    doubts += _warning_doubts(parsed.warnings, {d.part for d in doubts})
    return [doubt for doubt in doubts if doubt.part not in supplied]


def department_doubts(name: str) -> list[Doubt]:
    """Why ``name`` is not a department's name as such (blank, labelled, a placeholder)."""
    name = squeeze(name)
    if not name:
        return [Doubt("department", _("no department was read from the file"))]
    folded = fold_width(name)
    if _LABELLED.search(folded):
        return [Doubt("department", _("the department “%(name)s” still carries a label"), name)]
    if _PLACEHOLDER.search(folded):
        return [Doubt("department", _("the department “%(name)s” is a placeholder"), name)]
    if folded in _GENERIC or len(folded) < 2:
        return [Doubt("department", _("“%(name)s” does not name a department"), name)]
    return []


def _warning_doubts(warnings: list[str], known: set[Part]) -> list[Doubt]:
    """The parser's own warnings about a part not already doubted: not found, or taken
    from the file's name rather than read from the report."""
    doubts = []
    for warning in warnings:
        if warning.startswith(_NOT_FOUND):
            head = warning.split("(", 1)[0]
        elif FROM_FILE_NAME in warning:
            head = warning.split(FROM_FILE_NAME, 1)[0]
        else:
            continue
        for word, part in _WARNING_PARTS:
            if word in head and part not in known:
                doubts.append(Doubt(part, warning))
                known.add(part)
    return doubts
