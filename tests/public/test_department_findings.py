"""The department page shows each year's findings, counted as on the report page."""

from __future__ import annotations

import pytest

from reports.models import Finding

pytestmark = pytest.mark.django_db


def year_row(html: str, year: int) -> str:
    start = html.index(f'<tr><th scope="row">{year}</th>')
    return html[start:html.index("</tr>", start)]


def test_each_year_shows_its_errors_and_warnings_linked_to_the_findings_list(client, corpus):
    Finding.objects.all().delete()
    report = corpus.science_2023

    def add(severity: str, rule: str, **extra) -> None:
        Finding.objects.create(report=report, rule_id=rule, severity=severity,
                               message="m", **extra)

    add("error", "a")
    add("warning", "b")
    add("warning", "c")
    add("rounding", "d")  # 尾差: never a problem
    add("doubt", "e")  # our own reading in doubt: not public
    add("error", "f", review=Finding.Review.DISMISSED, review_note="fine")

    html = client.get(corpus.science.get_absolute_url()).content.decode()

    row_2023 = year_row(html, 2023)
    assert "1个错误" in row_2023
    assert "2个警告" in row_2023
    link = f'href="/audit/?department={corpus.science.pk}&amp;year=2023"'
    assert link in row_2023
    # 2021 was published with nothing found; 2022 has no report at all.
    assert "未发现问题" in year_row(html, 2021)
    assert "未发现问题" not in year_row(html, 2022)
    # The link lists the same problems.
    listed = client.get(f"/audit/?department={corpus.science.pk}&year=2023").content.decode()
    assert "1个错误" in listed


def test_the_findings_column_reads_in_english(client, corpus):
    Finding.objects.all().delete()
    Finding.objects.create(report=corpus.science_2021, rule_id="a", severity="error",
                           message="m")
    client.cookies["django_language"] = "en"
    html = client.get(corpus.science.get_absolute_url()).content.decode()
    assert "Problems found" in html
    assert "1 error" in year_row(html, 2021)
    assert "No problems found" in year_row(html, 2023)
