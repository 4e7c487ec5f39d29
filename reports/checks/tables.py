"""Statement-table identities: sums down the classification and across columns."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from core.money import ZERO, equal_printed, plain, sum_matches
from core.text import numbering, without_numbering
from reports.checks.context import CheckContext, RowData, TableData
from reports.checks.registry import Hit, Severity, rule

TOTAL_SEGMENT = re.compile(r"(合计|小计)$")


def _value(row: RowData, label: str) -> tuple[Decimal, str]:
    cell = row.cells.get(label)
    if cell is None or cell.value is None:
        return ZERO, "0"  # blank cells are zero: the contract leaves them out
    return cell.value, cell.text


def _sum_hit(table: TableData, parent: RowData, children: list[RowData], label: str,
             what: str) -> Hit | None:
    total = _value(parent, label)
    parts = [_value(child, label) for child in children]
    if sum_matches(total[0], total[1], parts, strict=True):
        return None
    computed = sum((v for v, _ in parts), ZERO)
    return Hit(
        key=f"{table.title}|{parent.code or parent.name}|{label}",
        params={"table": table.title, "row": parent.label, "column": label,
                "stated": total[1], "computed": plain(computed), "parts": what},
        evidence={
            "table": table.title, "row": parent.label, "column": label,
            "stated": total[1], "computed": plain(computed),
            "difference": plain(total[0] - computed),
            "parts": [{"row": c.label, "value": p[1]}
                      for c, p in zip(children, parts, strict=True)],
        },
        pages=[table.page] if table.page else [],
    )


def _hierarchy_hits(ctx: CheckContext, parent_len: int, child_len: int, what: str) -> Iterable[Hit]:
    for table in ctx.tables:
        coded = [r for r in table.rows if r.code]
        for parent in (r for r in coded if len(r.code) == parent_len):
            children = [r for r in coded
                        if len(r.code) == child_len and r.code.startswith(parent.code)]
            if not children:
                continue
            labels = dict.fromkeys(label for r in [parent, *children] for label in r.cells)
            for label in labels:
                hit = _sum_hit(table, parent, children, label, what)
                if hit:
                    yield hit


@rule("tables.total_sum", category="tables", severity=Severity.ERROR,
      description=_("The 合计 row of a statement table equals the sum of its 类 rows."),
      message=_("%(table)s: 合计 in column %(column)s is %(stated)s, the 类 "
                "rows add up to %(computed)s."))
def total_sum(ctx: CheckContext) -> Iterable[Hit]:
    for table in ctx.tables:
        totals = [r for r in table.rows if not r.code and r.name in ("合计", "总计")]
        categories = [r for r in table.rows if len(r.code) == 3]
        if not totals or not categories:
            continue
        for total in totals:
            for label in total.cells:
                hit = _sum_hit(table, total, categories, label, "类")
                if hit:
                    yield hit


@rule("tables.category_sum", category="tables", severity=Severity.ERROR,
      description=_("A 类 row equals the sum of its 款 rows."),
      message=_("%(table)s: %(row)s in column %(column)s is %(stated)s, its "
                "款 rows add up to %(computed)s."))
def category_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _hierarchy_hits(ctx, 3, 5, "款")


@rule("tables.item_sum", category="tables", severity=Severity.ERROR,
      description=_("A 款 row equals the sum of its 项 rows."),
      message=_("%(table)s: %(row)s in column %(column)s is %(stated)s, its "
                "项 rows add up to %(computed)s."))
def item_sum(ctx: CheckContext) -> Iterable[Hit]:
    return _hierarchy_hits(ctx, 5, 7, "项")


def column_parts(label: str, labels: list[str]) -> list[str] | None:
    """The columns a total column adds up: 合计 = 基本支出 + 项目支出, 小计 = its siblings.

    A total is a header segment ending in 合计/小计; its parts share the path
    above it and below it. A part that has its own 小计 counts once, by that 小计.
    """
    path = label.split("/")
    index = next((i for i, segment in enumerate(path) if TOTAL_SEGMENT.search(segment)), None)
    if index is None:
        return None
    prefix, suffix = path[:index], path[index + 1:]
    groups: dict[str, list[list[str]]] = {}
    for other in labels:
        other_path = other.split("/")
        if other == label or len(other_path) <= index or other_path[:index] != prefix:
            continue
        if suffix and other_path[-len(suffix):] != suffix:
            continue
        if len(other_path) < len(path) or TOTAL_SEGMENT.search(other_path[index]):
            continue
        groups.setdefault(other_path[index], []).append(other_path)
    parts = []
    for members in groups.values():
        subtotal = [m for m in members if len(m) > len(path) and m[index + 1] == "小计"]
        # 基本支出 printed only as its parts (人员经费, 公用经费) counts by those parts.
        chosen = subtotal[:1] or [m for m in members if len(m) == len(path)] or members
        parts += ["/".join(m) for m in chosen]
    return parts or None


@rule("tables.column_sum", category="tables", severity=Severity.ERROR,
      description=_("A total column equals the sum of its part columns "
                    "(基本支出 + 项目支出 = 合计)."),
      message=_("%(table)s, %(row)s: %(column)s is %(stated)s, the columns "
                "%(parts)s add up to %(computed)s."))
def column_sum(ctx: CheckContext) -> Iterable[Hit]:
    for table in ctx.tables:
        labels = list(dict.fromkeys(label for r in table.rows for label in r.cells))
        for label in labels:
            parts = column_parts(label, labels)
            if not parts:
                continue
            for row in table.rows:
                if label not in row.cells:
                    continue
                total = _value(row, label)
                values = [_value(row, p) for p in parts]
                if sum_matches(total[0], total[1], values, strict=True):
                    continue
                computed = sum((v for v, _ in values), ZERO)
                yield Hit(
                    key=f"{table.title}|{row.code or row.name}|{row.order}|{label}",
                    params={"table": table.title, "row": row.label or "—", "column": label,
                            "stated": total[1], "computed": plain(computed),
                            "parts": " + ".join(parts)},
                    evidence={"table": table.title, "row": row.label, "column": label,
                              "stated": total[1], "computed": plain(computed),
                              "difference": plain(total[0] - computed),
                              "parts": [{"column": p, "value": v[1]}
                                        for p, v in zip(parts, values, strict=True)]},
                    pages=[table.page] if table.page else [],
                )


def _side_total(table: TableData, side: str) -> tuple[Decimal, str] | None:
    for row in table.rows:
        if row.name != "总计":
            continue
        for label, cell in row.cells.items():
            if label.startswith(side) and cell.value is not None and (
                label.endswith(("决算数", "合计")) or label == side
            ):
                return cell.value, cell.text
    return None


@rule("tables.income_equals_expenditure", category="tables", severity=Severity.ERROR,
      description=_("In a 收入支出 summary table, 收入总计 equals 支出总计."),
      message=_("%(table)s: 收入总计 %(income)s differs from 支出总计 %(expenditure)s."))
def income_equals_expenditure(ctx: CheckContext) -> Iterable[Hit]:
    for table in ctx.tables:
        if table.kind not in ("summary", "fiscal_summary"):
            continue
        income, expenditure = _side_total(table, "收入"), _side_total(table, "支出")
        if income and expenditure and not equal_printed(*income, *expenditure):
            yield Hit(
                key=table.title,
                params={"table": table.title, "income": income[1], "expenditure": expenditure[1]},
                evidence={"table": table.title, "income_total": income[1],
                          "expenditure_total": expenditure[1],
                          "difference": plain(income[0] - expenditure[0])},
                pages=[table.page] if table.page else [],
            )


@dataclass(frozen=True, slots=True)
class Source:
    """Where a statement table states a total: the table, the row name, the column."""

    table_kind: str
    row: str  # regex on the row name
    column: str  # regex on the column label


# Each figure key and the table cells that state the same amount.
TOTAL_SOURCES: dict[str, tuple[Source, ...]] = {
    "grand_total": (Source("summary", r"^总计$", r"^收入"),),
    "income_total": (Source("summary", r"^本年收入合计$", r"^收入"),
                     Source("income", r"^合计$", r"^本年收入合计$")),
    "expenditure_total": (Source("summary", r"^本年支出合计$", r"^支出"),
                          Source("expenditure", r"^合计$", r"^本年支出合计$")),
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


def stated_in_tables(ctx: CheckContext, key: str) -> list[Stated]:
    """Every table cell that states the figure ``key`` (first match per source)."""
    found = []
    for source in TOTAL_SOURCES.get(key, ()):
        for table in ctx.tables:
            if table.kind != source.table_kind:
                continue
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
                return Stated(cell.value, cell.text, table.title, row.name, label, table.page)
    return None


@rule("tables.total_across_tables", category="tables", severity=Severity.ERROR,
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
    (("summary", r"^支出/决算数$"), ("expenditure", r"^本年支出合计$")),
    (("fiscal_summary", r"^支出/一般公共预算财政拨款$"), ("general_budget", r"^合计$")),
)


def _numbered_row(name: str) -> bool:
    """一、一般公共服务支出: the 类 rows of a 总表 carry the second-level numbering."""
    found = numbering(name)
    return found is not None and found[0] == 2


def _category_amounts(table: TableData, column: str) -> dict[str, Stated]:
    """类 name → its amount: coded rows of detail tables, numbered rows of the 总表."""
    found = {}
    for row in table.rows:
        is_category = len(row.code) == 3 or (not row.code and _numbered_row(row.name))
        if not is_category:
            continue
        name = without_numbering(row.name)
        for label, cell in row.cells.items():
            if cell.value is not None and re.search(column, label):
                found.setdefault(name, Stated(cell.value, cell.text, table.title, row.name, label,
                                              table.page))
    return found


@rule("tables.category_across_tables", category="tables", severity=Severity.ERROR,
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
    )
