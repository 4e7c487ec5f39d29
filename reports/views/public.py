"""Public pages: thin views over queryset methods."""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from reports.models import Department, FiscalYear, Region, Report


def home(request: HttpRequest) -> HttpResponse:
    published = Report.objects.published()
    context = {
        "departments": Department.objects.with_published_reports()
        .select_related("region")
        .annotate(report_count=Count("reports")),
        "years": FiscalYear.objects.filter(reports__status="published").distinct(),
        "recent": published.with_related().order_by("-published_at")[:10],
        "coverage": {
            "regions": Region.objects.filter(departments__reports__status="published")
            .distinct()
            .count(),
            "departments": Department.objects.with_published_reports().count(),
            "reports": published.count(),
        },
    }
    return render(request, "reports/home.html", context)


def region_detail(request: HttpRequest, pk: int) -> HttpResponse:
    region = get_object_or_404(Region, pk=pk)
    context = {
        "region": region,
        "children": region.children.all(),
        "departments": region.departments.all(),
    }
    return render(request, "reports/region_detail.html", context)


def department_detail(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department.objects.select_related("region"), pk=pk)
    reports = Report.objects.visible().for_department(department).with_related()
    return render(
        request, "reports/department_detail.html", {"department": department, "reports": reports}
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.visible().with_related(), pk=pk)
    context = {
        "report": report,
        "sections": report.sections.all(),
        "figures": report.figures.all(),
        "tables": report.tables.prefetch_related("rows__cells"),
        "lines": report.expenditure_lines.all(),
        "indicators": report.indicators.all(),
    }
    return render(request, "reports/report_detail.html", context)
