from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reports import models


class AliasInline(admin.TabularInline):
    model = models.DepartmentAlias
    extra = 0


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


@admin.register(models.Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "region", "parent"]
    list_filter = ["region__level"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["region", "parent"]
    inlines = [AliasInline]


@admin.register(models.DepartmentAlias)
class DepartmentAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    search_fields = ["name", "department__name"]
    autocomplete_fields = ["department"]


@admin.register(models.FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year"]
    search_fields = ["year"]


class SectionInline(admin.StackedInline):
    model = models.Section
    extra = 0


class FigureInline(admin.TabularInline):
    model = models.Figure
    extra = 0
    fields = ["key", "value", "value_text", "page"]


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["department", "fiscal_year", "kind", "status", "version", "published_at"]
    list_filter = ["kind", "status", "fiscal_year", "department__region"]
    search_fields = ["department__name", "title", "printed_department"]
    autocomplete_fields = ["department", "fiscal_year", "upload"]
    date_hierarchy = "published_at"
    inlines = [FigureInline]


@admin.register(models.Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "report", "order", "page"]
    list_filter = ["report__fiscal_year", "report__kind"]
    search_fields = ["heading", "text", "report__department__name"]
    raw_id_fields = ["report"]


@admin.register(models.Figure)
class FigureAdmin(admin.ModelAdmin):
    list_display = ["key", "value_text", "report", "page"]
    list_filter = ["key", "report__fiscal_year"]
    search_fields = ["key", "source", "report__department__name"]
    raw_id_fields = ["report"]


class RowInline(admin.TabularInline):
    model = models.StatementRow
    extra = 0
    fields = ["order", "code", "name", "level"]


@admin.register(models.StatementTable)
class StatementTableAdmin(admin.ModelAdmin):
    list_display = ["title", "report", "order", "page"]
    list_filter = ["report__fiscal_year", "report__kind"]
    search_fields = ["title", "report__department__name"]
    raw_id_fields = ["report"]
    inlines = [RowInline]


class CellInline(admin.TabularInline):
    model = models.StatementCell
    extra = 0


@admin.register(models.StatementRow)
class StatementRowAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "table"]
    list_filter = ["level", "table__report__fiscal_year"]
    search_fields = ["code", "name", "table__title"]
    raw_id_fields = ["table"]
    inlines = [CellInline]


@admin.register(models.StatementCell)
class StatementCellAdmin(admin.ModelAdmin):
    list_display = ["row", "label", "value_text"]
    search_fields = ["label", "row__name", "row__code"]
    raw_id_fields = ["row"]


@admin.register(models.ExpenditureLine)
class ExpenditureLineAdmin(admin.ModelAdmin):
    list_display = ["code", "category", "item", "subitem", "budget", "actual", "report"]
    list_filter = ["category", "report__fiscal_year"]
    search_fields = ["code", "category", "item", "subitem", "report__department__name"]
    raw_id_fields = ["report"]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["level3", "level1", "level2", "target", "actual", "weight", "score", "report"]
    list_filter = ["level1", "report__fiscal_year"]
    search_fields = ["level1", "level2", "level3", "report__department__name"]
    raw_id_fields = ["report"]


@admin.register(models.Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["rule_id", "severity", "category", "review", "report"]
    list_filter = ["severity", "category", "review", "rule_id"]
    search_fields = ["rule_id", "message", "report__department__name"]
    raw_id_fields = ["report", "reviewed_by"]


@admin.register(models.DataProblem)
class DataProblemAdmin(admin.ModelAdmin):
    list_display = ["created_at", "report", "description", "contact", "handled"]
    list_editable = ["handled"]
    list_filter = ["handled", "created_at"]
    search_fields = ["description", "contact", "report__department__name"]
    raw_id_fields = ["report"]
    readonly_fields = ["created_at"]
    actions = ["mark_handled"]

    @admin.action(description=_("Mark the selected problems handled"))
    def mark_handled(self, request, queryset) -> None:
        count = queryset.update(handled=True)
        self.message_user(request, ngettext("%(count)d problem marked handled.",
                                            "%(count)d problems marked handled.", count)
                          % {"count": count})
