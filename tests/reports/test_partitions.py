"""Spending partitioned by fiscal year on PostgreSQL (reports.partitions, docs/scaling.md).

Reports go in through the real publish service; the explorer and search are read
through Django's client; where a row is stored is read from PostgreSQL's catalogue.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from core.money import grouped
from ingest.services import report_publish
from ingest.synth import generate_report
from reports.models import Report, Spending
from reports.partitions import partitions

pytestmark = pytest.mark.django_db
POSTGRES_ONLY = "partitions are PostgreSQL's (set DATABASE_URL); SQLite keeps the table whole"


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip(POSTGRES_ONLY)


def _partition_of(report: Report) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tableoid::regclass::text FROM reports_spending "
                       "WHERE report_id = %s", [report.pk])
        return {row[0] for row in cursor.fetchall()}


def _publish(year: int, index: int = 0) -> Report:
    return report_publish(parsed=generate_report(7, index, year))


def test_the_spending_table_is_partitioned_by_year_with_a_default_partition(postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT partstrat, a.attname FROM pg_partitioned_table p "
                       "JOIN pg_attribute a ON a.attrelid = p.partrelid "
                       "AND a.attnum = p.partattrs[0] "
                       "WHERE partrelid = 'reports_spending'::regclass")
        assert cursor.fetchall() == [("l", "year")]
    assert partitions("reports_spending")["reports_spending_default"] == "DEFAULT"


def test_a_published_reports_spending_lands_in_its_years_partition_and_pages_show_it(
        postgres, client):
    call_command("partition_years", "2022", "2023", stdout=None)
    report = _publish(2023)
    older = _publish(2022)
    assert _partition_of(report) == {"reports_spending_y2023"}
    assert _partition_of(older) == {"reports_spending_y2022"}

    amount = Spending.objects.get(report=report, code="206", source="all_funds").amount
    explorer = client.get("/explore/", {"year": 2023}).content.decode()
    assert "1 份报告" in explorer
    assert grouped(amount) in explorer
    by_year = client.get("/explore/206/").content.decode()
    assert "2022" in by_year
    assert "2023" in by_year
    found = client.get("/search/", {"q": report.department.name}).content.decode()
    assert report.get_absolute_url() in found


def test_a_query_for_one_year_reads_only_that_years_partition(postgres):
    call_command("partition_years", "2022", "2023", "2024", stdout=None)
    _publish(2023)
    plan = Spending.objects.published().for_year(2023).explain()
    assert "reports_spending_y2023" in plan
    assert "reports_spending_y2022" not in plan
    assert "reports_spending_y2024" not in plan
    assert "reports_spending_default" not in plan
    everything = Spending.objects.published().explain()
    assert "reports_spending_y2022" in everything


def test_partition_years_gives_a_new_year_its_partition_and_moves_its_rows_there(postgres):
    report = _publish(2031)  # no partition for 2031 yet: kept in the default one
    assert _partition_of(report) == {"reports_spending_default"}
    rows = Spending.objects.filter(report=report).count()

    from io import StringIO
    out = StringIO()
    call_command("partition_years", "2031", stdout=out)
    assert "reports_spending: partition for 2031 created" in out.getvalue()
    assert _partition_of(report) == {"reports_spending_y2031"}
    assert Spending.objects.filter(report=report).count() == rows

    again = StringIO()
    call_command("partition_years", "2031", stdout=again)
    assert "created" not in again.getvalue()


def test_the_partition_for_next_year_is_made_without_naming_it(postgres):
    from datetime import date

    call_command("partition_years", stdout=None)
    assert f"reports_spending_y{date.today().year + 1}" in partitions("reports_spending")


def test_django_keeps_using_id_alone_to_save_and_delete_partitioned_rows(postgres):
    call_command("partition_years", "2023", stdout=None)
    report = _publish(2023)
    ids = list(Spending.objects.filter(report=report).values_list("id", flat=True))
    assert len(ids) == len(set(ids)) > 10
    row = Spending.objects.get(pk=ids[0])
    assert row.year == 2023
    row.amount = Decimal("1.5")
    row.save()
    assert Spending.objects.get(pk=ids[0]).amount == Decimal("1.5")
    # Publishing again rewrites the rows (new ids from the same sequence, no clash).
    again = _publish(2023)
    assert again.version == 2
    new_ids = set(Spending.objects.filter(report=again).values_list("id", flat=True))
    assert new_ids
    assert not new_ids & set(ids)
    Report.objects.filter(pk=again.pk).delete()
    assert not Spending.objects.filter(pk__in=new_ids).exists()


def test_the_partition_command_says_partitions_need_postgresql_on_sqlite():
    if connection.vendor == "postgresql":
        pytest.skip("this checks the message SQLite users see")
    with pytest.raises(CommandError, match="Partitions need PostgreSQL"):
        call_command("partition_years")


def test_every_row_written_through_the_orm_carries_its_reports_year():
    report = _publish(2023)
    assert set(Spending.objects.filter(report=report).values_list("year", flat=True)) == {2023}


def test_a_unique_constraint_without_the_year_stops_partitioning_with_its_name(postgres):
    from reports.partitions import partition_table

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE scratch_facts (id bigint GENERATED BY DEFAULT AS IDENTITY "
                       "PRIMARY KEY, year smallint NOT NULL, code text, "
                       "CONSTRAINT scratch_code_unique UNIQUE (code))")
    with pytest.raises(ValueError, match="scratch_code_unique must include year"):
        partition_table("scratch_facts", "year", [2023])
