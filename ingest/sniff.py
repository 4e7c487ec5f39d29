"""Tell a file's format from its first bytes, never from its name."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

from ingest.errors import EmptyFileError, EncryptedFileError, UnsupportedFormatError

Format = Literal["pdf", "docx", "xlsx", "doc", "xls", "text", "image"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Scanned pages and photographs: PNG, JPEG, TIFF (either byte order).
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def sniff(path: str | Path) -> Format:
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(8192)
    if not head.strip():
        raise EmptyFileError()
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in head[:1024]:
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return _sniff_zip(path)
    if head[:8] == OLE2_MAGIC:
        return _sniff_ole(path)
    if head.startswith(IMAGE_MAGICS):
        return _sniff_image(path)
    if _looks_like_text(head):
        return "text"
    raise UnsupportedFormatError()


def _sniff_zip(path: Path) -> Format:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except zipfile.BadZipFile as exc:
        raise UnsupportedFormatError() from exc
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise UnsupportedFormatError()


def _sniff_image(path: Path) -> Format:
    """A picture whose header promises PNG, JPEG or TIFF must also open as one."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as img:
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise UnsupportedFormatError() from exc
    return "image"


def _sniff_ole(path: Path) -> Format:
    # Both .doc and .xls are OLE2 compound files; the stream names tell them apart.
    # A password-protected DOCX or XLSX is an OLE2 file too, holding the zip encrypted.
    data = path.read_bytes()
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise EncryptedFileError()
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return "xls"
    raise UnsupportedFormatError()


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _looks_like_text(head: bytes) -> bool:
    if head.startswith(UTF16_BOMS):  # Windows Notepad's "Unicode": NUL bytes are expected
        return _decodes(head[2:], "utf-16-le" if head[:2] == b"\xff\xfe" else "utf-16-be")
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # A multi-byte character cut at the end of the sample is still text.
            if exc.start >= len(head) - 4:
                return True
    return False


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
