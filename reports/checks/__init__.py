"""Consistency checks: a registry of rules run on every report, where each applies.

``report_check`` replaces a published report's findings with fresh ones and keeps the
review marks auditors made, on this report or on an earlier version of it.
``parsed_findings`` runs the same rules on a parse under review, before anything is
published, for the staff review page. Rules read a CheckContext (the report and its
department's published reports of other years).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import translation

from core.contract import ParsedReport
from reports.checks import (  # noqa: F401 (register the rules)
    figures,
    performance,
    plausibility,
    tables,
    wording,
    years,
)
from reports.checks.context import CheckContext, contexts_preload, contexts_shared
from reports.checks.registry import RULES, Hit, Rule
from reports.checks.tables import basis_text
from reports.labels import named
from reports.models import Finding, Report
from reports.services import data_changed, scoreboard_refresh

logger = logging.getLogger(__name__)

__all__ = ["RULES", "finding_message", "parsed_findings", "report_check", "reports_check",
           "rule_name"]


def fingerprint(rule_id: str, key: str) -> str:
    """Where a finding is, not what the values are: a corrected re-upload keeps its mark."""
    return hashlib.sha256(f"{rule_id}|{key}".encode()).hexdigest()[:40]


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _named(params: dict[str, Any]) -> dict[str, Any]:
    """Vocabulary keys in a message read as their names: 基本支出, not basic_expenditure;
    what a table identity adds up reads in the active language (findings saved before
    the basis was stored keep their English ``parts``)."""
    shown = {k: named(v) for k, v in params.items()}
    if isinstance(params.get("basis"), dict):
        shown["parts"] = basis_text(params["basis"])
    return shown


def _render(rule: Rule, params: dict[str, Any]) -> str:
    with translation.override("en"):
        try:
            return rule.message % _named(params)
        except (KeyError, TypeError, ValueError):
            return rule.description


def rule_name(rule_id: str) -> str:
    """The rule's name in the active language (its id where the rule is gone)."""
    rule = RULES.get(rule_id)
    return translation.gettext(rule.name) if rule else rule_id


def finding_message(finding: Finding | Mapping[str, Any]) -> str:
    """The finding's message in the active language, from its rule and stored parameters.

    ``finding`` is a stored Finding or one of ``parsed_findings`` (an upload's review):
    either keeps the message saved in English for a rule that is gone.
    """
    if isinstance(finding, Finding):
        rule_id, evidence, saved = finding.rule_id, finding.evidence, finding.message
    else:
        rule_id, evidence = finding.get("rule_id", ""), finding.get("evidence")
        saved = finding.get("message", "")
    rule = RULES.get(rule_id)
    params = (evidence or {}).get("params")
    if rule is None or params is None:
        return saved
    try:
        return translation.gettext(rule.message) % _named(params)
    except (KeyError, TypeError, ValueError):
        return saved


def _hits(ctx: CheckContext) -> list[tuple[Rule, Hit]]:
    """Every rule that applies to the report's kind, with what it found, one per place."""
    found: dict[str, tuple[Rule, Hit]] = {}
    for rule in RULES.values():
        if not rule.applies_to(ctx.report.kind):
            continue
        try:
            hits = list(rule.func(ctx))
        except Exception:
            # Checks run inside the publishing transaction: a rule tripping over odd
            # data must not stop a report from being published. The log names it.
            logger.exception("rule %s failed on report %s", rule.id, ctx.report.pk)
            continue
        for hit in hits:
            found.setdefault(fingerprint(rule.id, hit.key), (rule, hit))
    return list(found.values())


def _findings_for(report: Report) -> list[Finding]:
    return [_finding(report, rule, hit) for rule, hit in _hits(CheckContext.of_report(report))]


def _finding(report: Report | None, rule: Rule, hit: Hit) -> Finding:
    evidence = {**hit.evidence, "params": hit.params, "pages": sorted(set(hit.pages))}
    return Finding(
        report=report, rule_id=rule.id, category=rule.category,
        severity=hit.severity or rule.severity, message=_render(rule, hit.params),
        evidence=_jsonable(evidence), fingerprint=fingerprint(rule.id, hit.key),
    )


