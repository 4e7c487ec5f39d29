"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# CI checks the repository out with ../shared beside it; the app never reads it.
SHARED = REPO.parent / "shared"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


# Recognised text kept by page-image hash in the repository's pytest cache.
OCR_CACHE = REPO / ".pytest_cache" / "ocr"


def scans_read_by_ocr_cached() -> Iterator[None]:
    """For a module of scan tests: recognised text kept in the repository's pytest cache
    (both database passes of CI share it), and no time limit per page."""
    from django.conf import settings

    previous = settings.OCR_CACHE_DIR, settings.OCR_PAGE_TIME_LIMIT_SECONDS
    settings.OCR_CACHE_DIR = str(OCR_CACHE)
    settings.OCR_PAGE_TIME_LIMIT_SECONDS = 0  # a busy machine may take minutes a page
    yield
    settings.OCR_CACHE_DIR, settings.OCR_PAGE_TIME_LIMIT_SECONDS = previous


CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def cjk_font_path() -> Path:
    """The Chinese TrueType font tests draw pages with (skips where it is not installed)."""
    if not CJK_FONT.exists():
        pytest.skip(f"the CJK font {CJK_FONT} is not installed "
                    "(.ci/run installs fonts-wqy-microhei)")
    return CJK_FONT


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared report material is not checked out beside the repo ({SHARED})")
    return SHARED


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the data version restarts with its database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Every test writes uploads into a fresh folder, never the developer's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (.ci/run installs Debian's chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself (fixtures, assertions) are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
