"""No cell of an export runs as a spreadsheet formula; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.contract import ParsedIndicator, ParsedRow, ParsedTable
from ingest.services import report_publish
from reports.exports import spreadsheet_safe
from tests.public.conftest import final_accounts, performance

pytestmark = pytest.mark.django_db

HOSTILE = ['=HYPERLINK("http://evil.example","点击")', "+cmd|' /C calc'!A0", "-2+3+cmd",
           "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


@pytest.fixture
def hostile(db):
    parsed = final_accounts("青川市第九测试局", 2020)
    parsed.tables.append(ParsedTable("支出决算表", page=9, rows=[
        ParsedRow("2990101", name, {"合计": "-12.50"}) for name in HOSTILE
    ]))
    report_publish(parsed=parsed)
    evaluation = performance("青川市第九测试局", 2020)
    evaluation.indicators.append(ParsedIndicator("产出指标", "数量指标", "=1+1", target="-5%",
                                                 actual="@当日", score="-2", page=2))
    report_publish(parsed=evaluation)


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_line_csv_puts_an_apostrophe_before_every_formula(client, hostile):
    rows = _csv(client.get(reverse("line_export", args=["csv"]), {"code": "2990101"}))
    names = [row[6] for row in rows[1:]]
    assert sorted(names) == sorted("'" + name for name in HOSTILE)
    total = rows[0].index("合计")  # each amount column under its own heading
    assert {row[total] for row in rows[1:]} == {"-12.5"}  # an amount is not a formula


def test_the_line_xlsx_has_text_cells_and_no_formula(client, hostile):
    response = client.get(reverse("line_export", args=["xlsx"]), {"code": "2990101"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    total = [c.value for c in next(sheet.iter_rows(max_row=1))].index("合计")
    assert sorted(row[6].value for row in rows) == sorted(HOSTILE)  # shown as printed
    for row in rows:
        assert row[6].data_type == "s"
        assert row[6].quotePrefix
        assert row[total].data_type == "n"
        assert row[total].value == -12.5
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]


def test_the_indicator_exports_neutralise_text_and_keep_signed_numbers(client, hostile):
    rows = _csv(client.get(reverse("indicator_export", args=["csv"]), {"year": 2020}))
    row = next(r for r in rows if r[5] in ("'=1+1", "=1+1"))
    assert row[5] == "'=1+1"
    assert row[6] == "'-5%"  # "-5%" is not a plain number: Excel would compute it
    assert row[7] == "'@当日"
    assert row[9] == "-2"
    response = client.get(reverse("indicator_export", args=["xlsx"]), {"year": 2020})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert "=1+1" in [c.value for row in sheet.iter_rows() for c in row]


def test_the_findings_workbook_keeps_a_review_note_as_text(client, hostile):
    from reports.models import Finding

    finding = Finding.objects.first()
    if finding is None:
        pytest.skip("the hostile reports raised no finding")
    Finding.objects.filter(pk=finding.pk).update(review_note='=HYPERLINK("x")')
    response = client.get(reverse("audit:finding_list"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    notes = [row[10] for row in sheet.iter_rows(min_row=2)]
    assert '=HYPERLINK("x")' in [c.value for c in notes]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize(("value", "expected"), [
    ("-12.50", "-12.50"), ("+3", "+3"), ("12", "12"), (-1, -1), (None, None),
    ("-inf", "'-inf"), ("-NaN", "'-NaN"), (" -1", " -1"), ("-1 ", "'-1 "),
    ("=1", "'=1"), ("科学", "科学"),
])
def test_the_neutraliser_leaves_numbers_and_plain_text_alone(value, expected):
    assert spreadsheet_safe(value) == expected
