"""Tables people can read, measured in Chromium: no page scroll, no word cut in two.

At a laptop (1366×900) and a phone (390×844), in Chinese and English, the report,
compare-years, lines and explorer pages never scroll sideways as a whole (a wide table
scrolls in its own box), and no table cell breaks a word across lines: every word
(Intl.Segmenter) of every cell lies on one line.
"""

from __future__ import annotations

import pytest

from reports.models import Report
from tests.public.test_explore import publish_synthetic

VIEWPORTS = ({"width": 1366, "height": 900}, {"width": 390, "height": 844})
LANGUAGES = ("zh-hans", "en")

# Every word of every table cell on the page that is split across lines.
BROKEN_WORDS = """(lang) => {
  const segmenter = new Intl.Segmenter(lang, {granularity: "word"});
  const broken = [];
  for (const cell of document.querySelectorAll("main table th, main table td")) {
    if (!cell.getClientRects().length) continue;  // not displayed
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const part of segmenter.segment(node.data)) {
        if (!part.isWordLike || part.segment.length < 2) continue;
        const range = document.createRange();
        range.setStart(node, part.index);
        range.setEnd(node, part.index + part.segment.length);
        const tops = new Set(Array.from(range.getClientRects())
                             .filter(r => r.width > 0).map(r => Math.round(r.top)));
        const text = cell.textContent.trim().slice(0, 40);
        if (tops.size > 1) broken.push(part.segment + " in " + text);
      }
    }
  }
  return broken.slice(0, 10);
}"""
PAGE_SCROLL = "() => document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_report_compare_lines_and_explorer_pages_fit_phones_and_laptops(chromium, live_server):
    publish_synthetic(range(2), (2022, 2023))
    report = Report.objects.filter(kind="final_accounts", fiscal_year__year=2023).first()
    urls = [
        report.get_absolute_url(),
        f"/audit/compare/years/?department={report.department_id}&years=2022&years=2023",
        "/lines/",
        "/explore/?year=2023",
        "/explore/206/?year=2023",
        report.department.get_absolute_url(),
        report.department.region.get_absolute_url() + "?year=2023",
    ]
    problems = []
    for language in LANGUAGES:
        for viewport in VIEWPORTS:
            context = chromium.new_context(viewport=viewport)
            context.add_cookies([{"name": "django_language", "value": language,
                                  "url": live_server.url}])
            page = context.new_page()
            for url in urls:
                page.goto(live_server.url + url)
                assert page.locator("main table").count() > 0, url
                where = f"{language} {viewport['width']}px {url}"
                overflow = page.evaluate(PAGE_SCROLL)
                if overflow > 0:
                    problems.append(f"{where}: the page scrolls sideways by {overflow}px")
                broken = page.evaluate(BROKEN_WORDS, "zh" if language == "zh-hans" else "en")
                if broken:
                    problems.append(f"{where}: words broken across lines: {broken}")
            context.close()
    assert problems == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_code_page_draws_its_trend_and_a_treemap_of_its_children(page, live_server):
    publish_synthetic(range(2), (2022, 2023))

    page.goto(f"{live_server.url}/explore/")
    page.get_by_role("link", name="206", exact=True).click()

    page.wait_for_selector("#trend-chart[data-rendered] svg")
    page.wait_for_selector("#children-chart[data-rendered] svg")
    assert "科学技术管理事务" in page.locator("#children-chart").inner_text()
