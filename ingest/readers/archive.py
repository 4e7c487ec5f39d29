"""Safety checks on the zip container of DOCX and XLSX files, before anything is unpacked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import ArchiveTooLargeError, TruncatedFileError

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
