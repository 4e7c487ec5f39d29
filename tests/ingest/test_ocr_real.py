"""A scan of a real report reads nearly as well as its text version.

Four pages of the Putuo finance bureau's 2024 final accounts (the 收入支出决算总表,
the 一般公共预算财政拨款支出决算表, the 三公 table and the first page of the
explanations, with its figures) are turned into image-only PDFs as a scanner
would make them, read by OCR, and scored with the shared scorer against the
text-layer parse of the same pages. OCR is slow (tens of seconds a page on a busy
machine): recognised text is cached under .pytest_cache by page-image hash, so
a second run is quick.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from ingest.pipeline import parse_file
from ingest.synth.scan import ScanStyle, scan_pdf
from tests.conftest import scans_read_by_ocr_cached

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SOURCE = SHARED / "corpus" / "final2024_putuo_caizhengju_dept.pdf"
PAGES = [6, 15, 18, 21]
STYLES = {
    "200 dpi, clean": (ScanStyle(dpi=200), 0.95),
    "150 dpi, 1.5° skew, grain and JPEG noise": (
        ScanStyle(dpi=150, skew=1.5, grain=12, jpeg_quality=60), 0.90),
}

pytestmark = pytest.mark.skipif(not SOURCE.exists(),
                                reason=f"the real report is not checked out beside the repo "
                                f"({SOURCE})")


@pytest.fixture(scope="module")
def text_pages(tmp_path_factory) -> Path:
    """The chosen pages of the report as a text PDF."""
    src = pdfium.PdfDocument(str(SOURCE))
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [n - 1 for n in PAGES])
    path = tmp_path_factory.mktemp("ocr-real") / "pages.pdf"
    out.save(str(path))
    out.close()
    src.close()
    return path


@pytest.fixture(scope="module")
def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module", autouse=True)
def _ocr_cache():
    yield from scans_read_by_ocr_cached()


@pytest.mark.parametrize("style_name", list(STYLES))
def test_a_scanned_copy_scores_nearly_as_well_as_the_text_pages(
    style_name, text_pages, scorer, tmp_path
):
    style, threshold = STYLES[style_name]
    truth = parse_file(text_pages).to_contract()
    scan = scan_pdf(text_pages, tmp_path / "scan.pdf", style)
    read = parse_file(scan).to_contract()
    misses: list[str] = []
    cells = scorer.score_tables(truth, read, misses)
    figures = scorer.score_figures(truth, read, misses)
    assert truth["tables"]  # the pages hold tables
    assert truth["figures"]  # and figures
    assert cells >= threshold, misses
    assert figures >= threshold, misses
    assert read["department"] == truth["department"]
    assert read["fiscal_year"] == truth["fiscal_year"]
    assert any("OCR" in warning and "第 1、2、3、4 页" in warning for warning in read["warnings"])


def test_a_text_report_with_a_scanned_page_reads_each_page_its_own_way(
    text_pages, scorer, tmp_path
):
    """The 三公 table page scanned, the others with their text layer."""
    scanned = scan_pdf(text_pages, tmp_path / "scan.pdf", ScanStyle(dpi=200), pages=[3])
    mixed = pdfium.PdfDocument(str(text_pages))
    image_page = pdfium.PdfDocument(str(scanned))
    mixed.del_page(2)
    mixed.import_pages(image_page, [0], index=2)
    path = tmp_path / "mixed.pdf"
    mixed.save(str(path))
    mixed.close()
    image_page.close()
    truth = parse_file(text_pages).to_contract()
    read = parse_file(path).to_contract()
    misses: list[str] = []
    assert scorer.score_tables(truth, read, misses) >= 0.95, misses
    assert any("第 3 页由扫描件识别" in warning for warning in read["warnings"])
