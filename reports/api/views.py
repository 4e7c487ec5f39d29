"""Read-only API views: thin, over the same selectors and FilterSets as the pages.

Lists hold published reports only (and what they contain); a report's own
address also answers for a superseded version, as its page does. Drafts never.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from django.db.models import F
from django.utils.translation import gettext as _
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from reports import audit_selectors, selectors
from reports.api import filters, serializers
from reports.api.pagination import RankedPagination
from reports.cache import cached
from reports.downloads import downloads_list
from reports.models import Report
from reports.search import clean_query, hits_for, plan


@extend_schema_view(
    list=extend_schema(summary="Regions, flat", description="Every region, by id. "
                       "``parent`` and ``level`` narrow the list; ``/regions/tree/`` nests them."),
    retrieve=extend_schema(summary="One region"),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.region_list()
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter

    @extend_schema(summary="Regions as a tree", filters=False,
                   responses=serializers.RegionNodeSerializer(many=True))
    @action(detail=False, pagination_class=None, filterset_class=None)
    def tree(self, request: Request) -> Response:
        nodes = selectors.region_tree()
        return Response(serializers.RegionNodeSerializer(nodes, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="Departments", description="Departments with their aliases. "
                       "``region`` includes the regions below it."),
    retrieve=extend_schema(summary="One department, with its reports"),
)
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = selectors.department_list()
    filterset_class = filters.DepartmentFilter

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.DepartmentDetailSerializer
        return serializers.DepartmentSerializer


@extend_schema_view(
    list=extend_schema(summary="Published reports", description="The published version of "
                       "each report. ``region`` includes the regions below it; ``q`` keeps "
                       "reports matching a search (use ``/search/`` for ranked results)."),
    retrieve=extend_schema(summary="One report, with everything read from it",
                           description="Figures, statement tables (rows and cells), "
                           "expenditure lines, indicators, sections and findings, each with "
                           "the page it was printed on. A superseded version still answers "
                           "here, as its page does; ``versions`` lists them all."),
)
class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = filters.ReportFilter

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.report_with_contents()
        return selectors.report_list().select_related("upload")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ReportDetailSerializer
        return serializers.ReportSerializer

    def filter_queryset(self, queryset):
        # A report's address answers whatever the list's filters say.
        return queryset if self.action == "retrieve" else super().filter_queryset(queryset)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        # A report with its tables is a thousand rows and cells to serialize, and it changes
        # only with the published data (a new version, a check, a review): serialized once
        # per data version, language and address the links are built on.
        def serialize() -> dict:
            return self.get_serializer(self.get_object()).data

        pk = kwargs[self.lookup_url_kwarg or self.lookup_field]
        key = f"{pk}:{request.build_absolute_uri('/')}"
        return Response(cached("api_report", serialize, key=key))


class _List(mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


@extend_schema_view(list=extend_schema(
    summary="Statement table rows",
    description="Rows of the published statement tables (决算报表), each with its amounts "
                "under their column labels. ``code`` matches the start of the 功能分类 code "
                "(``206`` finds 206, 20601, 2060101); ``amount_min``/``amount_max`` keep rows "
                "with one amount within both bounds."))
class StatementRowViewSet(_List):
    # Paged in the line list's order (newest year, department, table, row), the order the
    # reports' sort index serves: by id, SQLite sorted every matching row first (1 s at
    # 10k reports). The cursor holds the report's sort key (``report_order``).
    queryset = selectors.line_list().annotate(report_order=F("table__report__sort_key"))
    keyset_ordering = ("report_order", *selectors.LINE_ORDER[1:])
    serializer_class = serializers.StatementRowSerializer
    filterset_class = filters.LineFilter


@extend_schema_view(list=extend_schema(
    summary="Expenditure lines",
    description="The 类/款/项 lines a report states with its initial budget (年初预算) and "
                "final account (决算), and the reason given for a difference. ``code`` matches "
                "the start of the classification code."))
class ExpenditureLineViewSet(_List):
    queryset = selectors.expenditure_line_list()
    serializer_class = serializers.ExpenditureLineSerializer
    filterset_class = filters.ExpenditureLineFilter


@extend_schema_view(list=extend_schema(summary="Performance indicators",
                                       description="Indicators of the published 绩效自评."))
class IndicatorViewSet(_List):
    queryset = selectors.indicator_list()
    serializer_class = serializers.IndicatorListSerializer
    filterset_class = filters.IndicatorFilter


@extend_schema_view(list=extend_schema(
    summary="Findings", description="Where a published report's figures do not add up, by "
    "the consistency rules (see the rules page), with an auditor's review where given."))
class FindingViewSet(_List):
    queryset = audit_selectors.findings()
    serializer_class = serializers.FindingListSerializer
    filterset_class = filters.FindingFilter


@extend_schema(
    summary="Search the published reports",
    description="Reports matching ``q``, best first, each with the parts that matched. "
                "Words are segmented as Chinese (三公经费, 科学技术支出); digits match the start "
                "of a classification code. The report list's filters apply too.",
    parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True,
                                 description="Words, or the start of a classification code.")],
)
class SearchView(generics.ListAPIView):
    queryset = selectors.report_list().select_related("upload")
    serializer_class = serializers.SearchResultSerializer
    filterset_class = filters.ReportFilter
    pagination_class = RankedPagination

    def list(self, request: Request, *args, **kwargs) -> Response:
        query = clean_query(request.query_params.get("q"))
        if not query:
            raise ValidationError({"q": [_("Give words or a classification code to search.")]})
        filterset = self.filterset_class(request.query_params, queryset=self.get_queryset(),
                                         request=request)
        # An invalid filter is refused here (a 400 naming it), as on every list.
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        # Best first, ties as the report list orders them; a page reads only its reports
        # (the filtered queryset, whose search annotates every match, only for a sort).
        ranked = filterset.ranked()
        if ranked is None:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
            return self.get_paginated_response(self._results(query, page))
        # A page of a ranked search is what the data says until it changes: kept per
        # data version (``reports.cache``), so asking again reads no report and no entry.
        ids = self.paginate_queryset(ranked.ids)
        how = plan(query)
        # A report's score depends on the filters when the match was capped: part of the key.
        scored = [(pk, ranked.scores[pk]) for pk in ids]
        data = cached("search_api", lambda: self._results(query, ranked.read(ids)),
                      key=repr((how.mode, how.terms, scored, request.build_absolute_uri("/"))))
        return self.get_paginated_response(data)

    def _results(self, query: str, page: Sequence[Report]) -> builtins.list[dict]:
        context = {**self.get_serializer_context(),
                   "hits": hits_for(query, [report.pk for report in page])}
        return list(self.get_serializer_class()(page, many=True, context=context).data)


@extend_schema(summary="Bulk downloads",
               description="Zip files of CSV tables with a Frictionless datapackage.json: one "
                           "per fiscal year and one for everything, rebuilt when reports are "
                           "published.",
               responses=serializers.DownloadSerializer(many=True))
class DownloadListView(generics.GenericAPIView):
    serializer_class = serializers.DownloadSerializer
    pagination_class = None
    filter_backends = ()

    def get(self, request: Request) -> Response:
        items = [{**item.as_dict(), "url": request.build_absolute_uri(item.url)}
                 for item in downloads_list()]
        return Response(self.get_serializer(items, many=True).data)
