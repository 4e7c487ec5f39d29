"""Side-by-side comparisons for auditors: one department across years, departments in a year.

Pure functions: querysets in, plain dataclasses out. No request, no template,
no writes; views render the result and exports write it to XLSX.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length

from core.contract import COUNT_KEYS, FIGURE_KEYS, MONEY_KEYS
from core.text import squeeze, without_numbering
from reports.labels import figure_label
from reports.models import (
    Department,
    ExpenditureLine,
    Report,
    Section,
    StatementCell,
    StatementRow,
)

HUNDRED = Decimal(100)
# Which report speaks for a year when a department published several kinds.
KIND_ORDER = (Report.Kind.FINAL_ACCOUNTS, Report.Kind.PERFORMANCE_EVALUATION, Report.Kind.BUDGET)
PER_HEAD_KEYS = ("expenditure_total", "basic_expenditure", "personnel_expenditure",
                 "public_expenditure", "three_public_actual", "operating_expenses")


def change_percent(before: Decimal | None, after: Decimal | None) -> Decimal | None:
    if before is None or after is None or before == 0:
        return None
    return (after - before) / abs(before) * HUNDRED


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator * HUNDRED


# ---------------------------------------------------------------- one department, years


@dataclass
class YearValue:
    value: Decimal | None
    text: str = ""
    change: Decimal | None = None  # against the previous selected year that states it
    change_percent: Decimal | None = None


@dataclass
class FigureRow:
    key: str
    label: str
    values: list[YearValue]


@dataclass
class LineCell:
    budget: Decimal | None = None
    actual: Decimal | None = None

    @property
    def rate(self) -> Decimal | None:
        return rate(self.actual, self.budget)


@dataclass
class LineRow:
    code: str
    names: tuple[str, str, str]
    cells: list[LineCell]

    @property
    def name(self) -> str:
        return "/".join(n for n in self.names if n)


@dataclass
class IndicatorCell:
    target: str = ""
    actual: str = ""
    weight: str = ""
    score: str = ""


@dataclass
class IndicatorRow:
    level1: str
    level2: str
    level3: str
    cells: list[IndicatorCell | None]


@dataclass
class Sentence:
    text: str
    repeated_in: list[int] = field(default_factory=list)  # other years with this sentence


@dataclass
class SectionCell:
    heading: str
    sentences: list[Sentence]

    @property
    def repeated_share(self) -> Decimal | None:
        total = sum(len(s.text) for s in self.sentences)
        if not total:
            return None
        repeated = sum(len(s.text) for s in self.sentences if s.repeated_in)
        return Decimal(repeated) / Decimal(total) * HUNDRED


@dataclass
class SectionRow:
    key: str
    cells: list[SectionCell | None]


@dataclass
class YearsComparison:
    department: Department
    years: list[int]
    available_years: list[int]
    reports: list[list[Report]]  # per year, in KIND_ORDER
    figures: list[FigureRow]
    lines: list[LineRow]
    indicators: list[IndicatorRow]
    sections: list[SectionRow]
    repeated_share: list[Decimal | None]  # per year: share of narrative text found in another year


# A year that states no expenditure lines shows the 项 rows (seven-digit codes) of its
# 一般公共预算财政拨款支出决算表 with their 合计 instead. Those are read in one query for
# such years only: prefetching every row and cell of every table of a department's
# reports built tens of thousands of objects that were rarely looked at.
SUBITEM_CODE = 7
SUBITEM_TABLE = "一般公共预算财政拨款支出决算表"


def _attach_subitem_rows(groups: list[list[Report]]) -> None:
    """Give each report of a year without expenditure lines its ``subitem_rows``:
    (code, name, 合计) of its statement tables' 项 rows, as printed (1 query at most)."""
    needed = {r.pk: r for group in groups
              if not any(r.expenditure_lines.all() for r in group) for r in group}
    for report in needed.values():
        report.subitem_rows = []  # type: ignore[attr-defined]
    if not needed:
        return
    total = StatementCell.objects.filter(row=OuterRef("pk"), label="合计").order_by("order")
    rows = (StatementRow.objects.filter(table__report__in=list(needed))
            .annotate(code_length=Length("code"), total=Subquery(total.values("value")[:1]))
            .filter(code_length=SUBITEM_CODE)
            .values_list("table__report", "table__title", "code", "name", "total")
            .order_by("table__report", "table__order", "order"))
    for report_id, title, code, name, amount in rows:
        if SUBITEM_TABLE in squeeze(title):
            needed[report_id].subitem_rows.append((code, name, amount))  # type: ignore[attr-defined]


