"""Read-side helpers for the public pages: each returns plain data for one template.

Every function issues a fixed number of queries, whatever the size of the data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.contract import FIGURE_KEYS, is_amount
from core.money import plain
from reports.labels import KEY_FIGURES, figure_label
from reports.models import (
    Department,
    ExpenditureLine,
    Figure,
    Finding,
    Indicator,
    Region,
    Report,
    ScoreboardCell,
    StatementCell,
    StatementRow,
    StatementTable,
)

PUBLISHED = Q(reports__status=Report.Status.PUBLISHED)


def coverage() -> dict[str, int]:
    """Regions, departments, years and reports published. Counted over the scoreboard's
    cells (one per department and year with published reports), not every report."""
    cells = ScoreboardCell.objects.order_by()
    return {
        "regions": cells.filter(department__region__isnull=False)
        .values("department__region").distinct().count(),
        "departments": cells.values("department").distinct().count(),
        "years": cells.values("year").distinct().count(),
        "reports": Report.objects.published().count(),
    }


@dataclass
class CoverageRow:
    """How many bodies of a region (itself or below) published, per year."""

    region: Region
    depth: int
    counts: list[int]


@dataclass
class CoverageTable:
    years: list[int]
    rows: list[CoverageRow]


def coverage_by_region_year(*, regions: Iterable[Region] | None = None, years: int = 6,
                            depth: int = 2) -> CoverageTable:
    """The bodies that published any report, by region (the top ``depth`` levels) and year.

    One query whatever the number of reports (who published when), and one for the
    regions unless the caller has them. A body counts in its region and every one above.
    """
    known = Region.objects.all() if regions is None else regions
    by_pk = {r.pk: r for r in sorted(known, key=lambda r: r.name)}
    published: dict[tuple[int, int], set[int]] = {}
    seen_years: set[int] = set()
    # The scoreboard's cells: one per department and year with published reports.
    for region_id, year, department in (
        ScoreboardCell.objects.filter(department__region__isnull=False).order_by()
        .values_list("department__region", "year", "department")
    ):
        seen_years.add(year)
        region = by_pk.get(region_id)
        while region is not None:
            published.setdefault((region.pk, year), set()).add(department)
            region = by_pk.get(region.parent_id) if region.parent_id else None
    shown = sorted(seen_years, reverse=True)[:years]

    rows: list[CoverageRow] = []
    children: dict[int | None, list[Region]] = {}
    for region in by_pk.values():
        children.setdefault(region.parent_id if region.parent_id in by_pk else None,
                            []).append(region)

    def walk(parent: int | None, level: int) -> None:
        if level >= depth:
            return
        for region in children.get(parent, []):
            counts = [len(published.get((region.pk, y), ())) for y in shown]
            if any(counts):
                rows.append(CoverageRow(region, level, counts))
                walk(region.pk, level + 1)

    walk(None, 0)
    return CoverageTable(shown, rows)


def latest_problems(*, limit: int = 8) -> QuerySet:
    """The newest errors and warnings found in published reports (not dismissed ones)."""
    return (Finding.objects.of_published_reports().public()
            .filter(severity__in=(Finding.Severity.ERROR, Finding.Severity.WARNING))
            .exclude(review=Finding.Review.DISMISSED)
            .select_related("report__department", "report__fiscal_year")
            .order_by("-created_at", "-pk")[:limit])


@dataclass
class RegionNode:
    region: Region
    department_count: int = 0
    children: list[RegionNode] = field(default_factory=list)


def tree_regions(nodes: list[RegionNode]) -> Iterator[Region]:
    """Every region of a ``region_tree``, parents before their children."""
    for node in nodes:
        yield node.region
        yield from tree_regions(node.children)


def region_tree() -> list[RegionNode]:
    """All regions as a tree (one query), each with its number of departments."""
    regions = Region.objects.annotate(department_count=Count("departments", distinct=True))
    nodes = {r.pk: RegionNode(r, r.department_count) for r in regions}
    roots: list[RegionNode] = []
    for node in nodes.values():
        parent = nodes.get(node.region.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def departments_in(region: Region) -> QuerySet:
    return (region.departments.annotate(report_count=Count("reports", filter=PUBLISHED))
            .order_by("name"))


@dataclass
class YearRow:
    """One fiscal year on a department's page."""

    year: int
    reports: list[Report]
    figures: dict[str, Figure]

    @property
    def published(self) -> bool:
        return any(r.status == Report.Status.PUBLISHED for r in self.reports)

    @property
    def final_accounts(self) -> Report | None:
        return next((r for r in self.reports if r.kind == Report.Kind.FINAL_ACCOUNTS
                     and r.status == Report.Status.PUBLISHED), None)


