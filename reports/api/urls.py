"""``/api/v1/``: the read-only API, its OpenAPI document and its documentation page."""

from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from reports.api import views

app_name = "api"

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("departments", views.DepartmentViewSet, basename="department")
router.register("reports", views.ReportViewSet, basename="report")
router.register("statement-rows", views.StatementRowViewSet, basename="statement-row")
router.register("expenditure-lines", views.ExpenditureLineViewSet, basename="expenditure-line")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("findings", views.FindingViewSet, basename="finding")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("downloads/", views.DownloadListView.as_view(), name="downloads"),
    path("", include(router.urls)),
]