def _reports_by_year(department: Department, kind: str | None) -> dict[int, list[Report]]:
    reports = (
        Report.objects.published().for_department(department)
        .select_related("fiscal_year", "department")
        .prefetch_related(
            "figures", "indicators", "expenditure_lines",
            Prefetch("sections", queryset=Section.objects.order_by("order")),
        )
    )
    if kind:
        reports = reports.of_kind(kind)
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.fiscal_year.year, []).append(report)
    for group in by_year.values():
        group.sort(key=lambda r: KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 9)
    return by_year


def department_years(
    department: Department, years: Sequence[int] | None = None, kind: str | None = None
) -> YearsComparison:
    """A department's published reports side by side, oldest year first (default: all years)."""
    by_year = _reports_by_year(department, kind)
    available = sorted(by_year)
    chosen = sorted(y for y in (years or available) if y in by_year)
    groups = [by_year[y] for y in chosen]
    _attach_subitem_rows(groups)
    sections, shares = _section_rows(groups, chosen)
    return YearsComparison(
        department=department, years=chosen, available_years=available, reports=groups,
        figures=_figure_rows(groups), lines=_line_rows(groups),
        indicators=_indicator_rows(groups), sections=sections, repeated_share=shares,
    )


@dataclass
class BudgetAgainstActual:
    years: list[int]
    lines: list[LineRow]


def budget_against_actual(department: Department) -> BudgetAgainstActual:
    """Each expenditure line's 年初预算, 决算 and execution rate across the department's
    published final accounts, oldest year first (a fixed number of queries)."""
    reports = (Report.objects.published().for_department(department)
               .of_kind(Report.Kind.FINAL_ACCOUNTS).select_related("fiscal_year")
               .prefetch_related("expenditure_lines"))
    by_year: dict[int, list[Report]] = {}
    for report in sorted(reports, key=lambda r: r.scope != Report.Scope.DEPARTMENT):
        by_year.setdefault(report.fiscal_year.year, []).append(report)
    years = sorted(by_year)
    groups = [by_year[y] for y in years]
    _attach_subitem_rows(groups)
    return BudgetAgainstActual(years, _line_rows(groups))


def _figure_of(group: list[Report], key: str):
    for report in group:
        for figure in report.figures.all():
            if figure.key == key:
                return figure
    return None


def _figure_rows(groups: list[list[Report]]) -> list[FigureRow]:
    rows = []
    for key in FIGURE_KEYS:
        values, previous = [], None
        for group in groups:
            figure = _figure_of(group, key)
            if figure is None:
                values.append(YearValue(None))
                continue
            cell = YearValue(figure.value, figure.value_text)
            if previous is not None:
                cell.change = figure.value - previous
                cell.change_percent = change_percent(previous, figure.value)
            previous = figure.value
            values.append(cell)
        if any(v.value is not None for v in values):
            rows.append(FigureRow(key, figure_label(key), values))
    return rows


def _lines_of(group: list[Report]) -> list[tuple[str, tuple[str, str, str], LineCell]]:
    """Expenditure lines of a year; where none are stated, the 项 rows of its statement tables."""
    for report in group:
        lines = list(report.expenditure_lines.all())
        if lines:
            return [(x.code, (x.category, x.item, x.subitem), LineCell(x.budget, x.actual))
                    for x in lines]
    for report in group:
        rows = [(code, ("", "", name), LineCell(None, actual))
                for code, name, actual in getattr(report, "subitem_rows", [])]
        if rows:
            return rows
    return []


