import pytest

from ingest.services import report_publish
from tests.factories import parsed_report

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_published_departments_and_years_in_chinese(client):
    report_publish(parsed=parsed_report(department="青川市临江区科学技术局", year=2022))
    report_publish(parsed=parsed_report(department="青川市临江区财政局", year=2023))
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in page
    assert "决算通" in page
    assert "青川市临江区科学技术局" in page
    assert "青川市临江区财政局" in page
    assert "2022" in page
    assert "2023" in page


def test_the_home_page_speaks_english_when_a_visitor_chooses_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "juesuan" in page
    assert "决算通" not in page


def test_the_admin_lists_the_published_reports_for_staff(admin_client):
    report_publish(parsed=parsed_report(department="青川市临江区科学技术局", year=2022))
    page = admin_client.get("/admin/reports/report/").content.decode()
    assert "青川市临江区科学技术局" in page


def test_a_browser_that_prefers_english_still_gets_chinese_until_english_is_chosen(client):
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="zh-hans">' in page


def test_the_home_page_is_drawn_once_per_data_version_and_language(client):
    """Its content comes whole from the cache: one query (the data version) a request,
    and a publication shows on the next request, in each language."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report_publish(parsed=parsed_report(department="青川市临江区科学技术局", year=2022))
    def main(page: str) -> str:
        return page[page.index("<main"):page.index("</main>")]

    first = main(client.get("/").content.decode())
    with CaptureQueriesContext(connection) as captured:
        assert main(client.get("/").content.decode()) == first
    assert len(captured) == 1
    assert "青川市临江区财政局" not in first
    report_publish(parsed=parsed_report(department="青川市临江区财政局", year=2023))
    again = client.get("/").content.decode()
    assert "青川市临江区财政局" in again
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    assert "<strong>2</strong> departments" in english
    assert "青川市临江区财政局" in english
