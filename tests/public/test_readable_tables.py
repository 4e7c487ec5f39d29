"""Tables people can read: amounts grouped with two decimals, counts apart, header bands."""

from __future__ import annotations

import pytest

from core.contract import ParsedFigure, ParsedReport, ParsedRow, ParsedTable
from ingest.services import report_publish


def section_of(html: str, start: str, end: str = "</table>") -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


@pytest.mark.django_db
def test_amounts_print_grouped_and_counts_and_scores_stay_out_of_the_amount_column(client):
    report = report_publish(parsed=ParsedReport(
        file="x.pdf", kind="final_accounts", department="青川市望岳区统计局", fiscal_year=2023,
        figures=[ParsedFigure("expenditure_total", "12345.5", page=3),
                 ParsedFigure("staff_actual", "1234", page=3),
                 ParsedFigure("self_evaluation_score", "96.5", page=4)],
    ))

    html = client.get(report.get_absolute_url()).content.decode()

    amounts = section_of(html, '<table class="figures">')
    assert "12,345.50" in amounts
    assert "1234" not in amounts
    assert "96.5" not in amounts
    counts = section_of(html, '<table class="counts">')
    assert "1,234" in counts
    assert "96.5" in counts
    assert "1,234.00" not in counts


@pytest.mark.django_db
def test_a_statement_table_header_is_drawn_as_its_printed_bands(client):
    report = report_publish(parsed=ParsedReport(
        file="x.pdf", kind="final_accounts", department="青川市望岳区统计局", fiscal_year=2023,
        tables=[ParsedTable("财政拨款收入支出决算总表", page=5, rows=[
            ParsedRow(None, "一般公共预算财政拨款", {"收入/决算数": "1000.5",
                                             "支出/合计": "1000.5",
                                             "支出/一般公共预算财政拨款": "1000.5"}),
        ])],
    ))

    html = client.get(report.get_absolute_url()).content.decode()

    head = section_of(html, "<thead>", "</thead>")
    assert 'colspan="2" class="band">支出</th>' in head
    assert '<th scope="col" class="band">收入</th>' in head
    assert head.count("<tr>") == 2  # 收入 | 支出 above their measures
    assert '<td class="num">1,000.50</td>' in html


@pytest.mark.django_db
def test_sort_menus_say_descending_in_chinese(client):
    html = client.get("/reports/").content.decode()
    assert "年度（降序）" in html
    assert "(descending)" not in html
