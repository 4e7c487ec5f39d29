"""From a file on disk to a ParsedReport: sniff → reader → Document → extractors.

Pure: no database. ``parse_file`` is what ``parse_report`` and the tests call;
the upload task runs ``read_and_parse`` in a child process (``ingest.isolation``)
because it also keeps the document's text for the review page.
"""

from __future__ import annotations

from pathlib import Path

from core.contract import ParsedReport
from ingest.document import Document
from ingest.extract import extract_report
from ingest.readers import read_document
from ingest.sniff import sniff


def read_file(path: str | Path) -> Document:
    return read_document(Path(path), sniff(path))


def read_and_parse(path: str | Path, *, name: str | None = None) -> tuple[Document, ParsedReport]:
    """The file's Document and what the extractors read from it."""
    document = read_file(path)
    return document, extract_report(document, file=name if name is not None else str(path))


def parse_file(path: str | Path, *, name: str | None = None) -> ParsedReport:
    """Parse one report file; raises ``ingest.errors.ParseError`` with a clear reason."""
    return read_and_parse(path, name=name)[1]
