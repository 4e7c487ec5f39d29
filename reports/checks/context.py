"""What a rule reads: one report's contents, and the department's reports of other years.

A context is built from a published report (``CheckContext.of_report``) or from a parse
that staff are still reviewing (``CheckContext.of_parsed``), so the review page shows the
findings before anything is published. Rules see the same plain data either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from core.contract import ParsedReport, ParsedTable
from core.money import to_decimal
from core.statements import Imbalance, Row, check_table
from core.text import squeeze
from reports.models import (
    ExpenditureLine,
    Figure,
    Indicator,
    Report,
    Section,
    StatementCell,
    StatementRow,
    StatementTable,
)

# Most specific title first: 财政拨款收入支出决算总表 also contains 收入支出决算总表.
TABLE_KINDS: tuple[tuple[str, str], ...] = (
    ("fiscal_summary", r"财政拨款收入?支出?(?:决算|预算)?总表|财政拨款收支.*总表"),
    ("summary", r"收入?支出?(?:决算|预算)?总表|收支.*总表"),
    ("three_public", r"三公"),
    ("operating", r"机关运行经费"),
    ("procurement", r"采购"),
    ("fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("basic", r"基本支出.*表"),
    ("general_budget", r"一般公共预算.*支出.*表"),
    ("fiscal_expenditure", r"财政拨款支出.*表"),
    ("income", r"收入.*表"),
    ("expenditure", r"支出.*表"),
)


def table_kind(title: str) -> str:
    compact = squeeze(title)
    for kind, pattern in TABLE_KINDS:
        if re.search(pattern, compact):
            return kind
    return "other"


@dataclass(slots=True)
class CellData:
    value: Decimal | None
    text: str


@dataclass(slots=True)
class RowData:
    order: int
    code: str
    name: str
    cells: dict[str, CellData] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class TableData:  # no slots: its identities are worked out once, when first asked for
    title: str
    kind: str
    page: int | None
    rows: list[RowData]
    verified: bool = True
    unbalanced: list[str] = field(default_factory=list)
    note: str = ""

    def statement_rows(self) -> list[Row]:
        return [Row(r.code or None, r.name, {k: c.text for k, c in r.cells.items()})
                for r in self.rows]

    @cached_property
    def imbalances(self) -> list[Imbalance]:
        """The identities that do not hold as printed (core.statements)."""
        return check_table(self.statement_rows())

    @property
    def doubtful(self) -> bool:
        """Whether the reading itself is in doubt: identities fail beyond rounding in many
        places, as a misread column or a lost row makes them (a slip makes one or two)."""
        slips = [i for i in self.imbalances if not i.rounding]
        return len(slips) > MAX_SLIPS_IN_A_SOUND_READING


# More failing identities than this in one table is a misreading, not a report's slip.
MAX_SLIPS_IN_A_SOUND_READING = 2


@dataclass(slots=True)
class FigureData:
    key: str
    value: Decimal
    value_text: str
    source: str = ""
    page: int | None = None


@dataclass(slots=True)
class SectionData:
    heading: str
    text: str
    level: int = 1
    page: int | None = None


@dataclass(slots=True)
class LineData:
    category: str
    item: str
    subitem: str
    code: str
    budget: Decimal | None
    actual: Decimal | None
    budget_text: str
    actual_text: str
    reason: str = ""
    page: int | None = None

    @property
    def execution_rate(self) -> Decimal | None:
        if self.budget and self.actual is not None:
            return self.actual / self.budget * 100
        return None


@dataclass(slots=True)
class IndicatorData:
    level1: str
    level2: str
    level3: str
    target: str
    actual: str
    weight: str
    score: str
    deviation: str = ""
    page: int | None = None


@dataclass(slots=True)
class ReportData:
    """Who reported what: enough for rules to know where they apply and to link back."""

    pk: int | None
    kind: str
    scope: str
    year: int
    department_id: int | None
    warnings: list[str] = field(default_factory=list)
    page_count: int = 0


class CheckContext:
    """A report as the rules see it; the other years are loaded on demand."""

    def __init__(
        self,
        report: ReportData,
        *,
        figures: dict[str, FigureData],
        sections: list[SectionData],
        lines: list[LineData],
        indicators: list[IndicatorData],
        tables: list[TableData],
        others: Callable[[], list[CheckContext]] = list,
    ) -> None:
        self.report = report
        self.year = report.year
        self.figures = figures
        self.sections = sections
        self.lines = lines
        self.indicators = indicators
        self.tables = tables
        self._others = others

    # --- building ----------------------------------------------------------------

    @classmethod
    def of_report(cls, report: Report) -> CheckContext:
        """A stored report (published or superseded) and its department's other years."""
        shared = _shared.get()
        if shared is None:
            return cls._of_reports([report])[report.pk]
        if report.pk not in shared:
            shared.update(cls._of_reports([report]))
        return shared[report.pk]

    @classmethod
    def _of_reports(cls, reports: Sequence[Report]) -> dict[int, CheckContext]:
        """The contexts of stored reports, read in one query per kind of content (plain
        values, not model instances: the rules see the same data, read faster)."""
        ids = [report.pk for report in reports]
        tables: dict[int, list[TableData]] = {pk: [] for pk in ids}
        table_of: dict[int, TableData] = {}
        for pk, report_id, title, page, verified, unbalanced, note in (
            StatementTable.objects.filter(report__in=ids).order_by("report_id", "order", "pk")
            .values_list("pk", "report_id", "title", "page", "verified", "unbalanced", "note")
        ):
            table_of[pk] = TableData(title, table_kind(title), page, [], verified=verified,
                                     unbalanced=list(unbalanced or []), note=note)
            tables[report_id].append(table_of[pk])
        row_of: dict[int, RowData] = {}
        for pk, table_id, order, code, name in (
            StatementRow.objects.filter(table__report__in=ids).order_by("table_id", "order", "pk")
            .values_list("pk", "table_id", "order", "code", "name")
        ):
            row_of[pk] = RowData(order, code, name, {})
            table_of[table_id].rows.append(row_of[pk])
        for row_id, label, value, text in (
            StatementCell.objects.filter(row__table__report__in=ids)
            .order_by("row_id", "order", "pk").values_list("row_id", "label", "value", "value_text")
        ):
            row_of[row_id].cells[label] = CellData(value, text)
        figures: dict[int, dict[str, FigureData]] = {pk: {} for pk in ids}
        for report_id, key, value, text, source, page in (
            Figure.objects.filter(report__in=ids).order_by("report_id", "key", "pk")
            .values_list("report_id", "key", "value", "value_text", "source", "page")
        ):
            figures[report_id][key] = FigureData(key, value, text, source, page)
        sections: dict[int, list[SectionData]] = {pk: [] for pk in ids}
        for report_id, heading, text, level, page in (
            Section.objects.filter(report__in=ids).order_by("report_id", "order", "pk")
            .values_list("report_id", "heading", "text", "level", "page")
        ):
            sections[report_id].append(SectionData(heading, text, level, page))
        lines: dict[int, list[LineData]] = {pk: [] for pk in ids}
        for report_id, *line in (
            ExpenditureLine.objects.filter(report__in=ids).order_by("report_id", "order", "pk")
            .values_list("report_id", "category", "item", "subitem", "code", "budget", "actual",
                         "budget_text", "actual_text", "reason", "page")
        ):
            lines[report_id].append(LineData(*line))
        indicators: dict[int, list[IndicatorData]] = {pk: [] for pk in ids}
        for report_id, level1, level2, level3, target, actual, weight, score, deviation, page in (
            Indicator.objects.filter(report__in=ids).order_by("report_id", "order", "pk")
            .values_list("report_id", "level1", "level2", "level3", "target", "actual",
                         "weight", "score", "deviation", "page")
        ):
            indicators[report_id].append(IndicatorData(level1, level2, level3, target, actual,
                                                       weight, score, deviation, page))
        return {
            report.pk: cls(
                ReportData(pk=report.pk, kind=report.kind, scope=report.scope,
                           year=report.fiscal_year.year, department_id=report.department_id,
                           warnings=list(report.warnings or []), page_count=report.page_count),
                figures=figures[report.pk], sections=sections[report.pk],
                lines=lines[report.pk], indicators=indicators[report.pk],
                tables=tables[report.pk], others=_others_of(report),
            )
            for report in reports
        }

    @classmethod
    def of_parsed(
        cls, parsed: ParsedReport, *, year: int, kind: str | None = None,
        department_id: int | None = None,
    ) -> CheckContext:
        """A parse under review: the same rules before anything is published."""
        data = ReportData(pk=None, kind=kind or parsed.kind,
                          scope=parsed.scope, year=year,
                          department_id=department_id, warnings=list(parsed.warnings),
                          page_count=parsed.page_count)
        figures = {}
        for f in parsed.figures:
            value = to_decimal(f.value)
            if value is not None:
                figures[f.key] = FigureData(f.key, value, f.value, f.source, f.page)
        return cls(
            data,
            figures=figures,
            sections=[SectionData(s.heading, s.text, s.level, s.page) for s in parsed.sections],
            lines=[LineData(x.category, x.item, x.subitem, x.code or "", to_decimal(x.budget),
                            to_decimal(x.actual), x.budget or "", x.actual or "", x.reason,
                            x.page) for x in parsed.expenditure_lines],
            indicators=[IndicatorData(i.level1, i.level2, i.level3, i.target, i.actual,
                                      i.weight, i.score, i.deviation, i.page)
                        for i in parsed.indicators],
            tables=[_table_data(t) for t in parsed.tables],
            others=lambda: _other_years(department_id, None, year=year, scope=parsed.scope)
            if department_id else [],
        )

    # --- reading -------------------------------------------------------------------

    @cached_property
    def text(self) -> str:
        return "\n".join(f"{s.heading}\n{s.text}" for s in self.sections)

    def figure_value(self, key: str) -> tuple[Decimal, str] | None:
        figure = self.figures.get(key)
        return (figure.value, figure.value_text) if figure else None

    @cached_property
    def others(self) -> list[CheckContext]:
        """The department's published reports of other years, oldest first."""
        return self._others()

    @property
    def earlier(self) -> list[CheckContext]:
        return [c for c in self.others if c.year < self.year]

    def previous(self) -> CheckContext | None:
        """Last year's report, the same kind preferred."""
        candidates = [c for c in self.others if c.year == self.year - 1]
        candidates.sort(key=lambda c: c.report.kind != self.report.kind)
        return candidates[0] if candidates else None

    def tables_of(self, kinds: Sequence[str]) -> list[TableData]:
        return [t for t in self.tables if t.kind in kinds]


