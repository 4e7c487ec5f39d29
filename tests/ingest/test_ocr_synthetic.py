"""A scan of a generated report reads back what the generator wrote into its tables.

The generator's 决算 is written as PDF, and as DOCX turned into PDF by LibreOffice (as
a bureau would print its Word file); three pages holding statement tables are scanned
with the cover as a scanner would (200 dpi clean; 150 dpi skewed, grainy, JPEG-compressed) and read
by OCR. Every cell the text layer gives must come back, nearly all of them: the same
thresholds as for the real report. Recognised text is cached under .pytest_cache by
page-image hash (the generator and the scan are deterministic), so a second run is quick.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from core.contract import ParsedReport
from ingest.pipeline import parse_file
from ingest.readers.doc import find_soffice
from ingest.synth import generate_report, write_report
from ingest.synth.scan import ScanStyle, scan_pdf
from tests.conftest import scans_read_by_ocr_cached

STYLES = {
    "200 dpi, clean": (ScanStyle(dpi=200), 0.95),
    "150 dpi, 1.5° skew, grain and JPEG noise": (
        ScanStyle(dpi=150, skew=1.5, grain=12, jpeg_quality=60), 0.90),
}


@pytest.fixture(scope="module", autouse=True)
def _ocr_cache():
    yield from scans_read_by_ocr_cached()


def _docx_to_pdf(docx: Path, work: Path) -> Path:
    soffice = find_soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    subprocess.run(
        [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(work)},
    )
    return work / (docx.stem + ".pdf")


@pytest.fixture(scope="module", params=["pdf", "docx"])
def table_pages(request, tmp_path_factory) -> Path:
    """The cover and three pages of a generated 决算 holding tables, as a text PDF."""
    work = tmp_path_factory.mktemp(f"ocr-synth-{request.param}")
    report = generate_report(3, 1, 2024, "final_accounts")
    written = write_report(report, work, request.param)
    pdf = written if request.param == "pdf" else _docx_to_pdf(written, work)
    # The cover names the body and the year; then the first three pages with tables.
    pages = [1, *sorted({t.page for t in parse_file(pdf).tables if t.page and t.page > 1})[:3]]
    source = pdfium.PdfDocument(str(pdf))
    out = pdfium.PdfDocument.new()
    out.import_pages(source, [n - 1 for n in pages])
    path = work / "pages.pdf"
    out.save(str(path))
    out.close()
    source.close()
    shutil.rmtree(work / "profile", ignore_errors=True)
    return path


def _cells(report: ParsedReport) -> set[tuple[str, str, str, str]]:
    return {(t.title, r.code or r.name, label, value)
            for t in report.tables for r in t.rows for label, value in r.values.items()}


@pytest.mark.parametrize("style_name", list(STYLES))
def test_a_scanned_generated_report_reads_back_its_table_cells(style_name, table_pages, tmp_path):
    style, threshold = STYLES[style_name]
    truth = _cells(parse_file(table_pages))
    assert len(truth) > 50  # the pages hold real tables
    read = _cells(parse_file(scan_pdf(table_pages, tmp_path / "scan.pdf", style)))
    found = len(truth & read) / len(truth)
    assert found >= threshold, sorted(truth - read)[:20]
