"""Safety checks on the zip container of DOCX and XLSX files, before anything is unpacked."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO

from lxml import etree

from ingest.errors import ArchiveTooLargeError, DamagedPartError, TruncatedFileError

# A long report unpacks to a few MB of XML; these leave room for pictures and stay far
# below what would exhaust a worker's memory.
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 200 * 1024 * 1024
# Office XML compresses well, but not a thousandfold; a bomb does.
MAX_RATIO = 1000
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024


def check_archive(path: str | Path) -> None:
    """Refuse a broken zip (TruncatedFileError) or a zip bomb (ArchiveTooLargeError).

    Only the central directory is read: the sizes it declares bound what zipfile
    will ever unpack, so checking them first is enough.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, EOFError) as exc:
        raise TruncatedFileError() from exc
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise ArchiveTooLargeError()
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_APPLIES_ABOVE and ratio > MAX_RATIO:
            raise ArchiveTooLargeError()
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ArchiveTooLargeError()
    _check_members(path, members)


XML_SUFFIXES = (".xml", ".rels")


def _check_members(path: str | Path, members: list[zipfile.ZipInfo]) -> None:
    """Unpack every member once (sizes are bounded above): a corrupt one, or an XML part
    that is not XML, is named here rather than failing somewhere inside a library."""
    with zipfile.ZipFile(path) as archive:
        for info in members:
            if info.is_dir() or not info.file_size:
                continue
            try:
                with archive.open(info) as stream:
                    if info.filename.lower().endswith(XML_SUFFIXES):
                        _check_xml(stream, info.filename)
                    else:
                        while stream.read(1 << 20):
                            pass
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise DamagedPartError(info.filename, unpackable=False) from exc


class _Discard:
    """A parser target that keeps nothing: well-formedness is all that is checked."""

    def start(self, tag: str, attrib: dict[str, str],
              nsmap: dict[str | None, str] | None = None) -> None: ...
    def end(self, tag: str) -> None: ...
    def data(self, data: str) -> None: ...
    def close(self) -> None: ...


def _check_xml(stream: IO[bytes], name: str) -> None:
    # _Discard implements the part of lxml's ParserTarget protocol a well-formedness check needs.
    parser = etree.XMLParser(  # type: ignore[call-overload]
        target=_Discard(), resolve_entities=False, no_network=True)
    try:
        while chunk := stream.read(1 << 20):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise DamagedPartError(name) from exc
