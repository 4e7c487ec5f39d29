"""Template tags for the auditors' badges on any page: ``{% finding_badges report %}``."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ingest.parsed import FIGURE_KEYS
from reports.audit_selectors import report_badges
from reports.checks import finding_message
from reports.checks.registry import CATEGORY_LABELS
from reports.labels import figure_label
from reports.models import Finding

register = template.Library()


@register.inclusion_tag("audit/_badges.html")
def finding_badges(report) -> dict:
    """Counts of the report's findings by severity, linked to the findings list."""
    link = (f"{reverse('audit:finding_list')}?department={report.department_id}"
            f"&year={report.fiscal_year.year}")
    return {"badges": report_badges(report), "link": link}


@register.filter
def finding_text(finding) -> str:
    return finding_message(finding)


EVIDENCE_LABELS = {
    "total": _("Total"), "parts": _("Parts"), "computed": _("Computed"),
    "difference": _("Difference"), "stated": _("Stated"), "figure": _("Figure"),
    "key": _("Figure"), "value": _("Value"), "source": _("Source text"), "page": _("Page"),
    "section": _("Section"), "sentence": _("Sentence"), "table": _("Table"), "row": _("Row"),
    "column": _("Column"), "cell": _("Table cell"), "rate": _("Rate, per cent"),
    "budget": _("Budget"), "actual": _("Actual"), "previous": _("Previous year"),
    "other": _("Other year"), "indicator": _("Indicator"), "target": _("Target"),
    "score": _("Score"), "weight": _("Weight"), "kind": _("Kind"), "context": _("Context"),
    "printed": _("As printed"), "reason": _("Reason"), "year": _("Year"),
}


@register.filter
def evidence_label(key: str) -> str:
    return str(EVIDENCE_LABELS.get(key, key))


@register.filter
def evidence_value(value):
    """A vocabulary key shown by its name (基本支出, not basic_expenditure)."""
    if isinstance(value, str) and value in FIGURE_KEYS:
        return figure_label(value)
    return value


@register.filter
def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


@register.filter
def severity_label(severity: str) -> str:
    if severity not in Finding.Severity.values:
        return severity
    return str(Finding.Severity(severity).label)
