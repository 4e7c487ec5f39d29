"""Arithmetic a report's truth must satisfy; used to test the generator and its faults.

Each check returns human-readable problems; an empty list means the report adds up.
"""

from __future__ import annotations

from decimal import Decimal

from core.contract import ParsedReport, ParsedRow, ParsedTable

FUNCTIONAL_TABLES = ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表")
ROW_SUMS = {
    # 事业收入/金额: the band's amount where 事业收入 prints its 其中 parts beside it.
    "收入决算表": ("本年收入合计", ("财政拨款收入", "上级补助收入", "事业收入", "事业收入/金额",
                                  "经营收入", "附属单位上缴收入", "其他收入")),
    "支出决算表": ("本年支出合计", ("基本支出", "项目支出", "上缴上级支出", "经营支出",
                                  "对附属单位补助支出")),
    "一般公共预算财政拨款支出决算表": ("合计", ("基本支出", "项目支出")),
}


def _d(value: str | None) -> Decimal:
    return Decimal(value) if value else Decimal(0)


def arithmetic_problems(report: ParsedReport) -> list[str]:
    tables = {t.title: t for t in report.tables}
    problems: list[str] = []
    for title in FUNCTIONAL_TABLES:
        if title in tables:
            problems += _hierarchy(tables[title])
            total, parts = ROW_SUMS[title]
            problems += _row_sums(tables[title], total, parts)
    if "一般公共预算财政拨款基本支出决算表" in tables:
        problems += _basic_table(tables["一般公共预算财政拨款基本支出决算表"])
    if "收入支出决算总表" in tables:
        problems += _summary(tables["收入支出决算总表"])
    # Spending beyond 基本/项目 (上缴上级, 经营, 对附属单位补助) is part of 本年支出合计 too.
    beyond = Decimal(0)
    if "支出决算表" in tables:
        total_row = next((r for r in tables["支出决算表"].rows if r.name == "合计"), None)
        if total_row is not None:
            others = ROW_SUMS["支出决算表"][1][2:]
            beyond = sum((_d(total_row.values.get(label)) for label in others), Decimal(0))
    problems += _figures(report.figure_map(), beyond)
    return problems


def _hierarchy(table: ParsedTable) -> list[str]:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项, for every value label."""
    coded = [r for r in table.rows if r.code]
    totals = [r for r in table.rows if not r.code and r.name == "合计"]
    problems = []
    labels = {label for r in table.rows for label in r.values}
    for parent in coded:
        code = parent.code or ""
        children = [r for r in coded if r.code and len(r.code) == len(code) + 2
                    and r.code.startswith(code)]
        if children:
            problems += _sum_check(table.title, parent, children, labels)
    if totals:
        categories = [r for r in coded if len(r.code or "") == 3]
        problems += _sum_check(table.title, totals[0], categories, labels)
    return problems


def _sum_check(title: str, parent: ParsedRow, children: list[ParsedRow], labels: set) -> list:
    out = []
    for label in sorted(labels):
        want = _d(parent.values.get(label))
        got = sum((_d(c.values.get(label)) for c in children), Decimal(0))
        if want != got:
            out.append(f"{title}: {parent.code or parent.name} {label} {want} ≠ Σ {got}")
    return out


def _row_sums(table: ParsedTable, total: str, parts: tuple[str, ...]) -> list[str]:
    out = []
    for row in table.rows:
        got = sum((_d(row.values.get(p)) for p in parts), Decimal(0))
        if _d(row.values.get(total)) != got:
            out.append(f"{table.title}: {row.code or row.name} {total} ≠ Σ{parts}")
    return out


def _basic_table(table: ParsedTable) -> list[str]:
    value = {r.code or r.name: _d(r.values.get("决算数")) for r in table.rows}
    out = []
    for parent in ("301", "302", "303", "310"):
        kids = sum((v for k, v in value.items() if len(k) == 5 and k.startswith(parent)),
                   Decimal(0))
        if value.get(parent, Decimal(0)) != kids:
            out.append(f"{table.title}: {parent} ≠ Σ款")
    if value.get("人员经费合计") != value.get("301", 0) + value.get("303", 0):
        out.append(f"{table.title}: 人员经费合计 ≠ 301 + 303")
    if value.get("公用经费合计") != value.get("302", 0) + value.get("310", 0):
        out.append(f"{table.title}: 公用经费合计 ≠ 302 + 310")
    return out


def _summary(table: ParsedTable) -> list[str]:
    income = [r for r in table.rows if "收入/决算数" in r.values or r.name.endswith("收入")]
    left = {r.name: _d(r.values["收入/决算数"]) for r in table.rows if "收入/决算数" in r.values}
    right = {r.name: _d(r.values["支出/决算数"]) for r in table.rows if "支出/决算数" in r.values}
    out = []
    sources = sum((_d(r.values.get("收入/决算数")) for r in income
                   if r.name[:2].endswith("、")), Decimal(0))
    if sources != left.get("本年收入合计", 0):
        out.append("收入支出决算总表: 本年收入合计 ≠ Σ收入")
    categories = sum((v for k, v in right.items() if "、" in k), Decimal(0))
    if categories != right.get("本年支出合计", 0):
        out.append("收入支出决算总表: 本年支出合计 ≠ Σ类")
    if left.get("本年收入合计", 0) + left.get("年初结转和结余", 0) != left.get("总计"):
        out.append("收入支出决算总表: 收入总计 ≠ 本年收入合计 + 年初结转和结余")
    if right.get("本年支出合计", 0) + right.get("年末结转和结余", 0) != right.get("总计"):
        out.append("收入支出决算总表: 支出总计 ≠ 本年支出合计 + 年末结转和结余")
    if left.get("总计") != right.get("总计"):
        out.append("收入支出决算总表: 收入总计 ≠ 支出总计")
    return out


def _figures(figures: dict[str, str], beyond: Decimal = Decimal(0)) -> list[str]:
    """``beyond``: what 本年支出合计 holds besides 基本 and 项目支出."""
    out = []
    if all(k in figures for k in ("expenditure_total", "basic_expenditure", "project_expenditure")):
        figures = {**figures, "expenditure_total": str(_d(figures["expenditure_total"]) - beyond)}
    pairs = (("basic_expenditure", ("personnel_expenditure", "public_expenditure")),
             ("expenditure_total", ("basic_expenditure", "project_expenditure")),
             ("three_public_actual", ("overseas_travel_actual", "vehicle_actual",
                                      "reception_actual")),
             ("three_public_budget", ("overseas_travel_budget", "vehicle_budget",
                                      "reception_budget")),
             ("vehicle_actual", ("vehicle_purchase_actual", "vehicle_operation_actual")),
             ("procurement_total", ("procurement_goods", "procurement_works",
                                    "procurement_services")))
    for total, parts in pairs:
        stated = total in figures and all(p in figures for p in parts)
        if stated and _d(figures[total]) != sum((_d(figures[p]) for p in parts), Decimal(0)):
            out.append(f"figures: {total} ≠ {' + '.join(parts)}")
    return out
