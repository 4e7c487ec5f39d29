"""Template tags for the auditors' badges on any page: ``{% finding_badges report %}``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from reports.audit_selectors import report_badges
from reports.checks import finding_message
from reports.checks import rule_name as finding_rule_name
from reports.checks.registry import CATEGORY_LABELS
from reports.models import Finding, Report

register = template.Library()


@register.inclusion_tag("audit/_badges.html")
def finding_badges(report) -> dict:
    """Counts of the report's findings by severity, linked to the findings list."""
    link = (f"{reverse('audit:finding_list')}?department={report.department_id}"
            f"&year={report.fiscal_year.year}")
    return {"badges": report_badges(report), "link": link}


@register.filter
def category_label(category: str) -> str:
    return str(CATEGORY_LABELS.get(category, category))


@register.filter
def severity_label(severity: str) -> str:
    if severity not in Finding.Severity.values:
        return severity
    return str(Finding.Severity(severity).label)


@register.filter
def translated(msgid: str) -> str:
    """A rule's name, description or explanation in the visitor's language.

    ``{% translate rule.description %}`` would look up the text with its ``%`` doubled
    (``50–150%%``) and miss the catalogue's entry.
    """
    return gettext(msgid) if msgid else ""


@register.filter
def finding_text(finding: Finding | Mapping[str, Any]) -> str:
    """A finding's message in the visitor's language, stored or still on a parse under review."""
    return finding_message(finding)


@register.filter
def rule_name(rule_id: str) -> str:
    """A rule's name in the visitor's language."""
    return finding_rule_name(rule_id)


@register.filter
def kind_label(kind: str) -> str:
    return str(Report.Kind(kind).label) if kind in Report.Kind.values else kind
