"""A developer reads the API documentation in headless Chromium and tries an endpoint.

The page must work with nothing but this site: Swagger UI's files are vendored
(drf-spectacular-sidecar), so every request the page makes stays on the server.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches

from tests.public.conftest import SCIENCE


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_api_documentation_lists_every_endpoint_and_runs_one(
    page, live_server, corpus
) -> None:
    caches["api"].clear()
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    page.goto(f"{live_server.url}/data/")
    page.get_by_role("link", name="交互式 API 文档").click()
    page.wait_for_url("**/api/v1/docs/")
    page.wait_for_selector(".opblock-summary-path")
    assert "juesuan open data API" in page.locator(".info .title").inner_text()

    listed = {page.locator(".opblock-summary-path").nth(i).get_attribute("data-path")
              for i in range(page.locator(".opblock-summary-path").count())}
    document = page.request.get(f"{live_server.url}/api/v1/openapi.json").json()
    assert listed == set(document["paths"])
    assert "/api/v1/reports/{id}/" in listed

    # Open "Published reports", try it out with a filter, and read the answer.
    operation = page.locator("#operations-reports-reports_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.locator('input[placeholder="year"]').fill("2021")
    operation.get_by_role("button", name="Execute").click()
    body = operation.locator(".responses-wrapper .live-responses-table .microlight").first
    body.wait_for()
    answer = json.loads(body.inner_text())
    assert [(r["department"]["name"], r["fiscal_year"]) for r in answer["results"]] == [
        (SCIENCE, 2021)]
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    assert status.inner_text().strip() == "200"

    assert hosts == {urlsplit(live_server.url).netloc}  # no CDN, no other site