def department_years(department: Department) -> list[YearRow]:
    """Every year from the department's first report to its last, newest first.

    A year in the range with no published report is kept (with no reports), so
    the page can say plainly that it was not published.
    """
    reports = list(Report.objects.visible().for_department(department)
                   .select_related("fiscal_year").order_by("-fiscal_year__year", "kind",
                                                           "-version"))
    if not reports:
        return []
    figures: dict[int, dict[str, Figure]] = {}
    for figure in Figure.objects.filter(
        report__in=[r for r in reports if r.status == Report.Status.PUBLISHED
                    and r.kind == Report.Kind.FINAL_ACCOUNTS],
        key__in=KEY_FIGURES,
    ).select_related("report__fiscal_year"):
        figures.setdefault(figure.report.fiscal_year.year, {})[figure.key] = figure
    years = [r.fiscal_year.year for r in reports]
    by_year: dict[int, list[Report]] = {}
    for report in reports:
        by_year.setdefault(report.fiscal_year.year, []).append(report)
    return [YearRow(y, by_year.get(y, []), figures.get(y, {}))
            for y in range(max(years), min(years) - 1, -1)]


@dataclass
class ReportFigures:
    """A report's figures labelled, in the contract's order (totals, then their parts)."""

    all: list[tuple[str, Figure]]
    structure: list[tuple[str, Figure]]  # the key figures, when there are two or more
    counts: list[tuple[str, Figure]] = field(default_factory=list)  # not in 万元


def report_figures(report: Report) -> ReportFigures:
    order = {key: i for i, key in enumerate(FIGURE_KEYS)}
    ordered = sorted(report.figures.all(), key=lambda f: (order.get(f.key, len(order)), f.key))
    by_key = {f.key: f for f in ordered}
    structure = [(figure_label(key), by_key[key]) for key in KEY_FIGURES if key in by_key]
    return ReportFigures([(figure_label(f.key), f) for f in ordered],
                         structure if len(structure) > 1 else [],
                         [(figure_label(f.key), f) for f in ordered if not is_amount(f.key)])


def key_figure_columns() -> list[tuple[str, str]]:
    return [(key, figure_label(key)) for key in KEY_FIGURES]


@dataclass(frozen=True, slots=True)
class RowView:
    """A statement row as the report page and its JSON show it."""

    code: str
    name: str
    level: str


@dataclass(frozen=True, slots=True)
class CellView:
    order: int
    label: str
    value: Decimal | None
    value_text: str


@dataclass
class TableView:
    table: StatementTable
    rows: list[tuple[RowView, list[CellView | None]]]


def report_tables(report: Report) -> list[TableView]:
    """Statement tables with each row's cells placed under their column (3 queries).

    Rows and cells are read as plain values, not model instances: a 决算 holds a
    thousand cells or more, and building a model object for each was most of the
    report page's time (issue 14).
    """
    tables = list(report.tables.all())
    rows = list(StatementRow.objects.filter(table__in=tables)
                .values_list("pk", "table_id", "code", "name", "level"))
    cells: dict[int, list[CellView]] = {}
    for row_id, order, label, value, text in (
        StatementCell.objects.filter(row__in=[r[0] for r in rows]).order_by("row", "order")
        .values_list("row_id", "order", "label", "value", "value_text")
    ):
        cells.setdefault(row_id, []).append(CellView(order, label, value, text))
    by_table: dict[int, list[tuple[RowView, list[CellView | None]]]] = {}
    widths = {table.pk: len(table.columns) for table in tables}
    for row_id, table_id, code, name, level in rows:
        slots: list[CellView | None] = [None] * widths[table_id]
        for cell in cells.get(row_id, ()):
            if 0 <= cell.order < len(slots):
                slots[cell.order] = cell
        by_table.setdefault(table_id, []).append((RowView(code, name, level), slots))
    return [TableView(table, by_table.get(table.pk, [])) for table in tables]


