"""Public pages: thin views over FilterSets, selectors and queryset methods."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.forms import HiddenInput
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_filters import FilterSet

from core.classification import CATEGORY
from reports import explore, selectors
from reports.audit_selectors import findings_by_year
from reports.cache import cached
from reports.compare import budget_against_actual
from reports.explore import ExploreForm
from reports.exports import FORMATS, export_response
from reports.filters import IndicatorFilter, LineFilter, ReportFilter
from reports.forms import DataProblemForm
from reports.keyset import keyset_page
from reports.models import Department, Region, Report, ReportPart
from reports.originals import (
    INLINE_FORMATS,
    ORIGINAL_HEADERS,
    original_filename,
    original_type,
)
from reports.search import RankedReports, hits_for, plan

PER_PAGE = 25
EXPORT_LIMIT = 100_000


def _page(request: HttpRequest, queryset) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("after", None)
    return params.urlencode()


def _home_overview() -> dict:
    choice = ExploreForm().choice()  # the newest year with spending, all regions
    regions = selectors.region_tree()
    return {
        "coverage": selectors.coverage(),
        "coverage_table": selectors.coverage_by_region_year(
            regions=selectors.tree_regions(regions)),
        "spending_choice": choice,
        "spending": explore.level_totals(choice, CATEGORY),
        "problems": list(selectors.latest_problems()),
        "recent": list(selectors.report_list().order_by("-published_at")[:10]),
        "regions": regions,
    }


def _home_body() -> str:
    return render_to_string("reports/_home_body.html", _home_overview())


def home(request: HttpRequest) -> HttpResponse:
    # Everything on it is counted over the whole corpus and changes only on publication
    # (or a check, a review): drawn once per data version and language, then one read
    # of the data's version a request while it is unchanged.
    return render(request, "reports/home.html", {"body": cached("home_body", _home_body)})


def _region_tree() -> str:
    return render_to_string("reports/_region_tree.html", {"regions": selectors.region_tree()})


def region_list(request: HttpRequest) -> HttpResponse:
    # Every region of the country, nested: drawn once per data version and language
    # (a department or region added bumps it), not a template include per region.
    tree = cached("region_tree", _region_tree)
    return render(request, "reports/region_list.html", {"tree": tree})


def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("parent__parent"), pk=pk)
    form = ExploreForm({**request.GET.dict(), "region": region.pk})
    form.fields["region"].widget = HiddenInput()  # this page's region
    del form.fields["level"]  # the page sums 类
    choice = form.choice()
    # Who is known and who published, region by region: kept until the data changes.
    children, departments, publishing = cached("region", lambda: (
        list(region.children.annotate(department_count=Count("departments"))),
        list(selectors.departments_in(region)), explore.publishing_by_year(region),
    ), key=str(region.pk))
    context = {
        "region": region, "children": children, "departments": departments,
        "publishing": publishing,
        "form": form, "choice": choice, "categories": explore.level_totals(choice, CATEGORY),
        "trend": explore.total_trend(choice),
        "query": f"region={region.pk}&year={choice.year or ''}&source={choice.source}",
    }
    return render(request, "reports/region_detail.html", context)


def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(
        Department.objects.select_related("region__parent__parent"), pk=pk
    )
    # Its years, figures, lines and findings change only with the published data: drawn
    # once per data version and language.
    body = cached("department_body", lambda: render_to_string(
        "reports/_department_body.html", {
            "department": department,
            "aliases": department.aliases.all(),
            "years": selectors.department_years(department),
            "columns": selectors.key_figure_columns(),
            "execution": budget_against_actual(department),
            "findings": findings_by_year(department),
        }), key=str(department.pk))
    return render(request, "reports/department_detail.html",
                  {"department": department, "body": body})


def _report_contents(report: Report, parts: list, has_original: bool) -> tuple[str, bool]:
    """What the report says, drawn (its figures, sections, statement tables, lines and
    indicators), and whether it has a chart."""
    figures = selectors.report_figures(report)
    html = render_to_string("reports/_report_contents.html", {
        "report": report, "parts": parts, "has_original": has_original,
        "sections": report.sections.all(), "figures": figures.all,
        "structure": figures.structure, "counts": figures.counts,
        "tables": selectors.report_tables(report), "lines": report.expenditure_lines.all(),
        "indicators": report.indicators.all(),
    })
    return html, bool(figures.structure)


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's page. What it says is drawn once and kept until the data changes (a
    report's contents never change, but its parts or status may): a 决算's thousand
    statement cells are not read and drawn on every request."""
    try:
        report = selectors.report_for_page(pk)
    except Report.DoesNotExist as error:
        raise Http404 from error
    parts = list(report.parts.select_related("upload"))
    has_original = bool(report.upload is not None and report.upload.file)
    contents, has_chart = cached(
        "report", partial(_report_contents, report, parts, has_original),
        key=f"{report.pk}:{has_original}")
    context = {
        "report": report, "contents": contents, "has_chart": has_chart,
        "has_original": has_original, "problem_form": DataProblemForm(), "parts": parts,
    }
    return render(request, "reports/report_detail.html", context)


