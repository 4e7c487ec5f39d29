"""The published domain: who reported what, for which year, and what it said.

Money is ``Decimal`` in 万元 everywhere (never float). Where the printed form
matters (``0.0`` vs ``0.00``) it is kept beside the value in ``*_text``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import classification, contract
from reports.querysets import (
    DepartmentQuerySet,
    ExpenditureLineQuerySet,
    FindingQuerySet,
    FiscalYearQuerySet,
    RegionQuerySet,
    ReportQuerySet,
    ReportStatus,
    SpendingQuerySet,
    StatementRowQuerySet,
)


# Six decimals keep 元 with 分 exact in 万元 (12,345.67元 = 1.234567万元). SQLite holds
# 15 significant digits exactly, so up to 999,999,999.999999万元 round-trips on both.
class _MoneyDigits(TypedDict):
    max_digits: int
    decimal_places: int


MONEY: _MoneyDigits = {"max_digits": 15, "decimal_places": 6}


class ReportYearField(models.PositiveSmallIntegerField):
    """The report's fiscal year copied onto a row of a big table: its partition key.

    Filled from ``report.fiscal_year`` when a row is saved or bulk-created without it,
    so every writer through the ORM sets it (see reports.partitions); a report's year
    never changes once it has rows.
    """

    def pre_save(self, model_instance: models.Model, add: bool) -> int:
        value = getattr(model_instance, self.attname)
        if value is None:
            value = model_instance.report.fiscal_year.year  # type: ignore[attr-defined]
            setattr(model_instance, self.attname, value)
        return value


class Region(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        COUNTY = "county", _("County / district")

    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("parent region"),
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            # 朝阳区 exists under Beijing and under 长春: names are unique per parent.
            models.UniqueConstraint(
                fields=["parent", "name"], name="region_unique_name_per_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("region_detail", args=[self.pk])

    def lineage(self) -> list[Region]:
        """The regions above this one and itself, top first (for breadcrumbs).

        Walks ``parent``: select ``parent__parent`` with the region to keep it to one query.
        """
        chain: list[Region] = []
        node: Region | None = self
        while node is not None:
            chain.insert(0, node)
            node = node.parent
        return chain


class Department(models.Model):
    name = models.CharField(_("official name"), max_length=128, unique=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    region = models.ForeignKey(
        Region, models.PROTECT, null=True, blank=True, related_name="departments",
        verbose_name=_("region"),
    )
    parent = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="units",
        verbose_name=_("parent department"), help_text=_("For 二级单位: the department above."),
    )
    # Fictional: made by the demo data (load_demo). Never offered as the match of a real one.
    demo = models.BooleanField(_("demo department"), default=False)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The lists sort reports by department name through Report.sort_key.
        refresh_sort_keys(Report.objects.filter(department_id=self.pk))

    def get_absolute_url(self) -> str:
        return reverse("department_detail", args=[self.pk])


class DepartmentAlias(models.Model):
    """Another printed form of a department's name (简称, or without the region)."""

    department = models.ForeignKey(
        Department, models.CASCADE, related_name="aliases", verbose_name=_("department")
    )
    name = models.CharField(_("alias"), max_length=128, unique=True)

    class Meta:
        verbose_name = _("department alias")
        verbose_name_plural = _("department aliases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)

    objects = FiscalYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class Report(models.Model):
    class Kind(models.TextChoices):
        FINAL_ACCOUNTS = contract.FINAL_ACCOUNTS, _("Final accounts (部门决算)")
        PERFORMANCE_EVALUATION = (
            contract.PERFORMANCE_EVALUATION, _("Performance self-evaluation (绩效自评)")
        )
        BUDGET = contract.BUDGET, _("Budget (部门预算)")

    class Scope(models.TextChoices):
        DEPARTMENT = contract.DEPARTMENT, _("Department, consolidated (部门)")
        UNIT = contract.UNIT, _("One unit (单位)")

    Status = ReportStatus

    department = models.ForeignKey(
        Department, models.PROTECT, related_name="reports", verbose_name=_("department")
    )
    fiscal_year = models.ForeignKey(
        FiscalYear, models.PROTECT, related_name="reports", verbose_name=_("fiscal year")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # A body's 部门 and 单位 reports of one year are two reports, never versions of one.
    scope = models.CharField(
        _("scope"), max_length=16, choices=Scope.choices, default=Scope.DEPARTMENT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=255, blank=True)
    printed_department = models.CharField(
        _("department as printed"), max_length=128, blank=True
    )
    upload = models.ForeignKey(
        "ingest.Upload", models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("upload"),
    )
    page_count = models.PositiveIntegerField(_("pages"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # The lists' default order (newest year, department name, kind, scope) as one
    # indexed string: see report_sort_key. Set on save; a department's rename resets it.
    sort_key = models.CharField(_("sort key"), max_length=200, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-fiscal_year__year", "department__name", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "kind", "scope"],
                condition=Q(status=ReportStatus.PUBLISHED),
                name="report_one_published_per_identity",
            ),
            models.UniqueConstraint(
                fields=["department", "fiscal_year", "kind", "scope", "version"],
                name="report_unique_version",
            ),
        ]
        indexes = [
            # Department page and cross-year comparison: a department's reports by year.
            models.Index(fields=["department", "fiscal_year"], name="report_dept_year_idx"),
            # Browse list filtered by kind and status, newest year first.
            models.Index(fields=["kind", "status"], name="report_kind_status_idx"),
            # Home page: recently published reports.
            models.Index(fields=["status", "-published_at"], name="report_recent_idx"),
            # The lists' default order (reports, statement lines, indicators, findings):
            # ORDER BY sort_key, id over published reports, walked by a nested loop that
            # stops after one page instead of sorting every row first.
            models.Index(fields=["sort_key", "id"], name="report_list_order_idx",
                         condition=Q(status=ReportStatus.PUBLISHED)),
            # The same order for SQLite, which never uses a partial index when the
            # status comes as a bound parameter (as Django sends it): without this it
            # sorted every matching row of the line list (1.2 s at 10k reports).
            models.Index(fields=["status", "sort_key", "id"], name="report_status_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.fiscal_year} {self.get_kind_display()}"

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if fields is None or {"department", "fiscal_year", "kind", "scope"} & set(fields):
            self.sort_key = report_sort_key(self.fiscal_year.year, self.department.name,
                                            self.kind, self.scope)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "sort_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("report_detail", args=[self.pk])

    @property
    def is_superseded(self) -> bool:
        return self.status == ReportStatus.SUPERSEDED



def report_sort_key(year: int, department: str, kind: str, scope: str) -> str:
    """Newest year first, then department name, kind and scope, as one string.

    A tab (below every printable character) ends each part, so 某局 sorts before
    某局分局 as it does when the parts are compared one by one.
    """
    return f"{9999 - year:04d}\t{department}\t{kind}\t{scope}"


def sort_key_expression() -> models.Func:
    """``report_sort_key`` in SQL, for updating many reports at once."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Cast, Concat, LPad

    year = Subquery(FiscalYear.objects.filter(pk=OuterRef("fiscal_year")).values("year")[:1])
    name = Subquery(Department.objects.filter(pk=OuterRef("department")).values("name")[:1])
    tab = Value("\t")
    return Concat(LPad(Cast(Value(9999) - year, models.CharField()), 4, Value("0")), tab,
                  name, tab, models.F("kind"), tab, models.F("scope"),
                  output_field=models.CharField())


def refresh_sort_keys(reports: models.QuerySet) -> int:
    """Recompute ``sort_key`` of ``reports`` in one UPDATE (a rename, a bulk load)."""
    return reports.update(sort_key=sort_key_expression())


class ReportPart(models.Model):
    """One file of a report published as several (narrative + tables, 附件).

    The report's pages run through its parts in order: part ``order`` holds the
    report's pages ``first_page`` to ``first_page + page_count - 1``, which are its
    own pages 1 to ``page_count``. A report from one file has no parts.
    """

    report = models.ForeignKey(Report, models.CASCADE, related_name="parts",
                               verbose_name=_("report"))
    order = models.PositiveSmallIntegerField(_("order"))
    upload = models.ForeignKey(
        "ingest.Upload", models.SET_NULL, null=True, blank=True, related_name="report_parts",
        verbose_name=_("upload"),
    )
    name = models.CharField(_("file name"), max_length=255)
    first_page = models.PositiveIntegerField(_("first page"), default=1)
    page_count = models.PositiveIntegerField(_("pages"), default=0)

    class Meta:
        verbose_name = _("report part")
        verbose_name_plural = _("report parts")
        ordering = ["report", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "order"], name="report_part_order_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_original(self) -> bool:
        return bool(self.upload_id and self.upload and self.upload.file)

    def holds(self, page: int) -> bool:
        return self.first_page <= page < self.first_page + max(self.page_count, 1)

    def local_page(self, page: int) -> int:
        """The page of this part's own file that is the report's ``page``."""
        return page - self.first_page + 1

class Section(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(_("order"))
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    heading = models.CharField(_("heading"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.heading


class Figure(models.Model):
    """A key figure from the contract vocabulary (core.contract.FIGURE_KEYS)."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="figures")
    key = models.CharField(_("key"), max_length=64)
    value = models.DecimalField(_("value"), **MONEY)
    value_text = models.CharField(_("as printed"), max_length=40)
    source = models.TextField(_("source text"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="figure_unique_key_per_report"),
        ]
        indexes = [
            # Department page chart: one key across a department's years.
            models.Index(fields=["key", "report"], name="figure_key_report_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} = {self.value_text}"


class StatementTable(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="tables")
    order = models.PositiveIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=255)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    columns = models.JSONField(_("column labels"), default=list, blank=True)
    # Whether every identity the table implies held as it was read (core.statements),
    # and those that did not: a rule reading an unverified table is in doubt.
    verified = models.BooleanField(_("balances as read"), default=True)
    unbalanced = models.JSONField(_("identities that do not hold"), default=list, blank=True)
    note = models.TextField(_("note printed with the table"), blank=True)

    class Meta:
        verbose_name = _("statement table")
        verbose_name_plural = _("statement tables")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.title


class StatementRow(models.Model):
    class Level(models.TextChoices):
        CATEGORY = "category", pgettext_lazy("classification level", "类")
        ITEM = "item", pgettext_lazy("classification level", "款")
        SUBITEM = "subitem", pgettext_lazy("classification level", "项")

    table = models.ForeignKey(StatementTable, models.CASCADE, related_name="rows")
    order = models.PositiveIntegerField(_("order"))
    # "Code starts with 2010…": db_index also gives PostgreSQL a varchar_pattern_ops
    # index, the only kind its LIKE 'x%' can use outside the C locale (a rare code
    # read every row: 2.2 s at 50k reports).
    code = models.CharField(_("classification code"), max_length=16, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, blank=True)

    objects = StatementRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement row")
        verbose_name_plural = _("statement rows")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    @staticmethod
    def level_for_code(code: str | None) -> str:
        return {3: "category", 5: "item", 7: "subitem"}.get(len(code or ""), "")


class StatementCell(models.Model):
    """One amount of a row, under its column label (``收入/决算数``)."""

    row = models.ForeignKey(StatementRow, models.CASCADE, related_name="cells")
    order = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("column"), max_length=255)
    # Null where the cell holds text that is not an amount (a template's "XX").
    value = models.DecimalField(_("value"), null=True, blank=True, **MONEY)
    value_text = models.CharField(_("as printed"), max_length=40)

    class Meta:
        verbose_name = _("statement cell")
        verbose_name_plural = _("statement cells")
        ordering = ["row", "order"]
        indexes = [
            # Statement-line list filtered by amount range within a column.
            models.Index(fields=["label", "value"], name="cell_label_value_idx"),
            # Statement-line list "amount at least / at most" in any column: the rows
            # holding such an amount, found without reading every cell.
            models.Index(fields=["value"], name="cell_value_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.value_text}"


class ExpenditureLine(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="expenditure_lines")
    order = models.PositiveIntegerField(_("order"))
    code = models.CharField(_("classification code"), max_length=16, blank=True)
    category = models.CharField(pgettext_lazy("classification level", "类"), max_length=128)
    item = models.CharField(pgettext_lazy("classification level", "款"), max_length=128)
    subitem = models.CharField(pgettext_lazy("classification level", "项"), max_length=128)
    budget = models.DecimalField(_("initial budget (年初预算)"), null=True, blank=True, **MONEY)
    actual = models.DecimalField(_("final account (支出决算)"), null=True, blank=True, **MONEY)
    budget_text = models.CharField(max_length=40, blank=True)
    actual_text = models.CharField(max_length=40, blank=True)
    # The line's 全年预算 (调整预算), where the report states it; budget stays the 年初预算.
    budget_full_year = models.DecimalField(
        _("full-year budget (全年预算)"), null=True, blank=True, **MONEY
    )
    budget_full_year_text = models.CharField(max_length=40, blank=True)
    reason = models.TextField(_("stated reason"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)

    objects = ExpenditureLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("expenditure line")
        verbose_name_plural = _("expenditure lines")
        ordering = ["report", "order"]
        indexes = [
            # Comparison across years: lines aligned by classification code.
            models.Index(fields=["code"], name="line_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category}/{self.item}/{self.subitem}"

    @property
    def execution_rate(self) -> Decimal | None:
        if self.budget and self.actual is not None:
            return self.actual / self.budget * 100
        return None


class Indicator(models.Model):
    """A 绩效自评 indicator row; values kept as printed (``≥95%``, ``按时完成``)."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="indicators")
    order = models.PositiveIntegerField(_("order"))
    level1 = models.CharField(_("level-1 indicator"), max_length=128, blank=True)
    level2 = models.CharField(_("level-2 indicator"), max_length=128, blank=True)
    level3 = models.CharField(_("level-3 indicator"), max_length=500)
    target = models.CharField(_("annual target"), max_length=500, blank=True)
    actual = models.CharField(_("actual result"), max_length=500, blank=True)
    weight = models.CharField(_("weight"), max_length=32, blank=True)
    score = models.CharField(_("score"), max_length=32, blank=True)
    deviation = models.TextField(_("deviation reason"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)

    class Meta:
        verbose_name = _("performance indicator")
        verbose_name_plural = _("performance indicators")
        ordering = ["report", "order"]

    def __str__(self) -> str:
        return self.level3


class Finding(models.Model):
    """The result of one consistency rule on one report (see reports.checks)."""

    class Severity(models.TextChoices):
        ERROR = "error", _("Error")
        WARNING = "warning", _("Warning")
        INFO = "info", pgettext_lazy("finding severity", "Note")
        ROUNDING = "rounding", _("Rounding remainder (尾差)")
        DOUBT = "doubt", _("Reading in doubt (解析存疑)")

    class Review(models.TextChoices):
        OPEN = "open", _("Open")
        CONFIRMED = "confirmed", _("Confirmed")
        DISMISSED = "dismissed", _("Dismissed")

    report = models.ForeignKey(Report, models.CASCADE, related_name="findings")
    rule_id = models.CharField(_("rule"), max_length=64)
    category = models.CharField(_("category"), max_length=32, blank=True)
    severity = models.CharField(_("severity"), max_length=16, choices=Severity.choices)
    message = models.TextField(_("message"))
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    # Stable across re-uploads of the same report so a review mark can follow it.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    review = models.CharField(
        _("review"), max_length=16, choices=Review.choices, default=Review.OPEN
    )
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["report", "severity", "rule_id"]
        indexes = [
            # Findings list filtered by rule and severity.
            models.Index(fields=["rule_id", "severity"], name="finding_rule_severity_idx"),
            # The home page's latest problems: newest first, read until eight are found.
            models.Index(fields=["created_at", "id"], name="finding_recent_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.message}"


class SearchEntry(models.Model):
    """One searchable piece of a report: its department, a section, a table, an indicator.

    ``tokens`` holds the jieba segmentation (space separated) that the database
    indexes: a 'simple' tsvector with a GIN index on PostgreSQL, an FTS5 table
    on SQLite (both created by the ``search_index`` migration, see reports.search).
    ``text`` is what snippets are cut from; ``codes`` lists classification codes
    each preceded by a space, so " 2010" finds codes that start with 2010.
    """

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Department")
        SECTION = "section", _("Section")
        TABLE = "table", _("Statement table")
        INDICATOR = "indicator", _("Performance indicator")

    report = models.ForeignKey(Report, models.CASCADE, related_name="search_entries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    tokens = models.TextField(_("tokens"), blank=True)
    codes = models.TextField(_("classification codes"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    anchor = models.CharField(_("anchor"), max_length=32, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.title


class SearchGram(models.Model):
    """A character or pair of characters that some search entry's text holds.

    A query of one or two characters is a substring search (``LIKE '%经济%'``), which
    no index serves: a pair found nowhere would read every entry to say so. Only ever
    added to (see ``reports.search.search_grams_add``), so a gram missing here is in no
    entry; one present may be in none any more, and the entries are read to know.
    """

    gram = models.CharField(_("characters"), max_length=2, primary_key=True)

    class Meta:
        verbose_name = _("search characters")
        verbose_name_plural = _("search characters")

    def __str__(self) -> str:
        return self.gram


class Spending(models.Model):
    """What one published report spent under one 功能分类 code: the explorer's facts.

    Filled from the report's statement tables when it is published (see
    ``reports.services.reports_spending_save`` and ``core.classification``): one row per
    source table, code and report. A 类 or 款 the table leaves out is the sum of its
    children (``derived``); a printed total its children do not add up to keeps their
    sum in ``children_total``, so the page can show the 尾差.
    """

    class Source(models.TextChoices):
        ALL_FUNDS = classification.ALL_FUNDS, _("All funds (支出决算表)")
        GENERAL_BUDGET = classification.GENERAL_BUDGET, _(
            "General public budget appropriations (一般公共预算财政拨款支出决算表)"
        )

    report = models.ForeignKey(Report, models.CASCADE, related_name="spending")
    table = models.ForeignKey(StatementTable, models.CASCADE, related_name="spending")
    source = models.CharField(_("source table"), max_length=16, choices=Source.choices)
    code = models.CharField(_("classification code"), max_length=7)
    level = models.CharField(_("level"), max_length=16, choices=StatementRow.Level.choices)
    name = models.CharField(_("name"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    derived = models.BooleanField(_("sum of its children (not printed)"), default=False)
    children_total = models.DecimalField(
        _("sum of its children"), null=True, blank=True, **MONEY
    )
    # The report's fiscal year: the partition key on PostgreSQL (reports.partitions).
    year = ReportYearField(_("fiscal year"), editable=False)

    objects = SpendingQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending by classification code")
        verbose_name_plural = _("spending by classification code")
        ordering = ["report", "source", "code"]
        constraints = [
            # With the partition key, as a partitioned table's unique constraints must be
            # (the year follows from the report, so this is one per report, source, code).
            models.UniqueConstraint(fields=["report", "source", "code", "year"],
                                    name="spending_one_per_report_source_code"),
        ]
        indexes = [
            # The explorer: one source and level (or one code and its children) summed.
            models.Index(fields=["source", "level", "code"], name="spending_source_code_idx"),
            # A code's page: its largest amounts first, read until a page of them is found.
            models.Index(fields=["source", "code", "-amount"], name="spending_code_amount_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}: {self.amount}"

    @property
    def remainder(self) -> Decimal | None:
        if self.derived or self.children_total is None or self.children_total == self.amount:
            return None
        return self.amount - self.children_total


class SpendingTotal(models.Model):
    """``Spending`` summed for one region and everything below it (or the whole country),
    one year, source table and code: what the explorer and the region pages show.

    Kept by ``reports.services.spending_totals_refresh`` whenever a report's spending is
    written, a region from its own departments' reports and the totals of the regions
    right below it, so a page reads a few rows whatever the number of reports. The row
    with an empty ``code`` counts a region's reports with any spending, its ``amount``
    being the sum of their 类.
    """

    # null: the whole country (departments without a known region included).
    region = models.ForeignKey(Region, models.CASCADE, null=True, blank=True,
                               related_name="spending_totals")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    source = models.CharField(_("source table"), max_length=16, choices=Spending.Source.choices)
    code = models.CharField(_("classification code"), max_length=7, blank=True)
    level = models.CharField(_("level"), max_length=16, blank=True)
    name = models.CharField(_("name"), max_length=255, blank=True)  # the greatest printed
    amount = models.DecimalField(_("amount (10k yuan)"), **MONEY)
    reports = models.PositiveIntegerField(_("reports"))
    derived = models.PositiveIntegerField(_("reports where it is the sum of its children"))
    remainder = models.DecimalField(_("rounding remainder"), null=True, blank=True, **MONEY)

    class Meta:
        verbose_name = _("spending total")
        verbose_name_plural = _("spending totals")
        indexes = [
            models.Index(fields=["region", "source", "year", "level", "code"],
                         name="spendingtotal_scope_idx"),
            models.Index(fields=["region", "source", "code", "year"],
                         name="spendingtotal_code_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id or '-'} {self.year} {self.code}: {self.amount}"


class DataProblem(models.Model):
    """A visitor's note that something read from a report is wrong, for staff to handle.

    The sender is kept only as a keyed hash of their network address, enough to
    count their notes for the hourly limit and nothing more.
    """

    report = models.ForeignKey(Report, models.CASCADE, related_name="data_problems",
                               verbose_name=_("report"))
    description = models.TextField(_("what is wrong"))
    contact = models.EmailField(_("contact e-mail"), blank=True)
    sender = models.CharField(_("sender (keyed hash)"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("data problem")
        verbose_name_plural = _("data problems")
        ordering = ["handled", "-created_at"]
        indexes = [
            # The hourly limit counts a sender's recent notes.
            models.Index(fields=["sender", "created_at"], name="dataproblem_sender_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.description[:40]}"


class ScoreboardCell(models.Model):
    """What the auditors' scoreboard shows for one department and year (an aggregate).

    The published reports (id and kind), the kinds of statement tables they hold and
    their findings by severity (dismissed ones left out), so the scoreboard reads one
    row per cell it draws instead of every report's tables and findings. Written only
    by ``reports.services.scoreboard_refresh``, after every publication, check run,
    review mark and change or deletion of a report.
    """

    department = models.ForeignKey(Department, models.CASCADE, related_name="score_cells")
    year = models.PositiveSmallIntegerField()
    # [[report id, kind], ...] in the order the cell lists them.
    reports = models.JSONField(default=list)
    # The statement tables' kinds (reports.checks.context.table_kind), sorted.
    tables = models.JSONField(default=list)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    notes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("scoreboard cell")
        verbose_name_plural = _("scoreboard cells")
        constraints = [
            models.UniqueConstraint(fields=["department", "year"], name="scorecell_unique"),
        ]
        indexes = [
            # The published span of years: MIN and MAX from the index.
            models.Index(fields=["year"], name="scorecell_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.department_id} {self.year}"


class DataVersion(models.Model):
    """A counter bumped whenever published data or its findings change (one row).

    Pages cache what they derive from the whole published corpus (the home page's
    overview, the findings' counts) under the current value, so a publication, a
    check run or a review mark is seen on the next request by every web worker.
    Written only by ``reports.services.data_changed``.
    """

    key = models.CharField(max_length=32, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.key} {self.value}"
