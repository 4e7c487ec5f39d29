"""Safety checks on zip containers (DOCX and XLSX files, and zips of report files uploaded
by staff), before anything is unpacked."""

from __future__ import annotations

import contextlib
import zipfile
import zlib
from collections.abc import Iterator
from os import PathLike
from pathlib import PurePosixPath
from typing import IO

from lxml import etree

from ingest.errors import (
    ArchiveTooLargeError,
    ArchiveTooManyFilesError,
    DamagedPartError,
    TruncatedFileError,
)

# A long report unpacks to a few MB of XML; these leave room for pictures and stay far
# below what would exhaust a worker's memory.
MAX_TOTAL_UNCOMPRESSED = 400 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 200 * 1024 * 1024
# Office XML compresses well, but not a thousandfold; a bomb does.
MAX_RATIO = 1000
RATIO_APPLIES_ABOVE = 10 * 1024 * 1024


def check_archive(path: str | PathLike[str] | IO[bytes]) -> None:
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


def _check_members(path: str | PathLike[str] | IO[bytes], members: list[zipfile.ZipInfo]) -> None:
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
    """A parser target that keeps nothing: well-formedness is all that is checked.

    It has no ``start``, ``end`` or ``data``: lxml then calls nothing back for each
    element (four times faster on a DOCX's large style parts; the same errors)."""

    def close(self) -> None: ...


def _check_xml(stream: IO[bytes], name: str) -> None:
    # _Discard is the least of lxml's ParserTarget protocol: well-formedness only.
    parser = etree.XMLParser(  # type: ignore[call-overload]
        target=_Discard(), resolve_entities=False, no_network=True)
    try:
        while chunk := stream.read(1 << 20):
            parser.feed(chunk)
        parser.close()
    except etree.XMLSyntaxError as exc:
        raise DamagedPartError(name) from exc


# A folder's worth of reports, not a whole archive of them.
MAX_MEMBERS = 500


def _member_name(info: zipfile.ZipInfo) -> str:
    """The member's file name, without its folders (never used as a path on disk).

    Chinese Windows tools store names in GBK without saying so (no UTF-8 flag):
    zipfile then reads them as CP437, and the GBK reading is the right one.
    """
    name = info.filename
    if not info.flag_bits & 0x800:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return PurePosixPath(name.replace("\\", "/")).name


def zip_members(file: IO[bytes], *, extensions: tuple[str, ...]) -> Iterator[tuple[str, bytes]]:
    """(file name, bytes) of each file in a zip whose extension is one of ``extensions``.

    The archive is checked first (``check_archive``: a broken zip or a zip bomb is
    refused, ``ArchiveTooManyFilesError`` past ``MAX_MEMBERS`` files); folders, hidden
    files and macOS metadata are skipped; only the base name of each member is kept,
    so no member can name a path outside (nothing is written under its name anyway).
    """
    check_archive(file)
    file.seek(0)
    with zipfile.ZipFile(file) as archive:
        members = [
            (info, name) for info in archive.infolist()
            if not info.is_dir() and (name := _member_name(info))
            and not name.startswith(".") and "__MACOSX" not in info.filename
            and PurePosixPath(name).suffix.lower() in extensions
        ]
        if len(members) > MAX_MEMBERS:
            raise ArchiveTooManyFilesError(MAX_MEMBERS)
        for info, name in members:
            yield name, archive.read(info)
