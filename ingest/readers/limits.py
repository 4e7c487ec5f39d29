"""How much a report file may hold: far above any real report, far below what would
outlast the parse's time and memory limits (a file with 300,000 rows is no report)."""

from __future__ import annotations

from ingest.document import Document
from ingest.errors import TooLargeContentError

MAX_PAGES = 2_000
MAX_TABLE_ROWS = 50_000
MAX_BLOCKS = 50_000


def check_pages(count: int) -> None:
    if count > MAX_PAGES:
        raise TooLargeContentError("pages", MAX_PAGES)


def check_rows(count: int) -> None:
    if count > MAX_TABLE_ROWS:
        raise TooLargeContentError("rows", MAX_TABLE_ROWS)


def check_document(document: Document) -> None:
    """Every reader's Document, before any extractor walks it."""
    check_pages(document.page_count)
    if len(document.blocks) > MAX_BLOCKS:
        raise TooLargeContentError("blocks", MAX_BLOCKS)
    check_rows(sum(b.table.n_rows for b in document.blocks if b.table is not None))
