"""Auditors' pages: comparisons, findings, the completeness scoreboard."""

from django.urls import path

from reports.views import audit

app_name = "audit"

urlpatterns = [
    path("", audit.finding_list, name="finding_list"),
    path("findings/<int:pk>/", audit.finding_detail, name="finding_detail"),
    path("findings/review/", audit.finding_bulk_review, name="finding_bulk_review"),
    path("rules/", audit.rule_list, name="rule_list"),
    path("rules/<str:rule_id>/", audit.rule_detail, name="rule_detail"),
    path("compare/years/", audit.compare_years, name="compare_years"),
    path("compare/departments/", audit.compare_departments, name="compare_departments"),
    path("scoreboard/", audit.score_board, name="scoreboard"),
]
