"""PDFium is not thread-safe: the bulk ingest counts scanned pages from several threads."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ingest.readers import ocr
from ingest.synth import LAYOUTS, generate_report, write_report


def test_scanned_pages_are_counted_from_many_threads_at_once(tmp_path: Path) -> None:
    """Without the lock two threads inside PDFium crash the whole process (it happened
    to the corpus ingest with --jobs 2)."""
    path = write_report(generate_report(7, 0, 2024, layout=LAYOUTS["default"]), tmp_path,
                        "pdf", "default")
    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(lambda _: ocr.ocr_page_count(path), range(64)))
    assert counts == [0] * 64  # a text PDF: no page needs OCR