def report_for_page(pk: int) -> Report:
    return Report.objects.visible().with_related().select_related("upload").get(pk=pk)


def _text_or_none(text: str) -> str | None:
    return text if text else None


def report_contract(report: Report) -> dict[str, Any]:
    """The report in the parse contract's JSON shape (``ParsedReport.to_contract``)."""
    upload = report.upload
    tables = report_tables(report)
    return {
        "file": upload.original_name if upload else f"{report.title or report.pk}",
        "kind": report.kind,
        "department": report.printed_department or report.department.name,
        "fiscal_year": report.fiscal_year.year,
        "scope": report.scope,
        "figures": {f.key: f.value_text for f in report.figures.all()},
        "expenditure_lines": [
            {"category": x.category, "item": x.item, "subitem": x.subitem,
             "budget": _text_or_none(x.budget_text), "actual": _text_or_none(x.actual_text),
             "code": _text_or_none(x.code),
             "budget_full_year": _text_or_none(x.budget_full_year_text)}
            for x in report.expenditure_lines.all()
        ],
        "tables": [
            {"title": view.table.title,
             "rows": [{"code": _text_or_none(row.code), "name": row.name,
                       "values": {c.label: c.value_text for c in cells if c is not None}}
                      for row, cells in view.rows],
             "verified": view.table.verified, "unbalanced": list(view.table.unbalanced)}
            for view in tables
        ],
        "indicators": [
            {"level1": i.level1, "level2": i.level2, "level3": i.level3, "target": i.target,
             "actual": i.actual, "weight": i.weight, "score": i.score, "deviation": i.deviation}
            for i in report.indicators.all()
        ],
        "sections": [{"heading": s.heading, "text": s.text} for s in report.sections.all()],
        "warnings": list(report.warnings),
    }


# --- list querysets and their export rows ---------------------------------------------------


def region_list() -> QuerySet:
    """Regions with their parents (for the path) and their number of departments."""
    return (Region.objects.select_related("parent__parent")
            .annotate(department_count=Count("departments", distinct=True)))


def department_list() -> QuerySet:
    return (Department.objects.select_related("region").prefetch_related("aliases")
            .annotate(report_count=Count("reports", filter=PUBLISHED, distinct=True)))


def report_list() -> QuerySet:
    # Newest year, department name, kind: Report.Meta.ordering, served by an index.
    return Report.objects.published().with_related().order_by("sort_key", "pk")


def report_with_contents() -> QuerySet:
    """Reports the public may open, each with everything it holds prefetched (9 queries)."""
    return (Report.objects.visible().with_related().select_related("upload").prefetch_related(
        "sections", "figures", "expenditure_lines", "indicators",
        Prefetch("tables__rows", queryset=StatementRow.objects.prefetch_related("cells")),
        Prefetch("findings", queryset=Finding.objects.order_by("severity", "rule_id", "pk")),
    ))


def report_versions(report: Report) -> QuerySet:
    """The versions of the same department, year and kind that the public may open."""
    return (Report.objects.visible()
            .filter(department=report.department_id, fiscal_year=report.fiscal_year_id,
                    kind=report.kind)
            .order_by("-version"))


def expenditure_line_list() -> QuerySet:
    return (ExpenditureLine.objects.published()
            .select_related("report__department__region", "report__fiscal_year")
            .order_by("-report__fiscal_year__year", "report__department__name", "order"))


# The line list's default order: newest year, department name, kind (Report.sort_key,
# whose partial index the query walks), then the rows as printed.
LINE_ORDER = ("table__report__sort_key", "table__report_id", "table__order", "order", "pk")