_shared: ContextVar[dict[int, CheckContext] | None] = ContextVar("check_contexts", default=None)


@contextmanager
def contexts_shared() -> Iterator[None]:
    """Inside, a stored report's context is read from the database once, however many
    checks look at it (as the report or as another year): for checking many reports of
    a department at once. Only findings may be written inside."""
    if _shared.get() is not None:
        yield
        return
    reset = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(reset)


def contexts_preload(reports: Sequence[Report], *, departments_whole: bool = False) -> None:
    """Read the contexts of ``reports`` at once into the shared ones (``contexts_shared``),
    for the checks about to look at them; nothing outside it.

    With ``departments_whole`` the published ones among ``reports`` are all their
    departments publish: each context's other years are then found among them, not read
    again report by report when a rule first asks for them."""
    shared = _shared.get()
    if shared is None:
        return
    missing = list({report.pk: report for report in reports if report.pk not in shared}.values())
    for start in range(0, len(missing), _PRELOAD_CHUNK):
        shared.update(CheckContext._of_reports(missing[start:start + _PRELOAD_CHUNK]))
    if departments_whole:
        _others_among(reports, shared)


def _others_among(reports: Sequence[Report], shared: dict[int, CheckContext]) -> None:
    """Each context's other years (``_other_years``) from the published ``reports``."""
    published: dict[int | None, list[Report]] = {}
    for report in reports:
        if report.status == Report.Status.PUBLISHED and report.department_id is not None:
            published.setdefault(report.department_id, []).append(report)
    for report in reports:
        if report.department_id not in published:
            continue  # nothing of its department is among them: read when asked for
        others = sorted(
            (shared[other.pk] for other in published[report.department_id]
             if other.pk != report.pk and other.scope == report.scope
             and other.fiscal_year_id != report.fiscal_year_id),
            key=lambda context: (context.year, context.report.kind))
        shared[report.pk]._others = others.copy


