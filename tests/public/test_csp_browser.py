"""Under the Content Security Policy the charts and the API documentation still run."""

from __future__ import annotations

import pytest
from django.urls import reverse


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_charts_and_the_api_docs_run_without_a_policy_violation(page, live_server, corpus):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + corpus.science_2023.get_absolute_url())
    page.wait_for_selector("#structure-chart[data-rendered] svg path", state="attached")
    page.goto(live_server.url + corpus.science.get_absolute_url())
    page.wait_for_selector("#key-figures-chart[data-rendered] svg path", state="attached")
    with page.expect_navigation():
        page.select_option("#language-select", "en")  # the menu sends itself (static/js)
    assert page.locator("html").get_attribute("lang") == "en"
    page.goto(live_server.url + reverse("api:docs"))
    page.wait_for_selector(".opblock")
    assert not violations, violations
