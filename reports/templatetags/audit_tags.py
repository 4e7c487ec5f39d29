"""Template tags for the auditors' badges on any page: ``{% finding_badges report %}``."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from html import escape as quote
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext

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


@register.simple_tag
def score_cell(cell) -> str:
    """One scoreboard cell (reports, statement tables, badges) written in Python: the same
    markup as ``audit/_badges.html`` and the translations of the template's strings,
    without a template include and four ``blocktranslate`` per cell (hundreds a page)."""
    if not cell.reports:
        return mark_safe('<span class="muted">—</span>')
    links = "".join([f'<li><a href="{quote(r.url)}">{quote(r.label)}</a></li>'
                     for r in cell.reports])
    counts = cell.counts
    return mark_safe(f'<ul class="plain">{links}</ul>' + _cell_notes(  # values escaped
        get_language(), len(cell.tables), len(cell.missing_tables),
        counts["error"], counts["warning"], counts["info"]))


@lru_cache(maxsize=4096)
def _cell_notes(language: str, tables: int, missing: int, errors: int, warnings: int,
                notes: int) -> str:
    """A cell's tables note and badges: few distinct ones, so each is made once."""
    note = ngettext("%(counter)s statement table", "%(counter)s statement tables",
                    tables) % {"counter": tables}
    if missing:
        note += " · " + ngettext("%(counter)s missing", "%(counter)s missing",
                                 missing) % {"counter": missing}
    badges = " ".join(
        f'<span class="badge badge-{severity}" title="{escape(title)}">'
        f'{escape(ngettext(one, many, n) % {"counter": n})}</span>'
        for severity, n, title, one, many in (
            ("error", errors, gettext("Errors"), "%(counter)s error", "%(counter)s errors"),
            ("warning", warnings, pgettext("finding severity", "Warnings"),
             "%(counter)s warning", "%(counter)s warnings"),
            ("info", notes, gettext("Notes"), "%(counter)s note", "%(counter)s notes"),
        ))
    return (f'<small>{escape(note)}</small><p class="badges" '
            f'aria-label="{escape(gettext("Consistency findings"))}">{badges}</p>')
