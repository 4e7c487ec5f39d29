"""A visitor's journey in headless Chromium: search, read, compare years, filter, export."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.public.conftest import SCIENCE


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_visitor_searches_reads_a_report_and_exports_a_filtered_list(page, live_server, corpus):
    page.goto(f"{live_server.url}/")
    page.get_by_label("搜索全部公开报告").fill("三公经费")
    page.get_by_role("button", name="搜索").click()

    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("mark").count() > 0
    page.locator(f'a[href="{corpus.science_2023.get_absolute_url()}"]').first.click()

    page.wait_for_url(re.compile(r"/reports/\d+/$"))
    assert "2023" in page.locator("h1").inner_text()
    page.wait_for_selector("#structure-chart[data-rendered] svg")  # bars beside their table
    caption = page.locator("#table-0 caption").inner_text()
    assert caption.startswith("一般公共预算财政拨款支出决算表")
    page.locator(".breadcrumb").get_by_role("link", name=SCIENCE).click()

    page.wait_for_url(re.compile(r"/departments/\d+/$"))
    # The chart is drawn from the table beside it (ECharts, SVG renderer).
    page.wait_for_selector("#key-figures-chart[data-rendered] svg")
    assert page.locator("#key-figures-chart svg path").count() > 0
    assert "2022年度部门决算未公开。" in page.locator(".figures-table").inner_text()
    page.locator("main").get_by_role("link", name="支出科目").click()

    page.wait_for_url(re.compile(r"/lines/\?department=\d+"))
    page.get_by_label("科目编码开头").fill("20601")
    page.get_by_role("button", name="筛选", exact=True).click()
    # Empty fields are left out of the URL, so it stays short enough to share.
    page.wait_for_url(re.compile(r"/lines/\?code=20601&department=\d+$"))
    assert page.locator("table.results tbody tr").count() == 4  # 20601 and 2060101, two years

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "lines.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(book.active.values)
    assert len(rows) == 1 + 4
    assert {row[5] for row in rows[1:]} == {"20601", "2060101"}
