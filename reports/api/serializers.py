"""JSON shapes of the open data API (read only).

Money is a decimal string in 万元 (``"154.8"``), never a float, with the form
printed in the report beside it (``value_text``: ``"154.80"``). Every piece
read from a report carries its provenance: the page it was printed on and,
for figures, the sentence or cell it was read from.
"""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports import selectors
from reports.checks import finding_message
from reports.labels import figure_label, figure_unit
from reports.models import (
    Department,
    ExpenditureLine,
    Figure,
    Finding,
    Indicator,
    Region,
    Report,
    Section,
    StatementCell,
    StatementRow,
    StatementTable,
)


@extend_schema_field({"type": "string", "format": "decimal", "example": "154.8",
                      "nullable": True})
class AmountField(serializers.Field):
    """A Decimal as its shortest exact string: 154.800000 → "154.8"."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class _Links(serializers.Serializer):
    """``url``: the page for people; ``api_url``: this object in the API."""

    api_view = ""

    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return _absolute(self.context.get("request"), obj.get_absolute_url())

    def get_api_url(self, obj) -> str:
        return _absolute(self.context.get("request"), reverse(self.api_view, args=[obj.pk]))


class RegionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class RegionSerializer(_Links, serializers.ModelSerializer):
    api_view = "api:region-detail"

    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    path = serializers.SerializerMethodField(help_text="Names from the top region down to this.")
    department_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Region
        fields = ["id", "name", "level", "parent", "path", "department_count", "url", "api_url"]

    def get_path(self, region: Region) -> list[str]:
        return [r.name for r in region.lineage()]


class RegionNodeSerializer(serializers.Serializer):
    """A region in the tree, with the regions below it."""

    id = serializers.IntegerField(source="region.pk")
    name = serializers.CharField(source="region.name")
    level = serializers.ChoiceField(source="region.level", choices=Region.Level.choices)
    department_count = serializers.IntegerField()

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = RegionNodeSerializer(many=True)
        return fields


class DepartmentRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DepartmentSerializer(_Links, serializers.ModelSerializer):
    api_view = "api:department-detail"

    region = RegionRefSerializer(allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name",
        help_text="Other printed forms of the name (简称, or without the region).",
    )
    report_count = serializers.IntegerField(read_only=True,
                                            help_text="How many reports are published.")

    class Meta:
        model = Department
        fields = ["id", "name", "short_name", "region", "parent", "aliases", "report_count",
                  "url", "api_url"]


class ReportRefSerializer(_Links, serializers.ModelSerializer):
    """The report a line, row, indicator or finding comes from."""

    api_view = "api:report-detail"

    fiscal_year = serializers.IntegerField(source="fiscal_year.year")
    department = DepartmentRefSerializer()
    region = RegionRefSerializer(source="department.region", allow_null=True)

    class Meta:
        model = Report
        fields = ["id", "fiscal_year", "kind", "department", "region", "url", "api_url"]


class ReportSerializer(ReportRefSerializer):
    original_url = serializers.SerializerMethodField(
        help_text="The file the report was published from, where it is kept.")

    class Meta:
        model = Report
        fields = ["id", "fiscal_year", "kind", "status", "version", "title", "department",
                  "printed_department", "region", "page_count", "published_at", "url",
                  "api_url", "original_url"]

    def get_original_url(self, report: Report) -> str | None:
        if report.upload is None or not report.upload.file:
            return None
        return _absolute(self.context.get("request"),
                         reverse("report_original", args=[report.pk]))


class DepartmentDetailSerializer(DepartmentSerializer):
    reports = serializers.SerializerMethodField(
        help_text="Its reports the public may open, newest year first.")

    class Meta(DepartmentSerializer.Meta):
        fields = [*DepartmentSerializer.Meta.fields, "reports"]

    @extend_schema_field(ReportSerializer(many=True))
    def get_reports(self, department: Department) -> list[dict]:
        reports = (Report.objects.visible().for_department(department).with_related()
                   .select_related("upload").order_by("-fiscal_year__year", "kind", "-version"))
        return ReportSerializer(reports, many=True, context=self.context).data


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ["order", "level", "heading", "text", "page"]


class FigureSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()
    value = AmountField()
    unit = serializers.SerializerMethodField(
        help_text="wanyuan (万元), count, or score (points out of 100).")

    class Meta:
        model = Figure
        fields = ["key", "label", "value", "value_text", "unit", "page", "source"]

    def get_label(self, figure: Figure) -> str:
        return figure_label(figure.key)

    def get_unit(self, figure: Figure) -> str:
        return figure_unit(figure.key)


class CellSerializer(serializers.ModelSerializer):
    column = serializers.CharField(source="label")
    value = AmountField()

    class Meta:
        model = StatementCell
        fields = ["order", "column", "value", "value_text"]


class RowSerializer(serializers.ModelSerializer):
    cells = CellSerializer(many=True)

    class Meta:
        model = StatementRow
        fields = ["order", "code", "name", "level", "cells"]


class TableSerializer(serializers.ModelSerializer):
    rows = RowSerializer(many=True)

    class Meta:
        model = StatementTable
        fields = ["order", "title", "page", "columns", "rows"]


class LineSerializer(serializers.ModelSerializer):
    budget = AmountField()
    actual = AmountField()

    class Meta:
        model = ExpenditureLine
        fields = ["order", "code", "category", "item", "subitem", "budget", "actual",
                  "budget_text", "actual_text", "reason", "page"]


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["order", "level1", "level2", "level3", "target", "actual", "weight", "score",
                  "deviation", "page"]


class FindingSerializer(serializers.ModelSerializer):
    message = serializers.SerializerMethodField(help_text="In the language of the request.")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Finding
        fields = ["id", "rule_id", "category", "severity", "message", "evidence", "review",
                  "url"]

    def get_message(self, finding: Finding) -> str:
        return finding_message(finding)

    def get_url(self, finding: Finding) -> str:
        return _absolute(self.context.get("request"),
                         reverse("audit:finding_detail", args=[finding.pk]))


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "version", "status", "published_at"]


class ReportDetailSerializer(ReportSerializer):
    versions = serializers.SerializerMethodField(
        help_text="Every public version of this department, year and kind, newest first.")
    warnings = serializers.ListField(child=serializers.CharField())
    sections = SectionSerializer(many=True)
    figures = serializers.SerializerMethodField(
        help_text="In the report page's order: totals, then their parts.")
    tables = TableSerializer(many=True)
    expenditure_lines = LineSerializer(many=True)
    indicators = IndicatorSerializer(many=True)
    findings = FindingSerializer(many=True)

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "versions", "warnings", "sections", "figures",
                  "tables", "expenditure_lines", "indicators", "findings"]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, report: Report) -> list[dict]:
        return VersionSerializer(selectors.report_versions(report), many=True).data

    @extend_schema_field(FigureSerializer(many=True))
    def get_figures(self, report: Report) -> list[dict]:
        figures = [figure for _label, figure in selectors.report_figures(report).all]
        return FigureSerializer(figures, many=True, context=self.context).data


class StatementRowSerializer(RowSerializer):
    report = ReportRefSerializer(source="table.report")
    table = serializers.CharField(source="table.title")
    table_page = serializers.IntegerField(source="table.page", allow_null=True)

    class Meta(RowSerializer.Meta):
        fields = ["id", "report", "table", "table_page", *RowSerializer.Meta.fields]


class ExpenditureLineSerializer(LineSerializer):
    report = ReportRefSerializer()

    class Meta(LineSerializer.Meta):
        fields = ["id", "report", *LineSerializer.Meta.fields]


class IndicatorListSerializer(IndicatorSerializer):
    report = ReportRefSerializer()

    class Meta(IndicatorSerializer.Meta):
        fields = ["id", "report", *IndicatorSerializer.Meta.fields]


class FindingListSerializer(FindingSerializer):
    report = ReportRefSerializer()

    class Meta(FindingSerializer.Meta):
        fields = ["id", "report", *FindingSerializer.Meta.fields[1:]]


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField(source="entry.kind")
    title = serializers.CharField(source="entry.title")
    page = serializers.IntegerField(source="entry.page", allow_null=True)
    snippet_html = serializers.CharField(
        source="snippet", help_text="Escaped text around the match, matches in <mark>.")
    url = serializers.SerializerMethodField(help_text="The report page at the match.")

    def get_url(self, hit) -> str:
        anchor = f"#{hit.entry.anchor}" if hit.entry.anchor else ""
        return _absolute(self.context.get("request"),
                         reverse("report_detail", args=[hit.entry.report_id]) + anchor)


class SearchResultSerializer(ReportSerializer):
    score = serializers.IntegerField(source="search_score",
                                     help_text="The summed weight of the matching parts.")
    hits = serializers.SerializerMethodField(help_text="The best few matching parts.")

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "score", "hits"]

    @extend_schema_field(HitSerializer(many=True))
    def get_hits(self, report: Report) -> list[dict]:
        # What HitSerializer writes, built directly: a nested serializer per report (and
        # a reverse() per hit) was a third of a search page's time.
        hits = self.context.get("hits", {}).get(report.pk, [])
        if not hits:
            return []
        page = _absolute(self.context.get("request"), reverse("report_detail", args=[report.pk]))
        return [{"kind": hit.entry.kind, "title": hit.entry.title, "page": hit.entry.page,
                 "snippet_html": str(hit.snippet),
                 "url": page + (f"#{hit.entry.anchor}" if hit.entry.anchor else "")}
                for hit in hits]


class DownloadSerializer(serializers.Serializer):
    name = serializers.CharField()
    year = serializers.IntegerField(allow_null=True, help_text="Null for all years together.")
    url = serializers.CharField()
    size = serializers.IntegerField(help_text="Bytes.")
    created = serializers.DateTimeField()
    reports = serializers.IntegerField(help_text="How many published reports it holds.")
