"""Build ParsedReports for one rule at a time and publish them through the real service."""

from __future__ import annotations

from core.contract import (
    ParsedFigure,
    ParsedIndicator,
    ParsedLine,
    ParsedReport,
    ParsedRow,
    ParsedSection,
    ParsedTable,
)
from ingest.services import report_publish
from reports.models import Finding, Report

DEPARTMENT = "青川市临江区科学技术局"


def parsed(
    *,
    department: str = DEPARTMENT,
    year: int = 2023,
    kind: str = "final_accounts",
    scope: str = "department",
    figures: dict[str, str] | None = None,
    tables: list[ParsedTable] | None = None,
    sections: list[tuple] | None = None,  # (heading, text) or (heading, text, level)
    lines: list[ParsedLine] | None = None,
    indicators: list[ParsedIndicator] | None = None,
) -> ParsedReport:
    return ParsedReport(
        file="test.txt", kind=kind, department=department, fiscal_year=year, scope=scope,
        figures=[ParsedFigure(k, v, source=f"{k}{v}万元", page=2)
                 for k, v in (figures or {}).items()],
        tables=tables or [],
        sections=[ParsedSection(s[0], s[1], level=s[2] if len(s) > 2 else 1, page=1)
                  for s in (sections or [])],
        expenditure_lines=lines or [],
        indicators=indicators or [],
        page_count=3,
    )


def publish(**kwargs) -> Report:
    return report_publish(parsed=parsed(**kwargs))


def rule_ids(report: Report) -> list[str]:
    return sorted(Finding.objects.filter(report=report).values_list("rule_id", flat=True))


def findings_of(report: Report, rule_id: str) -> list[Finding]:
    return list(Finding.objects.filter(report=report, rule_id=rule_id))


def table(title: str, rows: list[tuple[str | None, str, dict[str, str]]], page: int = 5):
    return ParsedTable(title=title, page=page,
                       rows=[ParsedRow(code, name, values) for code, name, values in rows])


def indicator(level3: str, target: str, actual: str, weight: str, score: str,
              deviation: str = "") -> ParsedIndicator:
    return ParsedIndicator("产出指标", "数量指标", level3, target, actual, weight, score, deviation,
                           page=9)
