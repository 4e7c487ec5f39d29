"""Publications racing each other: both land, as versions 1 and 2 of one identity."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from core.contract import ParsedFigure, ParsedReport
from ingest.services import report_publish
from reports.models import Report
from reports.services import department_get_or_create, fiscal_year_get

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writing transaction; the in-memory test "
                    "database cannot be shared by two threads' connections")


def _parsed(total: str, *, department: str = "某市测试局", year: int = 2024) -> ParsedReport:
    return ParsedReport(file="a.txt", kind="final_accounts", department=department,
                        fiscal_year=year, figures=[ParsedFigure("expenditure_total", total)])


def _race(*parses: ParsedReport) -> list[BaseException]:
    """Publish every parse, all starting at the same moment; the errors raised."""
    start = threading.Barrier(len(parses))
    errors: list[BaseException] = []

    def publish(parsed: ParsedReport) -> None:
        try:
            start.wait()
            report_publish(parsed=parsed)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(parsed,)) for parsed in parses]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return errors


def test_two_first_publications_of_one_identity_at_once_become_two_versions():
    # The body and the year exist already: only the report's versions can race.
    department_get_or_create(name="某市测试局")
    fiscal_year_get(year=2024)
    assert _race(_parsed("100"), _parsed("200")) == []
    reports = Report.objects.order_by("version")
    assert [r.version for r in reports] == [1, 2]
    assert [r.status for r in reports] == ["superseded", "published"]


def test_two_publications_creating_one_new_department_at_once_share_it():
    assert _race(_parsed("100"), _parsed("200")) == []
    assert Report.objects.values("department").distinct().count() == 1


def test_two_years_of_one_department_published_at_once_both_reach_the_scoreboard():
    """Each publication rewrites the department's scoreboard cells: the second waits."""
    from reports.models import ScoreboardCell

    department_get_or_create(name="某市测试局")
    assert _race(_parsed("100", year=2023), _parsed("100", year=2024)) == []
    assert sorted(ScoreboardCell.objects.values_list("year", flat=True)) == [2023, 2024]


def test_publications_of_one_city_at_once_leave_the_sums_a_rebuild_gives():
    """Each rewrites the city's and the country's spending totals: none may be lost or
    counted twice (SpendingTotal, kept per region on publication)."""
    from core.contract import ParsedRow, ParsedTable
    from reports.models import Department, SpendingTotal
    from reports.services import spending_totals_rebuild

    names = [f"青川市第{i}区测试局" for i in range(3)]
    for name in names:
        department_get_or_create(name=name)
    fiscal_year_get(year=2024)
    def spent(name: str) -> ParsedReport:
        return ParsedReport(file="a.txt", kind="final_accounts", department=name,
                            fiscal_year=2024, tables=[ParsedTable("支出决算表", rows=[
                                ParsedRow("206", "科学技术支出", {"本年支出合计": "10.00"})])])

    assert _race(*map(spent, names)) == []

    def kept() -> list[tuple]:
        return sorted(SpendingTotal.objects.values_list("region", "year", "source", "code",
                                                        "amount", "reports"), key=str)

    published = kept()
    country = SpendingTotal.objects.get(region=None, code="206", source="all_funds")
    assert (country.amount, country.reports) == (30, 3)
    assert Department.objects.filter(name__in=names).count() == 3
    spending_totals_rebuild()
    assert kept() == published
