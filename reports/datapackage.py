"""The bulk downloads' tables: their columns, what each means, and their rows.

One definition serves three readers: the CSV files of a download, the
``datapackage.json`` beside them (a Frictionless Tabular Data Package, both
languages in each title and description), and the data dictionary page (in
the site's language). Titles and descriptions are English msgids translated
in the public catalogue.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.db.models import Manager, Model, Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from reports.checks import finding_message
from reports.labels import UNITS, figure_label, figure_unit
from reports.models import (
    ExpenditureLine,
    Figure,
    Finding,
    Indicator,
    Report,
    StatementRow,
    StatementTable,
)

LANGUAGES = ("zh-hans", "en")
TYPE_LABELS = {"integer": _("Whole number"), "number": _("Number"), "string": _("Text"),
               "datetime": _("Date and time")}
MISSING = ""  # an empty cell is a missing value (Frictionless' default missingValues)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless field type: integer, number, string, datetime
    title: Promise
    description: Promise
    required: bool = False
    enum: tuple[str, ...] = ()

    @property
    def type_label(self) -> str:
        return str(TYPE_LABELS[self.type])

    def field(self) -> dict[str, Any]:
        """The Frictionless field descriptor, in Chinese and English."""
        field: dict[str, Any] = {"name": self.name, "type": self.type,
                                 "title": both(self.title), "description": both(self.description)}
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class Table:
    name: str
    title: Promise
    description: Promise
    columns: tuple[Column, ...]
    rows: Callable[[QuerySet], Iterator[Iterable[Any]]]
    primary_key: tuple[str, ...] = ()
    refers_to_reports: bool = True

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def resource(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [c.field() for c in self.columns],
                                  "missingValues": [MISSING]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.refers_to_reports:
            schema["foreignKeys"] = [{"fields": ["report_id"],
                                      "reference": {"resource": "reports",
                                                    "fields": ["report_id"]}}]
        return {"name": self.name, "path": self.path, "profile": "tabular-data-resource",
                "title": both(self.title), "description": both(self.description),
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                "schema": schema}


def both(text: Promise) -> str:
    """``中文 / English`` (the same text once where no translation differs)."""
    forms = []
    for language in LANGUAGES:
        with translation.override(language):
            forms.append(str(text))
    return forms[0] if forms[0] == forms[1] else " / ".join(forms)


# --- cells ----------------------------------------------------------------------------------


def amount(value: Decimal | None) -> str:
    return MISSING if value is None else format(value.normalize(), "f")


def moment(value) -> str:
    """A datetime in the site's time zone (Asia/Shanghai), as the pages show it."""
    return MISSING if value is None else timezone.localtime(value).isoformat(timespec="seconds")


def _translated(func: Callable[[], str], language: str) -> str:
    with translation.override(language):
        return str(func())


# --- rows -----------------------------------------------------------------------------------


def _report_rows(reports: QuerySet) -> Iterator[list[Any]]:
    reports = (reports.select_related("department__region__parent__parent", "fiscal_year")
               .order_by("pk"))
    for r in reports.iterator(chunk_size=2000):
        region = r.department.region
        path = region.lineage() if region else []
        yield [r.pk, r.fiscal_year.year, r.kind, r.version, r.department_id, r.department.name,
               r.printed_department, region.pk if region else MISSING,
               region.name if region else MISSING, " / ".join(x.name for x in path), r.title,
               r.page_count, moment(r.published_at)]


_Row = TypeVar("_Row", bound=Model)


def _child(
    queryset: Manager[_Row] | QuerySet[_Row], reports: QuerySet[Report], prefix: str = "report"
) -> QuerySet[_Row]:
    return (queryset.filter(**{f"{prefix}__in": reports.values("pk")})
            .select_related(f"{prefix}__department", f"{prefix}__fiscal_year"))


def _figure_rows(reports: QuerySet) -> Iterator[list[Any]]:
    for f in _child(Figure.objects, reports).order_by("report_id", "key").iterator(2000):
        yield [f.report_id, f.report.fiscal_year.year, f.report.department.name, f.key,
               _translated(partial(figure_label, f.key), "zh-hans"),
               _translated(partial(figure_label, f.key), "en"),
               amount(f.value), figure_unit(f.key), f.value_text, f.page or MISSING, f.source]


def _line_rows(reports: QuerySet) -> Iterator[list[Any]]:
    lines = _child(ExpenditureLine.objects, reports).order_by("report_id", "order")
    for x in lines.iterator(2000):
        yield [x.report_id, x.report.fiscal_year.year, x.report.department.name, x.order,
               x.code, x.category, x.item, x.subitem, amount(x.budget),
               amount(x.budget_full_year), amount(x.actual), x.budget_text,
               x.budget_full_year_text, x.actual_text, x.reason, x.page or MISSING]