_PRELOAD_CHUNK = 200  # reports read at once: a bounded list of ids in each query


def _others_of(report: Report) -> Callable[[], list[CheckContext]]:
    return lambda: _other_years(report.department_id, report.fiscal_year_id,
                                scope=report.scope, exclude=report.pk)


def _table_data(table: ParsedTable) -> TableData:
    rows = [
        RowData(n, row.code or "", row.name,
                {label: CellData(to_decimal(text), text) for label, text in row.values.items()})
        for n, row in enumerate(table.rows)
    ]
    return TableData(table.title, table_kind(table.title), table.page, rows,
                     verified=table.verified, unbalanced=list(table.unbalanced), note=table.note)


def _other_years(
    department_id: int | None, fiscal_year_id: int | None, *, scope: str,
    exclude: int | None = None, year: int | None = None,
) -> list[CheckContext]:
    # Only the same scope: a unit's own report is not last year's consolidated one.
    reports = Report.objects.published().filter(department_id=department_id, scope=scope)
    if fiscal_year_id is not None:
        reports = reports.exclude(fiscal_year_id=fiscal_year_id)
    if year is not None:
        reports = reports.exclude(fiscal_year__year=year)
    if exclude is not None:
        reports = reports.exclude(pk=exclude)
    reports = reports.select_related("fiscal_year").order_by("fiscal_year__year", "kind")
    return [CheckContext.of_report(r) for r in reports]
