"""From a file on disk to a ParsedReport: sniff → reader → extractors.

Pure: no database. ``parse_file`` is what the management command, the upload
task and the tests call.
"""

from __future__ import annotations

from pathlib import Path

from ingest.document import Document
from ingest.extract import extract_report
from ingest.parsed import ParsedReport
from ingest.readers import read_document
from ingest.sniff import sniff


def read_file(path: str | Path) -> Document:
    return read_document(Path(path), sniff(path))


def parse_file(path: str | Path, *, name: str | None = None) -> ParsedReport:
    """Parse one report file; raises ``ingest.errors.ParseError`` with a clear reason."""
    document = read_file(path)
    return extract_report(document, file=name if name is not None else str(path))
