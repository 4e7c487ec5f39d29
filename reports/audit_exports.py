"""XLSX workbooks of the comparisons and the findings list (pure: data in, bytes out)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from reports.checks import finding_message
from reports.compare import DepartmentsComparison, YearsComparison
from reports.exports import xlsx_row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book: Workbook, title: str, header: list[Any], rows: Iterable[list[Any]]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append([str(h) for h in header])
    for row in rows:
        sheet.append(xlsx_row(sheet, row))


def _response(book: Workbook, name: str) -> HttpResponse:
    buffer = BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def years_workbook(comparison: YearsComparison) -> Workbook:
    book = Workbook(write_only=True)
    years = comparison.years
    header = [_("Figure"), *[str(y) for y in years],
              *[f"{_('Change')} {y}" for y in years[1:]],
              *[f"{_('Change, per cent')} {y}" for y in years[1:]]]
    _sheet(book, _("Figures"), header, (
        [row.label, *[v.value for v in row.values], *[v.change for v in row.values[1:]],
         *[v.change_percent for v in row.values[1:]]]
        for row in comparison.figures
    ))
    line_header = [_("Code"), _("Line")]
    for y in years:
        line_header += [f"{y} {_('Initial budget')}", f"{y} {_('Final account')}",
                        f"{y} {_('Execution rate, per cent')}"]
    _sheet(book, _("Lines"), line_header, (
        [row.code, row.name, *[v for c in row.cells for v in (c.budget, c.actual, c.rate)]]
        for row in comparison.lines
    ))
    indicator_header = [_("Level-1"), _("Level-2"), _("Level-3")]
    for y in years:
        indicator_header += [f"{y} {_('Target')}", f"{y} {_('Actual')}", f"{y} {_('Score')}"]
    _sheet(book, _("Indicators"), indicator_header, (
        [row.level1, row.level2, row.level3,
         *[v for c in row.cells for v in ((c.target, c.actual, c.score) if c else ("", "", ""))]]
        for row in comparison.indicators
    ))
    section_header = [_("Section"), *[f"{y} {_('Repeated text, per cent')}" for y in years]]
    _sheet(book, _("Sections"), section_header, (
        [row.key, *[c.repeated_share if c else None for c in row.cells]]
        for row in comparison.sections
    ))
    return book


def years_response(comparison: YearsComparison) -> HttpResponse:
    name = f"compare-{comparison.department.pk}-{'-'.join(map(str, comparison.years))}"
    return _response(years_workbook(comparison), name)


def departments_workbook(comparison: DepartmentsComparison) -> Workbook:
    book = Workbook(write_only=True)
    names = [c.department.name for c in comparison.columns]
    _sheet(book, _("Figures"), [_("Figure"), *names], (
        [row.label, *[v.value for v in row.values]] for row in comparison.figures
    ))
    header = [_("Category (类)")]
    for name in names:
        header += [name, f"{name} {_('Share, per cent')}"]
    _sheet(book, _("By category"), header, (
        [row.name, *[v for pair in zip(row.amounts, row.shares, strict=True) for v in pair]]
        for row in comparison.categories
    ))
    _sheet(book, _("Per head"), [_("Figure"), *names], [
        [_("Staff at year end"), *comparison.staff],
        *([row.label, *[v.value for v in row.values]] for row in comparison.per_head),
    ])
    return book


def departments_response(comparison: DepartmentsComparison) -> HttpResponse:
    ids = "-".join(str(c.department.pk) for c in comparison.columns)
    return _response(departments_workbook(comparison), f"compare-{comparison.year}-{ids}")


def findings_workbook(findings: Iterable) -> Workbook:
    book = Workbook(write_only=True)
    header = [_("Department"), _("Year"), _("Kind"), _("Version"), _("Rule"), _("Category"),
              _("Severity"), _("Message"), _("Pages"), _("Review"), _("Review note")]
    _sheet(book, _("Findings"), header, (
        [f.report.department.name, f.report.fiscal_year.year, f.report.get_kind_display(),
         f.report.version, f.rule_id, f.category, f.get_severity_display(), finding_message(f),
         ", ".join(str(p) for p in (f.evidence or {}).get("pages", [])),
         f.get_review_display(), f.review_note]
        for f in findings
    ))
    return book


def findings_response(findings: Iterable) -> HttpResponse:
    return _response(findings_workbook(findings), "findings")
