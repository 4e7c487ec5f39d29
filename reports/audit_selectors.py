"""Read-side helpers for the auditors' pages: findings, badges and the scoreboard."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.urls import reverse

from reports.checks import finding_message
from reports.checks.context import TABLE_KINDS
from reports.compare import DepartmentsComparison, YearsComparison
from reports.keyset import KeysetPage, keyset_page
from reports.labels import evidence_label, named
from reports.models import Department, Finding, Report, ScoreboardCell

# The classes counted on badges: a 尾差 is shown collapsed, a 解析存疑 only to staff.
SEVERITIES = (Finding.Severity.ERROR, Finding.Severity.WARNING, Finding.Severity.INFO)
RANKED = (*SEVERITIES, Finding.Severity.ROUNDING, Finding.Severity.DOUBT)
# Errors first, then warnings, then notes (the stored values sort the wrong way).
SEVERITY_RANK = Case(*(When(severity=s, then=Value(i)) for i, s in enumerate(RANKED)),
                     default=Value(9), output_field=IntegerField())
# The statement tables a complete 部门决算 publishes (the catalogue of TABLE_KINDS).
STANDARD_TABLES = tuple(kind for kind, _ in TABLE_KINDS)


def findings(*, staff: bool = False) -> QuerySet:
    """Findings of the published versions: what auditors work on (doubts for staff only)."""
    visible = Finding.objects.of_published_reports()
    return (
        (visible if staff else visible.public())
        .select_related("report", "report__department", "report__department__region",
                        "report__fiscal_year", "reviewed_by")
        .annotate(rank=SEVERITY_RANK)
        # Newest year, department name, kind (Report.sort_key, indexed), then errors first.
        .order_by(*FINDING_ORDER)
    )


def severity_counts(queryset: QuerySet) -> dict[str, int]:
    """Counts by severity, dismissed findings left out (an auditor judged them fine)."""
    counts = queryset.exclude(review=Finding.Review.DISMISSED).aggregate(
        **{str(s): Count("pk", filter=Q(severity=s)) for s in RANKED}
    )
    return {s: counts[s] or 0 for s in RANKED}


def report_badges(report: Report) -> dict[str, int]:
    return severity_counts(Finding.objects.filter(report=report))


def findings_by_year(department: Department) -> dict[int, Badges]:
    """Each year's problems in the department's published reports, by severity.

    Counted as on the report page: neither 尾差 nor doubts, nor dismissed findings.
    """
    rows = (Finding.objects.of_published_reports().public().problems()
            .filter(report__department=department)
            .exclude(review=Finding.Review.DISMISSED).order_by()
            .values_list("report__fiscal_year__year", "severity").annotate(n=Count("pk")))
    link = reverse("audit:finding_list")
    years: dict[int, Badges] = {}
    for year, severity, count in rows:
        badges = years.setdefault(year, Badges(dict.fromkeys(map(str, SEVERITIES), 0),
                                               f"{link}?department={department.pk}&year={year}"))
        badges.counts[severity] = count
    return years


@dataclass
class Badges:
    """Severity counts with the findings list they link to."""

    counts: dict[str, int]
    link: str


def comparison_badges(comparison: YearsComparison) -> Badges:
    """The findings of the years a department comparison shows."""
    department = comparison.department
    counts = severity_counts(findings().filter(
        report__department=department, report__fiscal_year__year__in=comparison.years))
    return Badges(counts, f"{reverse('audit:finding_list')}?department={department.pk}")


def add_column_badges(comparison: DepartmentsComparison) -> None:
    """Each compared department's column gets its report's finding counts."""
    for column in comparison.columns:
        column.badges = report_badges(column.report) if column.report else None


def without_rounding(queryset: QuerySet, severity: str | None) -> QuerySet:
    """The findings to list: rounding remainders (尾差) only when asked for
    (severity=rounding), so they never crowd out problems."""
    if severity == Finding.Severity.ROUNDING:
        return queryset
    return queryset.exclude(severity=Finding.Severity.ROUNDING)


@dataclass
class FindingTotals:
    counts: dict[str, int]  # by severity, dismissed ones left out (severity_counts)
    collapsed: int  # 尾差 folded away
    listed: int  # the findings the list pages through


def finding_totals(queryset: QuerySet, severity: str | None) -> FindingTotals:
    """The counts the findings list shows, in one query over ``queryset``."""
    dismissed = Q(review=Finding.Review.DISMISSED)
    totals = queryset.order_by().aggregate(
        **{str(s): Count("pk", filter=Q(severity=s) & ~dismissed) for s in RANKED},
        folded=Count("pk", filter=Q(severity=Finding.Severity.ROUNDING)), total=Count("pk"),
    )
    collapsed = 0 if severity == Finding.Severity.ROUNDING else totals["folded"]
    return FindingTotals({s: totals[s] or 0 for s in RANKED}, collapsed,
                         totals["total"] - collapsed)


# The findings list's order (``findings``): newest year, department, kind, then errors
# first; unique with the primary key last, so pages follow each other by keyset.
FINDING_ORDER = ("report__sort_key", "report_id", "rank", "rule_id", "pk")


@dataclass
class FindingsPage:
    """One page of the findings list: the findings after a cursor, with the exact number
    of findings listed (counted once per data version, ``finding_totals``)."""

    keyset: KeysetPage
    count: int

    def __iter__(self):
        return iter(self.keyset.object_list)

    def __len__(self) -> int:
        return len(self.keyset.object_list)

    @property
    def has_other_pages(self) -> bool:
        return self.keyset.has_other_pages

    @property
    def first(self) -> bool:
        return self.keyset.first

    @property
    def next_cursor(self) -> str | None:
        return self.keyset.next_cursor


def findings_page(queryset: QuerySet, cursor: str | None, per_page: int = 50, *,
                  count: int) -> FindingsPage:
    """The findings after ``cursor`` (a keyset page: as fast deep in the list as at
    its start, no OFFSET), each with its message in the active language as ``text``.

    ``count``: the number of findings in ``queryset``, which the caller knows.
    """
    page = keyset_page(queryset, FINDING_ORDER, cursor, per_page)
    for finding in page.object_list:
        finding.text = finding_message(finding)
    return FindingsPage(page, count)


@dataclass
class EvidenceRow:
    """One line of a finding's evidence, shaped for the table that shows it.

    ``shape`` is ``value`` (one value), ``pairs`` (named values) or ``items`` (a list of
    named-value groups, e.g. the parts of a sum).
    """

    label: str
    shape: str
    value: object


def _pairs(mapping: dict) -> list[tuple[str, object]]:
    return [(evidence_label(k), named(v)) for k, v in mapping.items()]


def evidence_rows(finding: Finding) -> list[EvidenceRow]:
    """The evidence a rule stored, labelled, without its bookkeeping (params, pages)."""
    rows = []
    for key, value in (finding.evidence or {}).items():
        if key in ("params", "pages"):
            continue
        if isinstance(value, dict):
            rows.append(EvidenceRow(evidence_label(key), "pairs", _pairs(value)))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            rows.append(EvidenceRow(evidence_label(key), "items", [_pairs(v) for v in value]))
        else:
            rows.append(EvidenceRow(evidence_label(key), "value", named(value)))
    return rows


@dataclass
class ScoreReport:
    """A report as a scoreboard cell links to it."""

    pk: int
    kind: str
    url: str
    label: str


@dataclass
class ScoreCell:
    reports: list[ScoreReport] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))

    @property
    def missing_tables(self) -> list[str]:
        if not any(r.kind == Report.Kind.FINAL_ACCOUNTS for r in self.reports):
            return []
        return [kind for kind in STANDARD_TABLES if kind not in self.tables]


@dataclass
class ScoreRow:
    department: Department
    cells: list[ScoreCell]


# Departments per scoreboard page.
SCOREBOARD_PER_PAGE = 50


def scoreboard(number: str | None = None) -> tuple[list[int], Page, list[ScoreRow]]:
    """Every year in the published span (a year nobody published shows as a gap), one page
    of departments by name, and their rows × years: reports present, statement tables
    present, findings by severity.

    Read from the cells ``reports.services.scoreboard_refresh`` keeps (one row per
    department and year): four queries, none of them over reports, tables or findings,
    so the page costs the same however many reports are published.
    """
    span = ScoreboardCell.objects.aggregate(first=Min("year"), last=Max("year"))
    years = list(range(span["first"], span["last"] + 1)) if span["first"] else []
    departments = (Department.objects
                   .filter(Exists(ScoreboardCell.objects.filter(department=OuterRef("pk"))))
                   .order_by("name", "pk"))
    page = Paginator(departments, SCOREBOARD_PER_PAGE).get_page(number)
    return years, page, _score_rows(list(page.object_list), years)


def _score_rows(departments: list[Department], years: list[int]) -> list[ScoreRow]:
    labels = {kind: str(label) for kind, label in Report.Kind.choices}
    # One reverse() for the page: a report's address is this with its id in place of 0.
    head, tail = reverse("report_detail", args=[0]).rsplit("0", 1)
    grid: dict[tuple[int, int], ScoreCell] = {}
    for cell in ScoreboardCell.objects.filter(department__in=departments):
        grid[cell.department_id, cell.year] = ScoreCell(
            [ScoreReport(pk, kind, f"{head}{pk}{tail}", labels.get(kind, kind))
             for pk, kind in cell.reports],
            set(cell.tables),
            {"error": cell.errors, "warning": cell.warnings, "info": cell.notes})
    return [
        ScoreRow(d, [grid.get((d.pk, y)) or ScoreCell() for y in years]) for d in departments
    ]


def _report_ids(value) -> list[int]:
    """Report ids a cross-year rule stored in its evidence (``previous_report`` and the like)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k.endswith("report") and isinstance(v, int)]
        return found + [i for v in value.values() for i in _report_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _report_ids(v)]
    return []


def related_reports(finding: Finding) -> list[Report]:
    """The other years' reports a finding compares with, for links on its evidence page."""
    ids = set(_report_ids(finding.evidence or {})) - {finding.report_id}
    return list(Report.objects.filter(pk__in=ids).select_related("department", "fiscal_year"))