def report_json(request: HttpRequest, pk: int) -> JsonResponse:
    try:
        report = selectors.report_for_page(pk)
    except Report.DoesNotExist as error:
        raise Http404 from error
    # Its tables' rows and cells change only with the published data: read once a version.
    contract = cached("report_json", lambda: selectors.report_contract(report), key=str(pk))
    response = JsonResponse(contract, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="report-{report.pk}.json"'
    return response


def report_original(request: HttpRequest, pk: int) -> FileResponse:
    """The file the report was published from (a PDF opens at a page with #page=N).

    Typed by the sniffed format, not the uploaded name; sandboxed, so no upload
    can run script on this site.
    """
    report = get_object_or_404(Report.objects.visible().select_related("upload"), pk=pk)
    if not (report.upload_id and report.upload.file):
        raise Http404(_("The original file is not available."))
    return _original_response(report.upload)


def report_part_original(request: HttpRequest, pk: int, order: int) -> FileResponse:
    """One file of a report published as several (open it at a page with #page=N)."""
    part = get_object_or_404(
        ReportPart.objects.select_related("upload"),
        report__in=Report.objects.visible(), report_id=pk, order=order,
    )
    if not part.has_original:
        raise Http404(_("The original file is not available."))
    return _original_response(part.upload)


def _original_response(upload) -> FileResponse:
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError as error:  # the row outlived its file (restored database)
        raise Http404(_("The original file is not available.")) from error
    fmt = upload.detected_format
    kind = original_type(fmt, handle.read(8))
    handle.seek(0)
    response = FileResponse(
        handle, content_type=kind[0], as_attachment=fmt not in INLINE_FORMATS,
        filename=original_filename(upload.original_name, kind),
    )
    for header, value in ORIGINAL_HEADERS.items():
        response[header] = value
    return response


class _ReportPaginator(Paginator):
    """Page numbers over reports without dragging the rows skipped through the joins.

    A page's ids come first from the order index alone (``OFFSET`` over the index), then
    only those reports are read with their department, region and year; the count is
    kept per filter until the data changes (``reports.cache``).
    """

    def __init__(self, reports: QuerySet, per_page: int, *, count_key: str) -> None:
        super().__init__(reports, per_page)
        self.reports = reports
        self.count_key = count_key

    @cached_property
    def count(self) -> int:
        return cached("report_count", self.reports.count, key=self.count_key)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = list(self.reports.values_list("pk", flat=True)[bottom:bottom + self.per_page])
        found = {r.pk: r for r in self.reports.filter(pk__in=ids)}
        return Page([found[pk] for pk in ids if pk in found], number, self)


def report_list(request: HttpRequest) -> HttpResponse:
    filterset = ReportFilter(request.GET, queryset=selectors.report_list())
    filterset.is_valid()  # an invalid field is dropped; the search still applies
    query = filterset.form.cleaned_data.get("q") or ""
    ranked = filterset.ranked()
    rows: str | None = None
    if ranked is not None:  # a search in its own order: its page's ids, from the cache
        page = _page(request, ranked.ids)
        rows = _ranked_rows(query, ranked, list(page.object_list)) if ranked.ids else ""
        capped = ranked.capped
    else:
        if query:  # search results sorted otherwise: counted by reports.search
            page = _page(request, filterset.qs)
        else:
            page = _ReportPaginator(filterset.qs, PER_PAGE,
                                    count_key=_query_without_page(request)
                                    ).get_page(request.GET.get("page"))
        # More entries matched than a search reads: the count is "N+", not exact.
        capped = any(getattr(report, "search_capped", False) for report in page.object_list)
    context = {"filter": filterset, "page": page, "query": query, "capped": capped,
               "rows": rows, "querystring": _query_without_page(request)}
    if rows is None:
        context["results"] = _results(query, list(page.object_list))
    return render(request, "reports/report_list.html", context)


def _results(query: str, reports: list) -> list[tuple]:
    """(report, its best matching parts) for each report of a page."""
    hits = hits_for(query, [r.pk for r in reports]) if query else {}
    return [(report, hits.get(report.pk, [])) for report in reports]


def _ranked_rows(query: str, ranked: RankedReports, ids: list[int]) -> str:
    """The result rows of one page of a ranked search, as HTML kept until the published
    data changes (``reports.cache``, per language): what they show (the reports' names,
    the snippets) changes only then, so a page asked again reads no report and no entry."""
    how = plan(query)

    def draw() -> str:
        return render_to_string("reports/_report_rows.html",
                                {"results": _results(query, ranked.read(ids)), "query": query})

    return mark_safe(cached("search_rows", draw, key=repr((how.mode, how.terms, ids))))


def _keyset_list(
    request: HttpRequest, filterset: FilterSet, order: Sequence[str], template: str
) -> HttpResponse:
    """A filtered list paged by keyset ("next" after the last row shown) and counted up to
    a cap, so no page sorts or counts every row."""
    rows = filterset.qs
    ordering = selectors.keyset_ordering(rows, order)
    page = keyset_page(rows, ordering, request.GET.get("after"), PER_PAGE)
    return render(request, template, {
        "filter": filterset, "page": page, "total": page.count, "capped": page.count_capped,
        "querystring": _query_without_page(request)})


def line_list(request: HttpRequest) -> HttpResponse:
    """Millions of statement rows."""
    return _keyset_list(request, LineFilter(request.GET, queryset=selectors.line_list()),
                        selectors.LINE_ORDER, "reports/line_list.html")


def indicator_list(request: HttpRequest) -> HttpResponse:
    """A year's indicators run to hundreds of thousands."""
    return _keyset_list(request,
                        IndicatorFilter(request.GET, queryset=selectors.indicator_list()),
                        selectors.INDICATOR_ORDER, "reports/indicator_list.html")


# --- exports --------------------------------------------------------------------------------

def _export(fmt: str, name: str, headers, rows) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    return export_response(fmt, name, [str(h) for h in headers], rows)


def _refused(filterset) -> HttpResponse | None:
    """A 400 naming each invalid filter, before any row: an export must never quietly
    hold nothing (or everything) because a value was not understood."""
    if filterset.is_valid():
        return None
    lines = [f"{filterset.form[name].label}: {' '.join(errors)}"
             for name, errors in filterset.form.errors.items()]
    text = "\n".join([str(_("The export was not made: a filter value is not valid.")), *lines])
    return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")


def report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = ReportFilter(request.GET, queryset=selectors.report_list())
    if refused := _refused(filterset):
        return refused
    rows = selectors.report_rows(filterset.qs[:EXPORT_LIMIT])
    return _export(fmt, "reports", selectors.REPORT_HEADERS, rows)


def line_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = LineFilter(request.GET, queryset=selectors.line_list())
    if refused := _refused(filterset):
        return refused
    columns = selectors.line_columns(filterset.qs)
    rows = selectors.line_rows(filterset.qs[:EXPORT_LIMIT].iterator(chunk_size=2000), columns)
    return _export(fmt, "lines", [*selectors.LINE_HEADERS, *columns], rows)


def indicator_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filterset = IndicatorFilter(request.GET, queryset=selectors.indicator_list())
    if refused := _refused(filterset):
        return refused
    rows = selectors.indicator_rows(filterset.qs[:EXPORT_LIMIT].iterator(chunk_size=2000))
    return _export(fmt, "indicators", selectors.INDICATOR_HEADERS, rows)
