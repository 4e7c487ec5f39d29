"""Statement-table identities: sums down the classification and across columns."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop as _
from django.utils.translation import pgettext_lazy

from core.money import MONEY_UNIT, ZERO, amounts_in, equal_printed, plain, to_decimal
from core.statements import Basis, Imbalance
from core.text import numbering, without_numbering
from reports.checks.context import CheckContext, TableData
from reports.checks.registry import STATEMENTS, Hit, Severity, rule

# A parent code's length names the level its children are: a 类 is summed from 款 rows.
_CHILD_LEVEL = {3: "category_sum", 5: "item_sum"}


def _severity(table: TableData, imbalance: Imbalance) -> str | None:
    """A 尾差 is a note; an identity in a table we doubt we read is 解析存疑, not an error."""
    if imbalance.rounding:
        return Severity.ROUNDING
    if table.doubtful:
        return Severity.DOUBT
    return None


def _imbalance_hit(table: TableData, imbalance: Imbalance) -> Hit:
    rows = table.rows
    row = rows[imbalance.row]
    parts = [{"row": rows[r].label or "—", "column": label,
              "value": rows[r].cells[label].text if label in rows[r].cells else "0"}
             for r, label in imbalance.parts]
    relation = "≤" if imbalance.kind == "of_which" else "="
    return Hit(
        key=f"{table.title}|{row.code or row.name}|{row.order}|{imbalance.label}",
        params={"table": table.title, "row": row.label or "—", "column": imbalance.label,
                "stated": imbalance.total_text, "computed": plain(imbalance.computed),
                "parts": imbalance.rule, "basis": basis_params(imbalance.basis)},
        evidence={"table": table.title, "row": row.label, "column": imbalance.label,
                  "stated": imbalance.total_text, "computed": plain(imbalance.computed),
                  "difference": plain(imbalance.difference), "identity": relation,
                  "parts": parts},
        pages=[table.page] if table.page else [],
        severity=_severity(table, imbalance),
    )


def basis_params(basis: Basis) -> dict[str, Any]:
    """What an identity adds up, stored with a finding so its message reads in any language
    (``parts`` keeps the English words for the saved message and the API)."""
    return {"shape": basis.shape, "names": list(basis.names)}


# What an identity adds up, in words (``names`` fill the placeholders).
_BASIS_WORDS = {
    "categories": pgettext_lazy("table identity", "类 rows"),
    "rows": pgettext_lazy("table identity", "rows"),
    "numbered": pgettext_lazy("table identity", "numbered rows"),
    "sides": pgettext_lazy("table identity", "收入 side total"),
    "items": pgettext_lazy("table identity", "items under %(name)s"),
    "carry_over": pgettext_lazy("table identity", "%(name)s + carry-over"),
    "part_of": pgettext_lazy("table identity", "%(part)s is part of %(whole)s"),
    "coded": pgettext_lazy("table identity", "%(level)s rows of %(code)s"),
    "sub": pgettext_lazy("table identity", "sub rows of %(code)s"),
}


def basis_text(stored: dict[str, Any]) -> str:
    """A stored basis in the active language: ``款 rows of 205`` / ``205 下的各款级科目``."""
    shape, names = stored.get("shape", ""), [str(n) for n in stored.get("names", [])]
    if shape == "columns":
        return " + ".join(names)  # the columns' own headings, in no language
    if shape == "coded" and len(names) == 2:
        level, code = names
        if not level:
            return str(_BASIS_WORDS["sub"]) % {"code": code}
        return str(_BASIS_WORDS["coded"]) % {"level": level, "code": code}
    if shape in ("items", "carry_over") and names:
        return str(_BASIS_WORDS[shape]) % {"name": names[0]}
    if shape == "part_of" and len(names) == 2:
        return str(_BASIS_WORDS[shape]) % {"part": names[0], "whole": names[1]}
    if shape in ("categories", "rows", "numbered", "sides"):
        return str(_BASIS_WORDS[shape])
    raise ValueError(f"unknown basis {stored!r}")


def _identity_hits(ctx: CheckContext, origin: str, level: str | None = None) -> Iterable[Hit]:
    for table in ctx.tables:
        for imbalance in table.imbalances:
            if imbalance.origin != origin:
                continue
            if level is not None:
                parent = table.rows[imbalance.row].code or ""
                if _CHILD_LEVEL.get(len(parent)) != level:
                    continue
            yield _imbalance_hit(table, imbalance)


IDENTITY = _("Statement tables are printed by accounting software: every total is the sum "
             "of its parts exactly, to the last digit printed. A difference of one unit in "
             "the last digit per summed amount is a rounding remainder (尾差) and shown as a "
             "note; a table that fails in many places is more likely misread by us than "
             "misprinted, and goes to staff as 解析存疑 instead of being published.")


@rule("tables.total_sum", name=_("Total rows add up"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("A 合计, 小计 or 总计 row equals the sum of the rows it totals."),
      message=_("%(table)s: %(row)s in column %(column)s is %(stated)s, the rows it totals "
                "add up to %(computed)s (%(parts)s)."))
def total_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "rows")


@rule("tables.category_sum", name=_("类 rows add up"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("A 类 row equals the sum of its 款 rows."),
      message=_("%(table)s: %(row)s in column %(column)s is %(stated)s, its "
                "款 rows add up to %(computed)s."))
def category_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "codes", "category_sum")


@rule("tables.item_sum", name=_("款 rows add up"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("A 款 row equals the sum of its 项 rows."),
      message=_("%(table)s: %(row)s in column %(column)s is %(stated)s, its "
                "项 rows add up to %(computed)s."))
def item_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "codes", "item_sum")


@rule("tables.column_sum", name=_("Total columns add up"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("A total column equals the sum of its part columns "
                    "(合计 = 基本支出 + 项目支出 + any other component printed; 其中 columns "
                    "are parts of their column, never added)."),
      message=_("%(table)s, %(row)s: %(column)s is %(stated)s, the columns "
                "%(parts)s add up to %(computed)s."))
def column_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "columns")


@rule("tables.income_equals_expenditure", name=_("Both sides balance"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("In a 收入 | 支出 summary table, 收入总计 equals 支出总计."),
      message=_("%(table)s: 支出总计 %(stated)s differs from 收入总计 %(computed)s."))
def income_equals_expenditure(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "sides")


@rule("tables.part_exceeds_whole", name=_("A part is no larger than its whole"),
      category="tables", severity=Severity.ERROR, kinds=STATEMENTS, explanation=IDENTITY,
      description=_("An 其中 (of which) row or column is no larger than the row or column it "
                    "is part of."),
      message=_("%(table)s, %(row)s: %(parts)s, but %(computed)s is more than %(stated)s."))
def part_exceeds_whole(ctx: CheckContext) -> Iterable[Hit]:
    return _identity_hits(ctx, "of_which")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a statement table states a total: the table, the row name, the column."""

    table_kind: str
    row: str  # regex on the row name
    column: str  # regex on the column label