def _statement_rows(reports: QuerySet) -> Iterator[list[Any]]:
    """One line per amount (long form), a row with no amount once with empty cells."""
    tables = _child(StatementTable.objects, reports)
    rows = (StatementRow.objects.filter(table__in=tables.values("pk"))
            .select_related("table__report__department", "table__report__fiscal_year")
            .prefetch_related(Prefetch("cells"))
            .order_by("table__report_id", "table__order", "order"))
    for row in rows.iterator(2000):
        table, report = row.table, row.table.report
        head = [report.pk, report.fiscal_year.year, report.department.name, table.order,
                table.title, table.page or MISSING, row.order, row.code, row.name, row.level]
        cells = list(row.cells.all())
        if not cells:
            yield [*head, MISSING, MISSING, MISSING, MISSING]
        for cell in cells:
            yield [*head, cell.order, cell.label, amount(cell.value), cell.value_text]


def _indicator_rows(reports: QuerySet) -> Iterator[list[Any]]:
    for i in _child(Indicator.objects, reports).order_by("report_id", "order").iterator(2000):
        yield [i.report_id, i.report.fiscal_year.year, i.report.department.name, i.order,
               i.level1, i.level2, i.level3, i.target, i.actual, i.weight, i.score, i.deviation,
               i.page or MISSING]


def _finding_rows(reports: QuerySet) -> Iterator[list[Any]]:
    for f in _child(Finding.objects, reports).order_by("report_id", "pk").iterator(2000):
        yield [f.pk, f.report_id, f.report.fiscal_year.year, f.report.department.name,
               f.rule_id, f.category, f.severity,
               _translated(partial(finding_message, f), "zh-hans"),
               _translated(partial(finding_message, f), "en"), f.review]


# --- the dictionary -------------------------------------------------------------------------

REPORT_ID = Column("report_id", "integer", _("Report ID"),
                   _("The report's number on this site: /reports/<ID>/ and the API."),
                   required=True)
YEAR = Column("fiscal_year", "integer", _("Fiscal year"),
              _("The year the report accounts for (not the year it was published)."),
              required=True)
DEPARTMENT = Column("department", "string", _("Department"),
                    _("The department's official name on this site."), required=True)
PAGE = Column("page", "integer", _("Page"),
              _("The page of the original file it was printed on; empty where unknown."))
CODE = Column("code", "string", _("Classification code"),
              _("The 功能分类 code: 3 digits for a 类, 5 for a 款, 7 for a 项; empty where none "
                "was printed. Kept as text: leading digits matter."))

