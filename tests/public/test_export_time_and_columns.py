"""Exports read like the pages: Shanghai dates, one column per amount."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.contract import ParsedRow, ParsedTable
from ingest.services import report_publish
from reports.downloads import download_build
from reports.exports import csv_response, xlsx_response
from reports.models import Report
from tests.public.conftest import final_accounts

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_report_export_dates_a_late_evening_publication_as_the_page_does(client, corpus):
    # 18:30 UTC is 02:30 the next morning in Shanghai: the page says 2024-03-02.
    Report.objects.filter(pk=corpus.science_2023.pk).update(
        published_at=datetime(2024, 3, 1, 18, 30, tzinfo=UTC))
    page = client.get(reverse("report_detail", args=[corpus.science_2023.pk]))
    assert "2024-03-02" in page.content.decode()
    rows = read_csv(client.get(reverse("report_export", args=["csv"]), {"year": "2023"}))
    published = {row[-1]: row[5] for row in rows[1:]}
    assert published[str(corpus.science_2023.pk)] == "2024-03-02"
    book = load_workbook(io.BytesIO(client.get(reverse("report_export", args=["xlsx"]),
                                               {"year": "2023"}).content))
    assert "2024-03-02" in [row[5] for row in book.active.values]


def test_a_time_in_an_export_is_shanghai_wall_clock_time(settings):
    moment = datetime(2024, 3, 1, 18, 30, tzinfo=UTC)
    rows = read_csv(csv_response("t", ["When"], [[moment]]))
    assert rows[1] == ["2024-03-02 02:30:00"]
    sheet = load_workbook(io.BytesIO(xlsx_response("t", ["When"], [[moment]]).content)).active
    assert list(sheet.values)[1][0] == datetime(2024, 3, 2, 2, 30)


def with_budget_table(year: int):
    parsed = final_accounts("青川市审计局", year)
    table = ParsedTable("一般公共预算财政拨款支出决算明细表", page=9, rows=[
        ParsedRow("2010801", "行政运行",
                  {"年初预算": "100.00", "全年预算": "120.50", "决算": "118.25"}),
    ])
    return replace(parsed, tables=[*parsed.tables, table])


def test_line_csv_export_gives_each_amount_its_own_column(client, corpus):
    report_publish(parsed=with_budget_table(2023))
    rows = read_csv(client.get(reverse("line_export", args=["csv"]), {"code": "2010801"}))
    header = rows[0]
    assert {"年初预算", "全年预算", "决算"} <= set(header)
    assert not any("=" in cell for row in rows for cell in row)  # nothing packed
    assert len(rows) == 2
    line = dict(zip(header, rows[1], strict=True))
    assert (line["年初预算"], line["全年预算"], line["决算"]) == ("100", "120.5", "118.25")
    assert line["科目名称"] == "行政运行"


def test_line_xlsx_export_gives_each_amount_a_numeric_column(client, corpus):
    report_publish(parsed=with_budget_table(2023))
    response = client.get(reverse("line_export", args=["xlsx"]), {"code": "2010801"})
    header, line = list(load_workbook(io.BytesIO(response.content)).active.values)
    amounts = dict(zip(header, line, strict=True))
    assert (amounts["年初预算"], amounts["全年预算"], amounts["决算"]) == (100, 120.5, 118.25)


def test_the_bulk_lines_file_gives_the_full_year_budget_its_own_column(corpus, tmp_path):
    parsed = final_accounts("青川市审计局", 2023)
    line = replace(parsed.expenditure_lines[0], budget_full_year="170.00")
    report_publish(parsed=replace(parsed, expenditure_lines=[line]))
    with zipfile.ZipFile(download_build(year=2023)) as archive:
        text = archive.read("expenditure_lines.csv").decode("utf-8")
        package = json.loads(archive.read("datapackage.json"))
    rows = list(csv.DictReader(io.StringIO(text)))
    audit = next(r for r in rows if r["department"] == "青川市审计局")
    assert (audit["budget"], audit["budget_full_year"], audit["actual"]) == (
        "163.9", "170", "154.8")
    assert audit["budget_full_year_text"] == "170.00"
    fields = next(r for r in package["resources"] if r["name"] == "expenditure_lines")
    described = {f["name"]: f for f in fields["schema"]["fields"]}
    assert described["budget_full_year"]["type"] == "number"
    assert "全年预算" in described["budget_full_year"]["description"]