# Each figure key and the table cells that state the same amount.
TOTAL_SOURCES: dict[str, tuple[Source, ...]] = {
    "grand_total": (Source("summary", r"^(?:收入)?总计$|^合计$", r"^(?:本年)?收入"),),
    "income_total": (Source("summary", r"^本年收入合计$", r"^(?:本年)?收入"),
                     Source("income", r"^合计$", r"^本年收入合计$|^(?:收入预算/)?合计$")),
    "expenditure_total": (Source("summary", r"^本年支出合计$", r"^(?:本年)?支出"),
                          Source("expenditure", r"^合计$", r"^本年支出合计$|^(?:支出预算/)?合计$")),
    "carryover_begin": (Source("summary", r"^年初结转和结余$", r"^收入"),),
    "carryover_end": (Source("summary", r"^年末结转和结余$", r"^支出"),),
    "basic_expenditure": (Source("expenditure", r"^合计$", r"^基本支出$"),),
    "project_expenditure": (Source("expenditure", r"^合计$", r"^项目支出$"),),
    "fiscal_appropriation_income": (Source("fiscal_summary", r"^本年收入合计$", r"^收入"),),
    "general_budget_expenditure": (
        Source("general_budget", r"^合计$", r"^合计$"),
        Source("fiscal_summary", r"^本年支出合计$", r"一般公共预算"),
    ),
    "personnel_expenditure": (Source("basic", r"^人员经费合计$", r"."),),
    "public_expenditure": (Source("basic", r"^公用经费合计$", r"."),),
    "government_fund_expenditure": (Source("fund", r"^合计$", r"^本年支出/(小计|合计)$"),),
    "three_public_budget": (Source("three_public", r".*", r"合计/预算数$"),),
    "three_public_actual": (Source("three_public", r".*", r"合计/决算数$"),),
    "overseas_travel_actual": (Source("three_public", r".*", r"因公出国（境）费/决算数$"),),
    "reception_actual": (Source("three_public", r".*", r"公务接待费/决算数$"),),
    "vehicle_actual": (Source("three_public", r".*", r"运行维护费/小计/决算数$"),),
    "vehicle_purchase_actual": (Source("three_public", r".*", r"公务用车购置费/决算数$"),),
    "vehicle_operation_actual": (Source("three_public", r".*", r"公务用车运行维护费/决算数$"),),
}


