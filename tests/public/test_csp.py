"""Content Security Policy: the site's pages run only the site's own scripts and styles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"", re.I)


def _policy(response) -> str:
    return response["Content-Security-Policy"]


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, corpus):
    for url in [reverse("home"), corpus.science_2023.get_absolute_url(),
                corpus.science.get_absolute_url(), reverse("report_list"), reverse("login")]:
        response = client.get(url)
        policy = _policy(response)
        assert "default-src 'self'" in policy, url
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        html = response.content.decode()
        assert not INLINE.search(html), (url, INLINE.search(html))


def test_no_template_holds_inline_script_style_or_event_handler():
    offenders = [str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html")
                 if INLINE.search(path.read_text(encoding="utf-8"))]
    assert not offenders


def test_the_api_documentation_loads_its_start_up_script_from_a_file(client):
    response = client.get(reverse("api:docs"))
    assert "default-src 'self'" in _policy(response)
    html = response.content.decode()
    assert not INLINE.search(html)
    script = re.search(r'<script src="([^"]*\?script[^"]*)"', html)
    assert script, html
    code = client.get(script.group(1).replace("&amp;", "&"))
    assert code.status_code == 200
    assert "SwaggerUIBundle" in code.content.decode()


def test_the_admin_keeps_its_inline_scripts_without_the_policy(client):
    response = client.get(reverse("admin:login"))
    assert "Content-Security-Policy" not in response


def test_an_original_file_keeps_its_own_sandbox_policy(client, corpus):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from ingest.models import Upload
    from ingest.services import upload_create

    upload = upload_create(file=SimpleUploadedFile("决算.txt", "部门决算".encode()))
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.PUBLISHED)
    corpus.science_2023.upload = upload
    corpus.science_2023.save(update_fields=["upload"])
    response = client.get(reverse("report_original", args=[corpus.science_2023.pk]))
    assert _policy(response) == "sandbox"
