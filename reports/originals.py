"""How an uploaded original is handed back: by the format its content showed, never its name.

An upload named ``决算.html`` that the sniffer read as text is served as
``text/plain`` under ``决算.txt``; nothing a visitor downloads can run as a
page of this site.
"""

from __future__ import annotations

from pathlib import PurePath

# The sniffer's format (Upload.detected_format) -> content type and file extension.
ORIGINAL_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", ".pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "doc": ("application/msword", ".doc"),
    "xls": ("application/vnd.ms-excel", ".xls"),
    "text": ("text/plain", ".txt"),
}
UNKNOWN_TYPE = ("application/octet-stream", ".bin")
# A scanned page ("image" to the sniffer): which picture format, by its first bytes.
IMAGE_TYPES: tuple[tuple[bytes, tuple[str, str]], ...] = (
    (b"\x89PNG\r\n\x1a\n", ("image/png", ".png")),
    (b"\xff\xd8\xff", ("image/jpeg", ".jpg")),
    (b"II*\x00", ("image/tiff", ".tif")),
    (b"MM\x00*", ("image/tiff", ".tif")),
)
# Only a PDF opens in the browser (at #page=N); everything else is a download.
INLINE_FORMATS = frozenset({"pdf"})
# Sent with every original: no script, no plugin, no form, whatever the bytes are.
ORIGINAL_HEADERS = {"Content-Security-Policy": "sandbox", "X-Content-Type-Options": "nosniff"}


def original_type(detected_format: str, head: bytes = b"") -> tuple[str, str]:
    """(content type, extension) for a sniffed format; unknown formats are plain bytes.

    ``head`` (the file's first bytes) tells a scanned page's picture format.
    """
    if detected_format == "image":
        return next((kind for magic, kind in IMAGE_TYPES if head.startswith(magic)),
                    UNKNOWN_TYPE)
    return ORIGINAL_TYPES.get(detected_format, UNKNOWN_TYPE)


def original_filename(original_name: str, kind: tuple[str, str]) -> str:
    """The uploaded name with the extension of what the file really is."""
    stem = PurePath(original_name or "original").stem or "original"
    return stem + kind[1]