def _line_rows(groups: list[list[Report]]) -> list[LineRow]:
    """Lines aligned by classification code, and by name where the code changed or is absent."""
    rows: list[LineRow] = []
    by_code: dict[str, LineRow] = {}
    by_name: dict[tuple[str, str, str], LineRow] = {}
    for index, group in enumerate(groups):
        for code, names, cell in _lines_of(group):
            row = (by_code.get(code) if code else None) or by_name.get(_name_key(names))
            if row is None or row.cells[index] is not None:
                row = LineRow(code, names, [None] * len(groups))  # type: ignore[list-item]
                rows.append(row)
            row.cells[index] = cell
            if code:
                by_code.setdefault(code, row)
                row.code = row.code or code
            by_name.setdefault(_name_key(names), row)
    for row in rows:
        row.cells = [c or LineCell() for c in row.cells]
    return sorted(rows, key=lambda r: (r.code or "9999999", r.name))


def _name_key(names: tuple[str, str, str]) -> tuple[str, str, str]:
    return tuple(squeeze(n) for n in names)  # type: ignore[return-value]


def _indicator_rows(groups: list[list[Report]]) -> list[IndicatorRow]:
    rows: dict[str, IndicatorRow] = {}
    for index, group in enumerate(groups):
        for report in group:
            for indicator in report.indicators.all():
                key = squeeze(indicator.level3)
                row = rows.setdefault(key, IndicatorRow(
                    indicator.level1, indicator.level2, indicator.level3, [None] * len(groups)))
                if row.cells[index] is None:
                    row.cells[index] = IndicatorCell(indicator.target, indicator.actual,
                                                     indicator.weight, indicator.score)
    return list(rows.values())


def heading_key(heading: str) -> str:
    """A heading without its numbering or spaces: 七、存在的问题 and 六、存在的问题 align."""
    return without_numbering(heading)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？])|\n", text) if s.strip()]


def _section_rows(
    groups: list[list[Report]], years: list[int]
) -> tuple[list[SectionRow], list[Decimal | None]]:
    texts_by_year = [
        [(s.heading, s.text) for report in group for s in report.sections.all()] for group in groups
    ]
    sentence_years: dict[str, set[int]] = {}
    for year, sections in zip(years, texts_by_year, strict=True):
        for _, text in sections:
            for sentence in split_sentences(text):
                sentence_years.setdefault(sentence, set()).add(year)
    rows: dict[str, SectionRow] = {}
    totals = [[0, 0] for _ in years]
    for index, (year, sections) in enumerate(zip(years, texts_by_year, strict=True)):
        for heading, text in sections:
            sentences = [
                Sentence(s, sorted(sentence_years.get(s, set()) - {year}))
                for s in split_sentences(text)
            ]
            key = heading_key(heading)
            row = rows.setdefault(key, SectionRow(key, [None] * len(years)))
            if row.cells[index] is None:
                row.cells[index] = SectionCell(heading, sentences)
            for s in sentences:
                totals[index][0] += len(s.text)
                totals[index][1] += len(s.text) if s.repeated_in else 0
    shares = [Decimal(r) / Decimal(t) * HUNDRED if t else None for t, r in totals]
    return list(rows.values()), shares


# ---------------------------------------------------------------- departments in one year


@dataclass
class DepartmentColumn:
    department: Department
    report: Report | None
    badges: dict[str, int] | None = None  # its report's finding counts, for auditors


@dataclass
class CategoryRow:
    name: str
    amounts: list[Decimal | None]
    shares: list[Decimal | None]


@dataclass
class DepartmentsComparison:
    year: int
    columns: list[DepartmentColumn]
    figures: list[FigureRow]
    categories: list[CategoryRow]
    per_head: list[FigureRow]
    staff: list[int | None]