def parsed_findings(
    parsed: ParsedReport, *, year: int, kind: str | None = None,
    department_id: int | None = None,
) -> list[dict[str, Any]]:
    """The findings the rules make on a parse under review, as JSON for the upload.

    Nothing is stored as a Finding: the report does not exist until it is published.
    """
    ctx = CheckContext.of_parsed(parsed, year=year, kind=kind, department_id=department_id)
    out = []
    for rule, hit in _hits(ctx):
        finding = _finding(None, rule, hit)
        out.append({"rule_id": rule.id, "category": rule.category, "severity": finding.severity,
                    "message": finding.message, "evidence": finding.evidence,
                    "fingerprint": finding.fingerprint})
    return out


def _check_many(reports: Sequence[Report]) -> list[list[Finding]]:
    """Run every rule on each report and store its findings, replacing the previous ones;
    a review mark on any version of a report (the latest winning) stays on its finding.
    In a few queries for them all: the marks read at once, before any finding is
    replaced; the findings replaced by one DELETE and one INSERT. Each report's findings."""
    keys = {(r.department_id, r.fiscal_year_id, r.kind) for r in reports}
    marks: dict[tuple, dict[tuple[str, str], Finding]] = {key: {} for key in keys}
    for mark in (Finding.objects
                 .filter(report__department_id__in={key[0] for key in keys})
                 .exclude(review=Finding.Review.OPEN)
                 .select_related("report").order_by("reviewed_at", "pk")):
        key = (mark.report.department_id, mark.report.fiscal_year_id, mark.report.kind)
        if key in marks:  # the latest mark wins
            marks[key][(mark.rule_id, mark.fingerprint)] = mark
    Finding.objects.filter(report__in=[r.pk for r in reports]).delete()
    found = []
    for report in reports:
        own = marks[(report.department_id, report.fiscal_year_id, report.kind)]
        findings = _findings_for(report)
        for finding in findings:
            _mark_keep(finding, own.get((finding.rule_id, finding.fingerprint)))
        found.append(findings)
    Finding.objects.bulk_create([finding for findings in found for finding in findings])
    return found


def _mark_keep(finding: Finding, mark: Finding | None) -> None:
    if mark is not None:
        finding.review, finding.review_note = mark.review, mark.review_note
        finding.reviewed_by_id, finding.reviewed_at = mark.reviewed_by_id, mark.reviewed_at


@transaction.atomic
def report_check(*, report: Report, neighbours: bool = True) -> list[Finding]:
    """Run every rule on ``report`` and store its findings, replacing the previous ones.

    Cross-year rules of the department's other published reports depend on this
    one, so they are re-checked too (once: their neighbours are not).
    """
    if not neighbours:
        found = _check_many([report])[0]
        scoreboard_refresh(department_ids=[report.department_id])
        return found
    return reports_check(reports=[report])


@transaction.atomic
def reports_check(*, reports: Sequence[Report]) -> list[Finding]:
    """``report_check`` of several reports published together, their departments' other
    published years re-checked once at the end instead of after each report.

    The findings are those checking each report as it is published would leave: a
    report's findings depend only on its department's published reports of other years.
    """
    with contexts_shared():
        return _check_with_neighbours(reports)


def _check_with_neighbours(reports: Sequence[Report]) -> list[Finding]:
    published_years: dict[int, set[int]] = {}
    for report in reports:
        if report.status == Report.Status.PUBLISHED:
            published_years.setdefault(report.department_id, set()).add(report.fiscal_year_id)
    others = list(
        Report.objects.published()
        .filter(department_id__in=published_years)
        .exclude(pk__in=[report.pk for report in reports])
        .select_related("fiscal_year")
        .order_by("pk")
    )
    # Every context the checks below read: the reports, and their departments' other
    # published reports (their other years), in a few queries instead of several each.
    contexts_preload([*reports, *others], departments_whole=True)
    # Re-checked when a report of another year was published beside it.
    rechecked = [other for other in others
                 if published_years[other.department_id] - {other.fiscal_year_id}]
    checked = _check_many([*reports, *rechecked])
    findings = [finding for own in checked[:len(reports)] for finding in own]
    data_changed()  # bulk_create sends no signal: cached counts follow the new findings
    scoreboard_refresh(department_ids={report.department_id for report in reports})
    return findings