TABLES: tuple[Table, ...] = (
    Table("reports", _("Reports"),
          _("One line per published report: who reported, for which year, and what kind."),
          (REPORT_ID, YEAR,
           Column("kind", "string", _("Kind"),
                  _("final_accounts (部门决算), performance_evaluation (绩效自评) or budget "
                    "(部门预算)."), required=True, enum=tuple(Report.Kind.values)),
           Column("version", "integer", _("Version"),
                  _("1 for the first publication; higher when a corrected file replaced it."),
                  required=True),
           Column("department_id", "integer", _("Department ID"),
                  _("The department's number on this site: /departments/<ID>/."), required=True),
           DEPARTMENT,
           Column("printed_department", "string", _("Department as printed"),
                  _("The department's name as the report prints it.")),
           Column("region_id", "integer", _("Region ID"),
                  _("The most specific region the department belongs to; empty where unknown.")),
           Column("region", "string", _("Region"), _("That region's name.")),
           Column("region_path", "string", _("Region path"),
                  _("The regions from the province down, separated by “ / ”.")),
           Column("title", "string", _("Title"), _("The report's title on this site.")),
           Column("page_count", "integer", _("Page count"), _("Pages in the original file.")),
           Column("published_at", "datetime", _("Published at"),
                  _("When it was published here, in China Standard Time (UTC+8)."))),
          _report_rows, primary_key=("report_id",), refers_to_reports=False),
    Table("figures", _("Key figures"),
          _("The report's key figures (totals, 三公经费, staff counts…), each with the sentence "
            "or cell it was read from."),
          (REPORT_ID, YEAR, DEPARTMENT,
           Column("key", "string", _("Figure"),
                  _("A fixed English key, the same in every report (expenditure_total…)."),
                  required=True),
           Column("label_zh", "string", _("Name (Chinese)"), _("The figure's name in Chinese.")),
           Column("label_en", "string", _("Name (English)"), _("The figure's name in English.")),
           Column("value", "number", _("Value"), _("The value, in the unit of the next column."),
                  required=True),
           Column("unit", "string", _("Unit"),
                  _("wanyuan: 10k yuan (万元); count: a number of people, vehicles or groups; "
                    "score: points out of 100."), required=True, enum=tuple(UNITS)),
           Column("value_text", "string", _("As printed"), _("The value as the report prints it.")),
           PAGE,
           Column("source", "string", _("Source text"),
                  _("The sentence or table cell the value was read from."))),
          _figure_rows, primary_key=("report_id", "key")),
    Table("expenditure_lines", _("Expenditure lines"),
          _("The lines by 功能分类 (类/款/项) that a report explains with its initial budget "
            "and final account, and the reason for a difference."),
          (REPORT_ID, YEAR, DEPARTMENT,
           Column("line_order", "integer", _("Order"), _("The line's place in the report."),
                  required=True),
           CODE,
           Column("category", "string", _("Category (类)"), _("The 类 (category) name.")),
           Column("item", "string", _("Item (款)"), _("The 款 (item) name.")),
           Column("subitem", "string", _("Sub-item (项)"), _("The 项 (sub-item) name.")),
           Column("budget", "number", _("Initial budget"),
                  _("年初预算, in 10k yuan (万元); empty where not stated.")),
           Column("budget_full_year", "number", _("Full-year budget"),
                  _("全年预算 (the adjusted budget), in 10k yuan (万元); empty where not "
                    "stated.")),
           Column("actual", "number", _("Final account"),
                  _("支出决算, in 10k yuan (万元); empty where not stated.")),
           Column("budget_text", "string", _("Budget as printed"),
                  _("The initial budget as the report prints it.")),
           Column("budget_full_year_text", "string", _("Full-year budget as printed"),
                  _("The full-year budget as the report prints it.")),
           Column("actual_text", "string", _("Final account as printed"),
                  _("The final account as the report prints it.")),
           Column("reason", "string", _("Stated reason"),
                  _("The reason the report gives for the difference, if any.")),
           PAGE),
          _line_rows, primary_key=("report_id", "line_order")),
    Table("statement_rows", _("Statement table rows"),
          _("The rows of the statement tables (决算报表), one line per amount: a row with "
            "three amounts is three lines; a row with none is one line with empty amount."),
          (REPORT_ID, YEAR, DEPARTMENT,
           Column("table_order", "integer", _("Table order"),
                  _("The table's place in the report."), required=True),
           Column("table_title", "string", _("Table"), _("The table's title as printed.")),
           Column("table_page", "integer", _("Table page"),
                  _("The page the table starts on; empty where unknown.")),
           Column("row_order", "integer", _("Row order"), _("The row's place in its table."),
                  required=True),
           CODE,
           Column("name", "string", _("Name"), _("The row's name as printed.")),
           Column("level", "string", _("Level"),
                  _("category (类), item (款) or subitem (项), from the code; empty where "
                    "there is no code."), enum=("category", "item", "subitem")),
           Column("column_order", "integer", _("Column order"),
                  _("The amount's column, counted from 0.")),
           Column("column", "string", _("Column"),
                  _("The column's label; a label under a band reads 收入/决算数.")),
           Column("value", "number", _("Amount"),
                  _("In 10k yuan (万元); empty where the cell holds no amount.")),
           Column("value_text", "string", _("As printed"), _("The cell as printed."))),
          _statement_rows),
    Table("indicators", _("Performance indicators"),
          _("The indicators of the performance self-evaluations (绩效自评), kept as printed."),
          (REPORT_ID, YEAR, DEPARTMENT,
           Column("indicator_order", "integer", _("Order"),
                  _("The indicator's place in the report."), required=True),
           Column("level1", "string", _("Level-1 indicator"), _("一级指标, e.g. 产出指标.")),
           Column("level2", "string", _("Level-2 indicator"), _("二级指标, e.g. 数量指标.")),
           Column("level3", "string", _("Level-3 indicator"), _("三级指标: what is measured.")),
           Column("target", "string", _("Annual target"), _("年度指标值, as printed (≥95%).")),
           Column("actual", "string", _("Actual result"), _("实际完成值, as printed.")),
           Column("weight", "string", _("Weight"), _("分值: the points the indicator is worth.")),
           Column("score", "string", _("Score"), _("得分: the points it earned.")),
           Column("deviation", "string", _("Deviation reason"),
                  _("The reason given where the target was missed.")),
           PAGE),
          _indicator_rows, primary_key=("report_id", "indicator_order")),
    Table("findings", _("Findings"),
          _("Where a report's figures do not add up or look odd, by the site's consistency "
            "rules, with an auditor's review."),
          (Column("finding_id", "integer", _("Finding ID"),
                  _("The finding's number: /audit/findings/<ID>/."), required=True),
           REPORT_ID, YEAR, DEPARTMENT,
           Column("rule_id", "string", _("Rule"),
                  _("The rule that found it; the rules page explains each."), required=True),
           Column("category", "string", _("Category"), _("The rule's group.")),
           Column("severity", "string", _("Severity"),
                  _("error, warning or info."), required=True,
                  enum=tuple(Finding.Severity.values)),
           Column("message_zh", "string", _("Message (Chinese)"),
                  _("What was found, in Chinese.")),
           Column("message_en", "string", _("Message (English)"),
                  _("What was found, in English.")),
           Column("review", "string", _("Review"),
                  _("open (not reviewed yet), confirmed or dismissed by an auditor."),
                  required=True, enum=tuple(Finding.Review.values))),
          _finding_rows, primary_key=("finding_id",)),
)


def descriptor(*, name: str, title: Promise, created, extra: dict[str, Any]) -> dict[str, Any]:
    """The ``datapackage.json`` of a download."""
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": both(title),
        "description": both(_("Published department final accounts, budgets and performance "
                              "self-evaluations, as read from the reports. Amounts are in 10k "
                              "yuan (万元).")),
        "created": moment(created),
        "resources": [table.resource() for table in TABLES],
        "juesuan": extra,
    }
