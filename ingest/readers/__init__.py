"""One reader per format, each turning a file into a neutral Document."""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from core.text import storable, unify_ideographs
from ingest.document import Document
from ingest.readers.limits import check_document

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
    check_document(document)
    return clean_document(document)


def clean_document(document: Document) -> Document:
    """Every text of the Document without what a database refuses (NUL, lone surrogates),
    and with look-alike radicals as the ideographs they stand for (``⼈⺠`` is 人民).

    Done once here, for every reader, so nothing downstream (extractors, the JSON
    contract, the upload's saved result) ever carries such a character.
    """
    for block in document.blocks:
        block.text = _clean(block.text)
        if block.table is not None:
            block.table.title = _clean(block.table.title)
            block.table.unit = _clean(block.table.unit)
            for cell in block.table.cells:
                cell.text = _clean(cell.text)
    document.warnings = [storable(warning) for warning in document.warnings]
    return document


def _clean(text: str) -> str:
    return unify_ideographs(storable(text))
