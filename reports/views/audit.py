"""Auditors' pages: thin views over compare, audit_selectors and the review service."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reports import audit_exports
from reports.audit_filters import (
    DepartmentsCompareForm,
    FindingFilter,
    ReviewForm,
    YearsCompareForm,
)
from reports.audit_selectors import (
    add_column_badges,
    comparison_badges,
    evidence_rows,
    findings,
    findings_page,
    related_reports,
    scoreboard,
    severity_counts,
)
from reports.checks import RULES, finding_message
from reports.compare import department_years, departments_in_year
from reports.models import Finding
from reports.review import can_review, finding_review


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def compare_years(request: HttpRequest) -> HttpResponse:
    form = YearsCompareForm(request.GET or None)
    comparison = None
    if form.is_valid():
        comparison = department_years(
            form.cleaned_data["department"], form.cleaned_data["years"] or None,
            form.cleaned_data["kind"] or None,
        )
        if _wants_xlsx(request):
            return audit_exports.years_response(comparison)
    return render(request, "audit/compare_years.html", {
        "form": form, "comparison": comparison,
        "badges": comparison_badges(comparison) if comparison else None,
    })


def compare_departments(request: HttpRequest) -> HttpResponse:
    form = DepartmentsCompareForm(request.GET or None)
    comparison = None
    if form.is_valid():
        comparison = departments_in_year(
            form.cleaned_data["departments"], form.cleaned_data["year"],
            form.cleaned_data["kind"] or "final_accounts",
        )
        if _wants_xlsx(request):
            return audit_exports.departments_response(comparison)
        add_column_badges(comparison)
    return render(request, "audit/compare_departments.html",
                  {"form": form, "comparison": comparison})


def finding_list(request: HttpRequest) -> HttpResponse:
    filterset = FindingFilter(request.GET or None, queryset=findings())
    queryset = filterset.qs
    if _wants_xlsx(request):
        return audit_exports.findings_response(queryset)
    page = findings_page(queryset, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/finding_list.html", {
        "filter": filterset, "page": page, "counts": severity_counts(queryset),
        "query": query.urlencode(),
    })


@require_http_methods(["GET", "POST"])
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.select_related("report__department", "report__fiscal_year", "reviewed_by"),
        pk=pk,
    )
    reviewer = can_review(request.user)
    form = ReviewForm(initial={"review": finding.review, "note": finding.review_note})
    if request.method == "POST":
        if not reviewer:
            raise PermissionDenied
        form = ReviewForm(request.POST)
        if form.is_valid():
            finding_review(finding=finding, user=request.user, **form.cleaned_data)
            messages.success(request, _("Review saved."))
            return redirect("audit:finding_detail", pk=finding.pk)
    return render(request, "audit/finding_detail.html", {
        "related": related_reports(finding),
        "finding": finding, "text": finding_message(finding), "rule": RULES.get(finding.rule_id),
        "evidence": evidence_rows(finding), "pages": (finding.evidence or {}).get("pages", []),
        "form": form, "can_review": reviewer,
    })


def rule_list(request: HttpRequest) -> HttpResponse:
    rules = sorted(RULES.values(), key=lambda r: r.id)
    return render(request, "audit/rule_list.html", {"rules": rules})


def score_board(request: HttpRequest) -> HttpResponse:
    years, rows = scoreboard()
    return render(request, "audit/scoreboard.html", {"years": years, "rows": rows})