def line_list() -> QuerySet:
    # The cells by their row's id: the default order (StatementCell's Meta, through row,
    # table and report) joined five tables to sort a page's few hundred cells.
    cells = StatementCell.objects.order_by("row_id", "order")
    return (StatementRow.objects.published()
            .select_related("table__report__department__region", "table__report__fiscal_year")
            .prefetch_related(Prefetch("cells", queryset=cells))
            .order_by(*LINE_ORDER))


def keyset_ordering(rows: QuerySet, default: Sequence[str]) -> list[str]:
    """The order ``rows`` are sorted in (a visitor's sort, else ``default``), followed
    by ``default``'s fields it lacks, which make every row's key unique."""
    chosen = [str(o) for o in rows.query.order_by]
    names = {o.lstrip("-") for o in chosen}
    return [*chosen, *(o for o in default if o.lstrip("-") not in names)]


INDICATOR_ORDER = ("report__sort_key", "report_id", "order", "pk")


def indicator_list() -> QuerySet:
    return (Indicator.objects.filter(report__status=Report.Status.PUBLISHED)
            .select_related("report__department__region", "report__fiscal_year")
            .order_by(*INDICATOR_ORDER))


def _money(value: Decimal | None) -> Decimal | None:
    """Without scaling zeros and without an exponent (100, never 1E+2)."""
    text = plain(value)
    return Decimal(text) if text is not None else None


REPORT_HEADERS = (_("Year"), _("Department"), _("Region"), _("Kind"), _("Version"),
                  _("Published"), _("Report ID"))
LINE_HEADERS = (_("Year"), _("Department"), _("Region"), _("Table"), _("Page"), _("Code"),
                _("Name"), _("Level"))
INDICATOR_HEADERS = (_("Year"), _("Department"), _("Region"), _("Level-1 indicator"),
                     _("Level-2 indicator"), _("Level-3 indicator"), _("Annual target"),
                     _("Actual result"), _("Weight"), _("Score"), _("Deviation reason"), _("Page"))


def report_rows(reports: QuerySet) -> Iterator[list[Any]]:
    """The export's rows of ``reports``: plain values read in chunks, no model instances
    (a year's CSV at 50k reports spent most of its 3.4 s building and reading those)."""
    kinds = {value: str(label) for value, label in Report.Kind.choices}
    zone = timezone.get_current_timezone()
    values = reports.values_list("fiscal_year__year", "department__name",
                                 "department__region__name", "kind", "version",
                                 "published_at", "pk")
    for year, department, region, kind, version, published, pk in values.iterator(
            chunk_size=2000):
        yield [year, department, region or "", kinds.get(kind, kind), version,
               published.astimezone(zone).date().isoformat() if published else "", pk]


def line_columns(rows: QuerySet) -> list[str]:
    """The amount columns of ``rows``' tables (年初预算, 决算, ...), first printed first."""
    return list(StatementCell.objects.filter(row__in=rows.order_by().values("pk"))
                .values_list("label", flat=True).annotate(first=Min("order"))
                .order_by("first", "label"))


def line_rows(rows: Iterable[StatementRow], columns: list[str]) -> Iterator[list[Any]]:
    """One row per statement row, each amount in the column of its label (never packed)."""
    levels = {value: str(label) for value, label in StatementRow.Level.choices}
    for row in rows:
        report = row.table.report
        region = report.department.region
        # The export neutralises formula-like text (reports.exports), as for every cell.
        amounts = {c.label: _money(c.value) if c.value is not None else c.value_text
                   for c in row.cells.all()}
        yield [report.fiscal_year.year, report.department.name, region.name if region else "",
               row.table.title, row.table.page or "", row.code, row.name,
               levels.get(row.level, ""), *(amounts.get(label) for label in columns)]


def indicator_rows(indicators: Iterable[Indicator]) -> Iterator[list[Any]]:
    for i in indicators:
        report = i.report
        region = report.department.region
        yield [report.fiscal_year.year, report.department.name, region.name if region else "",
               i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score,
               i.deviation, i.page or ""]
