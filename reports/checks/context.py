"""What a rule reads: one report's contents, loaded once, and its other years."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from core.text import squeeze
from reports.models import Figure, Report

# Most specific title first: 财政拨款收入支出决算总表 also contains 收入支出决算总表.
TABLE_KINDS: tuple[tuple[str, str], ...] = (
    ("fiscal_summary", r"财政拨款收入支出决算总表"),
    ("summary", r"收入支出决算总表"),
    ("basic", r"基本支出决算表"),
    ("general_budget", r"一般公共预算财政拨款支出决算表"),
    ("three_public", r"三公"),
    ("fund", r"政府性基金"),
    ("state_capital", r"国有资本经营"),
    ("income", r"收入决算表"),
    ("expenditure", r"支出决算表"),
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


@dataclass(slots=True)
class TableData:
    title: str
    kind: str
    page: int | None
    rows: list[RowData]


class CheckContext:
    """A published report as the rules see it; neighbours are loaded on demand."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.year: int = report.fiscal_year.year

    @cached_property
    def figures(self) -> dict[str, Figure]:
        return {f.key: f for f in self.report.figures.all()}

    @cached_property
    def sections(self) -> list:
        return list(self.report.sections.all())

    @cached_property
    def lines(self) -> list:
        return list(self.report.expenditure_lines.all())

    @cached_property
    def indicators(self) -> list:
        return list(self.report.indicators.all())

    @cached_property
    def tables(self) -> list[TableData]:
        tables = []
        for table in self.report.tables.prefetch_related("rows__cells"):
            rows = [
                RowData(row.order, row.code, row.name,
                        {c.label: CellData(c.value, c.value_text) for c in row.cells.all()})
                for row in table.rows.all()
            ]
            tables.append(TableData(table.title, table_kind(table.title), table.page, rows))
        return tables

    @cached_property
    def text(self) -> str:
        return "\n".join(f"{s.heading}\n{s.text}" for s in self.sections)

    def figure_value(self, key: str) -> tuple[Decimal, str] | None:
        figure = self.figures.get(key)
        return (figure.value, figure.value_text) if figure else None

    @cached_property
    def others(self) -> list[CheckContext]:
        """The department's published reports of other years, oldest first."""
        reports = (
            Report.objects.published()
            .filter(department_id=self.report.department_id)
            .exclude(fiscal_year_id=self.report.fiscal_year_id)
            .select_related("fiscal_year")
            .order_by("fiscal_year__year", "kind")
        )
        return [CheckContext(r) for r in reports]

    @property
    def earlier(self) -> list[CheckContext]:
        return [c for c in self.others if c.year < self.year]

    def previous(self) -> CheckContext | None:
        """Last year's report, the same kind preferred."""
        candidates = [c for c in self.others if c.year == self.year - 1]
        candidates.sort(key=lambda c: c.report.kind != self.report.kind)
        return candidates[0] if candidates else None
