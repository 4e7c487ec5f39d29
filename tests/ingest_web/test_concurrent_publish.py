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


def _parsed(total: str) -> ParsedReport:
    return ParsedReport(file="a.txt", kind="final_accounts", department="某市测试局",
                        fiscal_year=2024, figures=[ParsedFigure("expenditure_total", total)])


def test_two_first_publications_of_one_identity_at_once_become_two_versions():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writing transaction; the in-memory test "
                    "database cannot be shared by two threads' connections")
    # The body and the year exist already: only the report's versions can race.
    department_get_or_create(name="某市测试局")
    fiscal_year_get(year=2024)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def publish(total: str) -> None:
        try:
            start.wait()
            report_publish(parsed=_parsed(total))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(t,)) for t in ("100", "200")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    reports = Report.objects.order_by("version")
    assert [r.version for r in reports] == [1, 2]
    assert [r.status for r in reports] == ["superseded", "published"]


def test_two_publications_creating_one_new_department_at_once_share_it():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every writing transaction; the in-memory test "
                    "database cannot be shared by two threads' connections")
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def publish(total: str) -> None:
        try:
            start.wait()
            report_publish(parsed=_parsed(total))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(t,)) for t in ("100", "200")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert Report.objects.values("department").distinct().count() == 1