def departments_in_year(
    departments: Iterable[Department], year: int, kind: str = Report.Kind.FINAL_ACCOUNTS
) -> DepartmentsComparison:
    """Two to six departments' reports of ``year`` side by side."""
    departments = list(departments)
    reports = {
        r.department_id: r
        for r in Report.objects.published().for_year(year).of_kind(kind)
        .filter(department__in=departments)
        .prefetch_related("figures", "expenditure_lines")
    }
    _attach_category_rows(list(reports.values()))
    columns = [DepartmentColumn(d, reports.get(d.pk)) for d in departments]
    groups = [[c.report] if c.report else [] for c in columns]
    figures = [FigureRow(r.key, r.label, r.values) for r in _figure_rows(groups)]
    for row in figures:
        for cell in row.values:  # a change between departments means nothing
            cell.change = cell.change_percent = None
    staff = [_staff(group) for group in groups]
    return DepartmentsComparison(
        year=year, columns=columns, figures=figures,
        categories=_category_rows(groups), per_head=_per_head(groups, staff), staff=staff,
    )


def _staff(group: list[Report]) -> int | None:
    figure = _figure_of(group, "staff_actual")
    return int(figure.value) if figure is not None and figure.value > 0 else None


def _per_head(groups: list[list[Report]], staff: list[int | None]) -> list[FigureRow]:
    rows = []
    for key in PER_HEAD_KEYS:
        values = []
        for group, heads in zip(groups, staff, strict=True):
            figure = _figure_of(group, key)
            value = figure.value / heads if figure is not None and heads else None
            values.append(YearValue(value, "" if value is None else f"{value:.2f}"))
        if any(v.value is not None for v in values):
            rows.append(FigureRow(key, figure_label(key), values))
    return rows


def category_totals(report: Report) -> dict[str, Decimal]:
    """Spending by 类: from the expenditure lines, else from the 类 rows of a statement table."""
    totals: dict[str, Decimal] = {}
    lines: list[ExpenditureLine] = list(report.expenditure_lines.all())
    for line in lines:
        if line.actual is not None:
            totals[line.category] = totals.get(line.category, Decimal(0)) + line.actual
    if totals:
        return totals
    by_table: dict[int, dict[str, Decimal]] = {}
    for table_id, name, amount in getattr(report, "category_rows", []):
        by_table.setdefault(table_id, {})[name] = amount
    return next((found for found in by_table.values() if found), totals)


def _attach_category_rows(reports: list[Report]) -> None:
    """Give each report without expenditure lines its ``category_rows``: (table, name,
    first amount) of the 类 rows of its 支出决算表 (not 基本支出), tables in order
    (1 query at most)."""
    needed = {r.pk: r for r in reports
              if all(line.actual is None for line in r.expenditure_lines.all())}
    for report in needed.values():
        report.category_rows = []  # type: ignore[attr-defined]
    if not needed:
        return
    first = (StatementCell.objects.filter(row=OuterRef("pk"), value__isnull=False)
             .order_by("order").values("value")[:1])
    rows = (StatementRow.objects.filter(table__report__in=list(needed),
                                        table__title__contains="支出决算表")
            .exclude(table__title__contains="基本支出")
            .annotate(code_length=Length("code"), amount=Subquery(first))
            .filter(code_length=3, amount__isnull=False)
            .values_list("table__report", "table", "name", "amount")
            .order_by("table__report", "table__order", "order"))
    for report_id, table_id, name, amount in rows:
        needed[report_id].category_rows.append((table_id, name, amount))  # type: ignore[attr-defined]


def _category_rows(groups: list[list[Report]]) -> list[CategoryRow]:
    per_department = [category_totals(g[0]) if g else {} for g in groups]
    names = sorted({name for totals in per_department for name in totals})
    rows = []
    for name in names:
        amounts = [totals.get(name) for totals in per_department]
        shares = [rate(amount, sum(totals.values(), Decimal(0)) or None)
                  for amount, totals in zip(amounts, per_department, strict=True)]
        rows.append(CategoryRow(name, amounts, shares))
    return rows


__all__ = [
    "COUNT_KEYS", "MONEY_KEYS", "department_years", "departments_in_year", "heading_key",
    "split_sentences",
]
