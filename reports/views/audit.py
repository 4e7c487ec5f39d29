"""Auditors' pages: thin views over compare, audit_selectors and the review service."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from reports import audit_exports
from reports.audit_filters import (
    BulkReviewForm,
    DepartmentsCompareForm,
    FindingFilter,
    ReviewForm,
    YearsCompareForm,
)
from reports.audit_selectors import (
    FindingsPage,
    add_column_badges,
    comparison_badges,
    evidence_rows,
    finding_totals,
    findings,
    findings_page,
    related_reports,
    scoreboard,
    severity_counts,
    without_rounding,
)
from reports.cache import cached
from reports.checks import RULES, finding_message
from reports.compare import department_years, departments_in_year
from reports.models import Finding
from reports.review import can_review, finding_review

# Findings a page of the list shows; "Next" goes on after the last one (keyset).
FINDINGS_PER_PAGE = 50


def _wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def _years_result(department, years: list[int], kind: str, query: str) -> str:
    comparison = department_years(department, years or None, kind or None)
    return render_to_string("audit/_compare_years_result.html", {
        "comparison": comparison, "badges": comparison_badges(comparison), "query": query})


def compare_years(request: HttpRequest) -> HttpResponse:
    """A department's years side by side. The comparison (two dozen reports' figures,
    lines, indicators and sentences) is drawn once and kept until the data changes."""
    form = YearsCompareForm(request.GET or None)
    result = ""
    if form.is_valid():
        department, years, kind = (form.cleaned_data["department"],
                                   sorted(form.cleaned_data["years"]), form.cleaned_data["kind"])
        if _wants_xlsx(request):
            return audit_exports.years_response(
                department_years(department, years or None, kind or None))
        query = urlencode({"department": department.pk, "years": years, "kind": kind},
                          doseq=True)
        result = cached("compare_years", partial(_years_result, department, years, kind, query),
                        key=query)
    return render(request, "audit/compare_years.html", {"form": form, "result": result,
                                                        "comparison": None})


def _departments_result(departments, year: int, kind: str, query: str) -> str:
    comparison = departments_in_year(departments, year, kind)
    add_column_badges(comparison)
    return render_to_string("audit/_compare_departments_result.html",
                            {"comparison": comparison, "query": query})


def compare_departments(request: HttpRequest) -> HttpResponse:
    """Departments' reports of a year side by side, drawn once and kept until the data
    changes."""
    form = DepartmentsCompareForm(request.GET or None)
    result = ""
    if form.is_valid():
        departments, year = form.cleaned_data["departments"], form.cleaned_data["year"]
        kind = form.cleaned_data["kind"] or "final_accounts"
        if _wants_xlsx(request):
            return audit_exports.departments_response(
                departments_in_year(departments, year, kind))
        query = urlencode({"year": year, "departments": [d.pk for d in departments],
                           "kind": kind}, doseq=True)
        result = cached("compare_departments",
                        partial(_departments_result, departments, year, kind, query), key=query)
    return render(request, "audit/compare_departments.html",
                  {"form": form, "result": result, "comparison": None})


def finding_list(request: HttpRequest) -> HttpResponse:
    reviewer = can_review(request.user)
    filterset = FindingFilter(request.GET or None, queryset=findings(staff=reviewer))
    queryset = filterset.qs
    if _wants_xlsx(request):
        return audit_exports.findings_response(queryset)
    filterset.draw_quickly()
    severity = request.GET.get("severity")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("after", None)
    # Counted over every matching finding: kept until the data changes (reports.cache).
    totals = cached("findings", partial(finding_totals, queryset, severity),
                    key=f"{reviewer}?{query.urlencode()}")
    listed = without_rounding(queryset, severity)
    cursor = request.GET.get("after")

    def drawn() -> tuple[FindingsPage, str]:
        page = findings_page(listed, cursor, FINDINGS_PER_PAGE, count=totals.listed)
        return page, render_to_string("audit/_finding_rows.html",
                                      {"page": page, "can_review": reviewer})

    # A page of findings, their messages and rows drawn: kept until the data changes (a
    # review mark changes it too).
    page, rows = cached("finding_rows", drawn, key=f"{reviewer}?{query.urlencode()}"
                        f"&after={cursor or ''}&per={FINDINGS_PER_PAGE}")
    return render(request, "audit/finding_list.html", {
        "filter": filterset, "page": page, "rows": rows, "counts": totals.counts,
        "query": query.urlencode(), "collapsed": totals.collapsed, "can_review": reviewer,
        "bulk_form": BulkReviewForm(),
    })


@require_POST
def finding_bulk_review(request: HttpRequest) -> HttpResponse:
    """Confirm or dismiss the findings an auditor ticked on the list, in one go."""
    if not can_review(request.user):
        raise PermissionDenied
    form = BulkReviewForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        chosen = findings(staff=True).filter(pk__in=form.cleaned_data["findings"])
        for finding in chosen:
            finding_review(finding=finding, user=request.user,
                           review=form.cleaned_data["review"], note=form.cleaned_data["note"])
        messages.success(request, ngettext("%(count)d finding reviewed.",
                                           "%(count)d findings reviewed.", len(chosen))
                         % {"count": len(chosen)})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("audit:finding_list")


@require_http_methods(["GET", "POST"])
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer = can_review(request.user)
    visible = Finding.objects.all() if reviewer else Finding.objects.public()
    finding = get_object_or_404(
        visible.select_related("report__department", "report__fiscal_year", "reviewed_by"),
        pk=pk,
    )
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


def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    """What one rule checks, in plain words, where it applies, and what it has found."""
    rule = RULES.get(rule_id)
    if rule is None:
        raise Http404(_("There is no such rule."))
    return render(request, "audit/rule_detail.html", {
        "rule": rule, "counts": severity_counts(findings().filter(rule_id=rule.id)),
    })


def score_board(request: HttpRequest) -> HttpResponse:
    years, page, rows = scoreboard(request.GET.get("page"))
    return render(request, "audit/scoreboard.html", {"years": years, "page": page, "rows": rows})
