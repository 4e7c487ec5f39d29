"""The only writers of ingest data: uploads, parsing, and publishing a report.

Each service is a plain keyword-only function named ``<entity>_<action>``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ingest.parsed import ParsedReport
from reports.models import (
    Department,
    ExpenditureLine,
    Figure,
    Indicator,
    Report,
    Section,
    StatementCell,
    StatementRow,
    StatementTable,
)
from reports.checks import report_check
from reports.services import (
    department_alias_add,
    department_get_or_create,
    fiscal_year_get,
)


def to_decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None


@transaction.atomic
def report_publish(
    *,
    parsed: ParsedReport,
    department: Department | None = None,
    fiscal_year: int | None = None,
    kind: str | None = None,
    upload=None,
) -> Report:
    """Save a parsed report as the published version, superseding the previous one.

    ``department``, ``fiscal_year`` and ``kind`` are the reviewer's corrections;
    where given they win over what the parser read. A printed name that differs
    from the department's official name is recorded as an alias.
    """
    printed = "".join(parsed.department.split())
    if department is None:
        department = department_get_or_create(name=printed)
    else:
        department_alias_add(department=department, name=printed)
    year = fiscal_year_get(year=fiscal_year or parsed.fiscal_year)
    kind = kind or parsed.kind
    siblings = Report.objects.select_for_update().filter(
        department=department, fiscal_year=year, kind=kind
    )
    version = (siblings.aggregate(v=Max("version"))["v"] or 0) + 1
    siblings.filter(status=Report.Status.PUBLISHED).update(status=Report.Status.SUPERSEDED)
    report = Report.objects.create(
        department=department,
        fiscal_year=year,
        kind=kind,
        status=Report.Status.PUBLISHED,
        version=version,
        title=f"{printed}{year.year}",
        printed_department=printed,
        upload=upload,
        page_count=parsed.page_count,
        warnings=list(parsed.warnings),
        published_at=timezone.now(),
    )
    _save_contents(report, parsed)
    report_check(report=report)
    return report


def _save_contents(report: Report, parsed: ParsedReport) -> None:
    Section.objects.bulk_create(
        Section(report=report, order=i, level=s.level, heading=s.heading[:500], text=s.text,
                page=s.page)
        for i, s in enumerate(parsed.sections)
    )
    Figure.objects.bulk_create(
        Figure(report=report, key=f.key, value=to_decimal(f.value), value_text=f.value,
               source=f.source, page=f.page)
        for f in parsed.figures
        if to_decimal(f.value) is not None
    )
    ExpenditureLine.objects.bulk_create(
        ExpenditureLine(
            report=report, order=i, code=line.code or "", category=line.category,
            item=line.item, subitem=line.subitem, budget=to_decimal(line.budget),
            actual=to_decimal(line.actual), budget_text=line.budget or "",
            actual_text=line.actual or "", reason=line.reason, page=line.page,
        )
        for i, line in enumerate(parsed.expenditure_lines)
    )
    Indicator.objects.bulk_create(
        Indicator(report=report, order=i, level1=x.level1, level2=x.level2, level3=x.level3,
                  target=x.target, actual=x.actual, weight=x.weight, score=x.score,
                  deviation=x.deviation, page=x.page)
        for i, x in enumerate(parsed.indicators)
    )
    for order, table in enumerate(parsed.tables):
        _save_table(report, order, table)


def _save_table(report: Report, order: int, table) -> None:
    columns = list(dict.fromkeys(label for row in table.rows for label in row.values))
    saved = StatementTable.objects.create(
        report=report, order=order, title=table.title, page=table.page, columns=columns
    )
    rows = StatementRow.objects.bulk_create(
        StatementRow(table=saved, order=i, code=r.code or "", name=r.name,
                     level=StatementRow.level_for_code(r.code))
        for i, r in enumerate(table.rows)
    )
    StatementCell.objects.bulk_create(
        StatementCell(row=row, order=columns.index(label), label=label,
                      value=to_decimal(text), value_text=text)
        for row, parsed_row in zip(rows, table.rows, strict=True)
        for label, text in parsed_row.values.items()
    )
