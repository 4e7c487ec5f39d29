"""One reader per format, each turning a file into a neutral Document."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from ingest.document import Document

# format -> module under ingest.readers with a ``read(path) -> Document``
READERS = {
    "pdf": "pdf",
    "docx": "docx",
    "xlsx": "xlsx",
    "xls": "xls",
    "doc": "doc",
    "text": "text",
    "image": "ocr",  # PNG, JPEG, TIFF: scanned pages
}


def read_document(path: Path, fmt: str) -> Document:
    module = import_module(f"ingest.readers.{READERS[fmt]}")
    document: Document = module.read(path)
    return document
