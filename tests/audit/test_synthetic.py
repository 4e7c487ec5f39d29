"""The synthetic generator's reports: clean ones raise no arithmetic errors, faults are found."""

from __future__ import annotations

import pytest

from ingest.services import report_publish
from ingest.synth import generate_report
from reports.models import Finding

pytestmark = pytest.mark.django_db

ARITHMETIC = ("tables.", "figures.")


def arithmetic_findings(report) -> list[str]:
    return [f.rule_id for f in Finding.objects.filter(report=report)
            if f.rule_id.startswith(ARITHMETIC)]


@pytest.mark.parametrize("department", [0, 1, 2])
def test_a_clean_synthetic_report_with_all_nine_tables_raises_no_table_or_figure_finding(
    department,
):
    for kind in ("final_accounts", "performance_evaluation"):
        report = report_publish(parsed=generate_report(7, department, 2023, kind))
        assert arithmetic_findings(report) == []


def test_each_injected_fault_is_found_by_its_rule():
    report = report_publish(parsed=generate_report(
        7, 3, 2023, "final_accounts",
        faults=["personnel_plus_public", "basic_plus_project", "category_sum"]))
    found = set(arithmetic_findings(report))
    assert "figures.personnel_public_sum" in found
    assert "figures.basic_project_sum" in found
    assert "tables.category_sum" in found
    category = Finding.objects.filter(report=report, rule_id="tables.category_sum").first()
    assert category.evidence["difference"] == "0.01"