@dataclass(frozen=True, slots=True)
class Stated:
    value: Decimal
    text: str
    table: str
    row: str
    column: str
    page: int | None
    doubtful: bool = False  # the table it is read from may be misread


def stated_in_tables(ctx: CheckContext, key: str) -> list[Stated]:
    """Every table cell that states the figure ``key`` (first match per source)."""
    found = []
    for source in TOTAL_SOURCES.get(key, ()):
        for table in ctx.tables:
            if table.kind != source.table_kind:
                continue
            if not table.rows:
                # Printed empty (本表无数据): the table states there is nothing.
                found.append(Stated(ZERO, "0", table.title, "", "", table.page, table.doubtful))
                break
            match = _find_cell(table, source)
            if match:
                found.append(match)
                break
    return found


def _find_cell(table: TableData, source: Source) -> Stated | None:
    for row in table.rows:
        if not re.search(source.row, row.name):
            continue
        for label, cell in row.cells.items():
            if cell.value is not None and re.search(source.column, label):
                return Stated(cell.value, cell.text, table.title, row.name, label, table.page,
                              table.doubtful)
    return None


@rule("tables.total_across_tables", name=_("Totals agree across tables"), category="tables",
      severity=Severity.ERROR, kinds=STATEMENTS,
      description=_("The same total is equal in every table that states it."),
      message=_("%(what)s is %(first)s in %(first_table)s but %(second)s in %(second_table)s."))
def total_across_tables(ctx: CheckContext) -> Iterable[Hit]:
    for key in TOTAL_SOURCES:
        stated = stated_in_tables(ctx, key)
        for first, second in itertools.pairwise(stated):
            if not equal_printed(first.value, first.text, second.value, second.text):
                yield _disagreement(key, first, second, params={"what": key},
                                    evidence={"figure": key})


# Where each table states a 类's spending: (table kind, column regex), grouped by meaning.
CATEGORY_SOURCES: tuple[tuple[tuple[str, str], ...], ...] = (
    (("summary", r"^(?:本年)?支出/(?:决算|预算)数$"),
     ("expenditure", r"^本年支出合计$|^(?:支出预算/)?合计$")),
    (("fiscal_summary", r"^支出/一般公共预算财政拨款$|^财政拨款支出/一般公共预算$"),
     ("general_budget", r"^合计$|^一般公共预算支出/合计$")),
)


