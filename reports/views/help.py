"""Help pages: the glossary and how the site reads and checks reports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from reports.checks import RULES
from reports.checks.registry import CATEGORY_LABELS
from reports.glossary import TERMS


def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/help_glossary.html", {"terms": TERMS})


def methodology(request: HttpRequest) -> HttpResponse:
    families = [(key, label, sorted((r for r in RULES.values() if r.category == key),
                                    key=lambda r: r.id))
                for key, label in CATEGORY_LABELS.items()]
    return render(request, "reports/help_methodology.html", {"families": families})
