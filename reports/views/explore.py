"""The classification explorer: spending by 功能分类 code, and one code across the site."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from core.classification import FUNCTIONAL_CODE, level_of, official_name
from reports import explore
from reports.cache import cached
from reports.exports import FORMATS, export_response

# Departments listed on a code's page, the largest first; the download holds them all.
DEPARTMENTS_SHOWN = 100


def _choice(request: HttpRequest) -> tuple[explore.ExploreForm, explore.Choice]:
    form = explore.ExploreForm(request.GET)
    return form, form.choice()


def _code(code: str) -> str:
    if not FUNCTIONAL_CODE.match(code):
        raise Http404
    return code


def _key(choice: explore.Choice, *parts: str) -> str:
    region = choice.region.pk if choice.region is not None else ""
    return ":".join(map(str, (choice.year, region, choice.source, choice.level, *parts)))


def explore_home(request: HttpRequest) -> HttpResponse:
    """Sums over every published account of a year: kept until the data changes."""
    form, choice = _choice(request)
    form.draw_quickly()
    rows, report_count = cached(
        "explore", lambda: (explore.level_totals(choice), explore.report_count(choice)),
        key=_key(choice))
    context = {"form": form, "choice": choice, "rows": rows, "report_count": report_count,
               "query": request.GET.urlencode()}
    return render(request, "reports/explore.html", context)


def explore_code(request: HttpRequest, code: str) -> HttpResponse:
    form, choice = _choice(request)
    form.draw_quickly()
    del form.fields["level"]  # a code's page is one level, and its children the next
    code = _code(code)
    row, children, trend, regions, departments = cached("explore_code", lambda: (
        explore.code_row(choice, code), explore.children(choice, code),
        explore.trend(choice, code), explore.by_region(choice, code),
        list(explore.departments(choice, code)[:DEPARTMENTS_SHOWN + 1]),
    ), key=_key(choice, code))
    context = {
        "form": form, "choice": choice, "code": code, "row": row,
        "name": row.name if row else official_name(code),
        "level": level_of(code), "parents": [(p, official_name(p)) for p in
                                             (code[:3], code[:5]) if len(p) < len(code)],
        "children": children, "trend": trend, "regions": regions,
        "departments": departments[:DEPARTMENTS_SHOWN],
        "more_departments": len(departments) > DEPARTMENTS_SHOWN,
        "shown": DEPARTMENTS_SHOWN,
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/explore_code.html", context)


def explore_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _, choice = _choice(request)
    rows = explore.code_export_rows(explore.level_totals(choice))
    return export_response(fmt, f"spending-{choice.year or 'all'}",
                           [str(h) for h in explore.EXPLORE_HEADERS], rows)


def explore_code_export(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    _, choice = _choice(request)
    rows = explore.department_export_rows(explore.departments(choice, _code(code)))
    return export_response(fmt, f"spending-{code}-{choice.year or 'all'}",
                           [str(h) for h in explore.DEPARTMENT_HEADERS], rows)