def _numbered_row(name: str) -> bool:
    """一、一般公共服务支出: the 类 rows of a 总表 carry the second-level numbering."""
    found = numbering(name)
    return found is not None and found[0] == 2


def _category_amounts(table: TableData, column: str) -> dict[str, Stated]:
    """类 name → its amount: coded rows of detail tables, numbered rows of the 总表."""
    found: dict[str, Stated] = {}
    for row in table.rows:
        is_category = len(row.code) == 3 or (not row.code and _numbered_row(row.name))
        if not is_category:
            continue
        name = without_numbering(row.name)
        for label, cell in row.cells.items():
            if cell.value is not None and re.search(column, label):
                found.setdefault(name, Stated(cell.value, cell.text, table.title, row.name, label,
                                              table.page, table.doubtful))
    return found


@rule("tables.category_across_tables", name=_("类 amounts agree across tables"),
      category="tables", severity=Severity.ERROR, kinds=STATEMENTS,
      description=_("A 类's spending is the same in every table that states it."),
      message=_("%(category)s is %(first)s in %(first_table)s but %(second)s in "
                "%(second_table)s."))
def category_across_tables(ctx: CheckContext) -> Iterable[Hit]:
    for group in CATEGORY_SOURCES:
        stated = []
        for kind, column in group:
            table = next((t for t in ctx.tables if t.kind == kind), None)
            stated.append(_category_amounts(table, column) if table else {})
        for first, second in itertools.pairwise(stated):
            for name in first.keys() & second.keys():
                a, b = first[name], second[name]
                if not equal_printed(a.value, a.text, b.value, b.text):
                    yield _disagreement(name, a, b, params={"category": name},
                                        evidence={"category": name})


def _disagreement(key: str, a: Stated, b: Stated, *, params: dict, evidence: dict) -> Hit:
    """Two tables stating one amount differently, with both cells as evidence."""
    return Hit(
        key=f"{key}|{a.table}|{b.table}",
        params={**params, "first": a.text, "first_table": a.table,
                "second": b.text, "second_table": b.table},
        evidence={**evidence, "cells": [
            {"table": s.table, "row": s.row, "column": s.column, "value": s.text,
             "page": s.page} for s in (a, b)]},
        pages=[p for p in (a.page, b.page) if p],
        severity=Severity.DOUBT if a.doubtful or b.doubtful else _rounding(a, b),
    )


def _rounding(a: Stated, b: Stated) -> str | None:
    """Two printings one unit of the last digit apart are rounded differently: a 尾差."""
    return Severity.ROUNDING if one_unit_apart(a.value, a.text, b.value, b.text) else None


def one_unit_apart(a: Decimal, a_text: str, b: Decimal, b_text: str) -> bool:
    """Whether two printings of an amount differ by at most one unit of their last digit."""
    digits = [to_decimal(t) for t in (a_text, b_text)]
    exponents = [d.as_tuple().exponent for d in digits if d is not None]
    places = [e for e in exponents if isinstance(e, int)]
    # The finer printing's last digit: 0.95 against a bare 0 is no rounding.
    unit = Decimal(1).scaleb(min(places)) if places else Decimal("0.01")
    return abs(a - b) <= unit


# The table sets templates print, by report kind: the national 9-table 决算 and 预算, the
# central universities' 4 高等学校 tables, the provincial 12-table budget (Jiangsu).
TABLE_SETS: dict[str, tuple[str, ...]] = {
    "final_accounts": ("summary", "income", "expenditure", "fiscal_summary", "general_budget",
                       "basic", "three_public", "fund", "state_capital"),
    "final_accounts/高等学校": ("summary", "income", "expenditure", "fiscal_expenditure"),
    "budget": ("summary", "income", "expenditure", "fiscal_summary", "general_budget", "fund",
               "state_capital", "basic", "three_public"),
    "budget/省级": ("summary", "income", "expenditure", "fiscal_summary", "fiscal_expenditure",
                  "basic", "general_budget", "three_public", "fund", "operating", "procurement"),
}
TABLE_KIND_NAMES = {
    "summary": _("收入支出总表"), "income": _("收入表"), "expenditure": _("支出表"),
    "fiscal_summary": _("财政拨款收入支出总表"), "general_budget": _("一般公共预算财政拨款支出表"),
    "basic": _("一般公共预算财政拨款基本支出表"), "three_public": _("“三公”经费支出表"),
    "fund": _("政府性基金预算财政拨款表"), "state_capital": _("国有资本经营预算财政拨款表"),
    "fiscal_expenditure": _("财政拨款支出表"), "operating": _("机关运行经费支出表"),
    "procurement": _("政府采购表"),
}
# A report printing at least this share of a template's tables follows that template.
TEMPLATE_SHARE = 0.6


@rule("tables.table_set", name=_("Every table of the set is printed"), category="tables",
      severity=Severity.WARNING, kinds=STATEMENTS,
      description=_("A report that prints a template's statement tables prints all of them."),
      message=_("The report prints %(printed)s of the %(count)s tables of its set; "
                "missing: %(missing)s."),
      explanation=_("Each kind of report has a fixed set of statement tables (9 for a "
                    "部门决算 or 部门预算, 4 for a university's 高等学校 set, 12 for the "
                    "provincial budgets). A report printing most of a set but not all of it "
                    "left a table out; a file of text only is not checked."))
def table_set(ctx: CheckContext) -> Iterable[Hit]:
    printed = {t.kind for t in ctx.tables}
    if not printed:
        return
    sets = [kinds for name, kinds in TABLE_SETS.items() if name.split("/")[0] == ctx.report.kind]
    best = max(sets, key=lambda kinds: len(printed & set(kinds)), default=())
    found = printed & set(best)
    if not best or len(found) < TEMPLATE_SHARE * len(best) or len(found) == len(best):
        return
    missing = [kind for kind in best if kind not in printed]
    yield Hit(key="|".join(missing),
              params={"printed": len(found), "count": len(best),
                      "missing": "、".join(str(TABLE_KIND_NAMES.get(k, k)) for k in missing)},
              evidence={"missing": missing, "printed": sorted(found)})


# What an often empty table is about, as the heading of its section names it.
_EMPTY_TOPICS = ("政府性基金", "国有资本经营", "三公", "机关运行经费", "政府采购", "国有资产",
                 "社会保险基金")
# The text says there is nothing to show: 本部门无此项支出, 本单位没有政府性基金收入, 空表.
_NOTHING = re.compile(
    r"无此项|无此类|空表|本表无数据|(?:无|没有|未安排|未发生)[^，,。；;]{0,20}(?:收入|支出|经费|预算|资金|数据)")


def _said_empty(ctx: CheckContext, title: str) -> bool:
    """The section on the table's subject says why it is empty, where the table does not:
    "十、政府性基金预算支出预算情况说明 … 主要原因是本部门无此项支出". A section on the
    subject stating an amount other than 0 (年初预算为0.95万元) says the table had
    something to show.
    """
    topics = [topic for topic in _EMPTY_TOPICS if topic in title]
    texts = [section.text for section in ctx.sections
             if any(topic in section.heading for topic in topics)]
    return any(_NOTHING.search(text) for text in texts) and all(
        value == ZERO for text in texts for _, value, _ in amounts_in(text, f"(?:{MONEY_UNIT})"))


@rule("tables.empty_without_note", name=_("An empty table says why"), category="tables",
      severity=Severity.WARNING, kinds=STATEMENTS,
      description=_("A table printed without any row carries its note (本表无数据 and why)."),
      message=_("%(table)s is printed empty without a note saying why."))
def empty_without_note(ctx: CheckContext) -> Iterable[Hit]:
    for table in ctx.tables:
        if table.rows or table.note or _said_empty(ctx, table.title):
            continue
        yield Hit(key=table.title, params={"table": table.title},
                  evidence={"table": table.title},
                  pages=[table.page] if table.page else [])
