"""Errors a reader or extractor raises for a file it cannot read.

Each carries a message for the person who uploaded the file, translated into
the active language when it is shown (the UI defaults to Simplified Chinese).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _


class ParseError(Exception):
    """A file that cannot be parsed; ``str(error)`` is the user-facing reason."""

    default_message = _("The file could not be read.")
    code = "unreadable"

    def __init__(self, message: object | None = None, *, page: int | None = None) -> None:
        self.message = message if message is not None else self.default_message
        self.page = page
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)


class EmptyFileError(ParseError):
    default_message = _("The file is empty.")
    code = "empty"


class UnsupportedFormatError(ParseError):
    default_message = _(
        "This file type is not supported. "
        "Upload a PDF, Word (DOC/DOCX), Excel (XLS/XLSX) or text file."
    )
    code = "unsupported"


class EncryptedFileError(ParseError):
    default_message = _("The file is password-protected. Upload a copy without a password.")
    code = "encrypted"


class TruncatedFileError(ParseError):
    default_message = _("The file is damaged or incomplete (truncated). Upload the complete file.")
    code = "truncated"


class DamagedPartError(ParseError):
    """A part inside a DOCX/XLSX zip that cannot be unpacked, or is not XML."""

    code = "damaged_part"

    def __init__(self, member: str, *, unpackable: bool = True) -> None:
        message = (
            _("The file is damaged: its part “%(member)s” is not valid XML. "
              "Save or export the file again and upload the new copy.")
            if unpackable else
            _("The file is damaged: its part “%(member)s” cannot be unpacked (corrupt data). "
              "Save or export the file again and upload the new copy.")
        )
        super().__init__(message % {"member": member})


class DamagedPageError(ParseError):
    code = "damaged_page"

    def __init__(self, page: int) -> None:
        super().__init__(
            _("Page %(page)d of the file is damaged and cannot be read. "
              "Save or export the file again and upload the new copy.") % {"page": page},
            page=page,
        )


class TooLargeContentError(ParseError):
    """More pages, rows or paragraphs than any report has: refused before it eats the limits."""

    code = "too_many"

    def __init__(self, what: str, limit: int) -> None:
        messages = {
            "pages": _("The file has more than %(limit)d pages; no report is that long. "
                       "Upload the report on its own."),
            "rows": _("The file has more than %(limit)d table rows; no report has that many. "
                      "Upload the report on its own."),
            "blocks": _("The file has more than %(limit)d paragraphs; no report has that many. "
                        "Upload the report on its own."),
        }
        super().__init__(messages[what] % {"limit": limit})


class TextEncodingError(ParseError):
    default_message = _(
        "The text file is neither UTF-8 nor GB18030 (or it is damaged). Save it as UTF-8 and "
        "upload it again."
    )
    code = "encoding"


class ScannedPageError(ParseError):
    code = "scanned"

    def __init__(self, page: int) -> None:
        super().__init__(
            _("Page %(page)d is a scanned page without a text layer: OCR needed.") % {"page": page},
            page=page,
        )


class UnmappedTextError(ParseError):
    """The text layer's fonts carry no character map, and OCR is off or found nothing."""

    code = "unmapped_text"

    def __init__(self, page: int) -> None:
        super().__init__(
            _("The text on page %(page)d cannot be extracted: the PDF's fonts do not say which "
              "characters they draw, so the page must be read by OCR. Upload the original Word "
              "file, or export the PDF again with its fonts embedded as text.") % {"page": page},
            page=page,
        )


class ConverterMissingError(ParseError):
    default_message = _(
        "Old Word (.doc) files need LibreOffice to be converted, and it is not installed on this "
        "server. Save the file as DOCX or PDF and upload that."
    )
    code = "converter_missing"


class NotAReportError(ParseError):
    default_message = _(
        "No department, fiscal year or report type could be found: this does not look like a "
        "final account, budget or performance self-evaluation report."
    )
    code = "not_a_report"


class ArchiveTooManyFilesError(ParseError):
    """A zip of report files holding more files than one upload takes."""

    code = "archive_too_many_files"

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("The zip holds more than %(limit)d files. Upload it in smaller zips.")
            % {"limit": limit}
        )


class ArchiveTooLargeError(ParseError):
    """A DOCX/XLSX whose zip declares far more data than a report holds (a zip bomb)."""

    default_message = _(
        "The file unpacks to far more data than a report can hold, so it was not opened. "
        "Save the report again from Word or Excel and upload that copy."
    )
    code = "archive_too_large"


class ConversionFailedError(ParseError):
    """LibreOffice is there but could not turn an old .doc into DOCX."""

    default_message = _(
        "The old Word (.doc) file could not be converted for reading. Save it as DOCX or PDF "
        "and upload that."
    )
    code = "conversion_failed"


class UploadTooLargeError(ParseError):
    code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(
            _("The file is larger than the limit of %(mb)d MB and was not kept.")
            % {"mb": limit // (1024 * 1024)}
        )


class UnstorableResultError(ParseError):
    default_message = _(
        "The file was read, but what was read could not be saved: it holds characters "
        "the database refuses. The file may be damaged; export it again and upload the new copy."
    )
    code = "unstorable"


class UploadInterruptedError(ParseError):
    default_message = _(
        "Parsing was interrupted (the worker stopped before it finished). Parse it again."
    )
    code = "interrupted"


class UnsureIdentityError(ValueError):
    """A report whose identity was not read with certainty: it is never published as read.

    ``reasons`` say what is unsure (translated when shown); the reviewer supplies
    the department, year, kind or scope on the review page and publishes from there.
    """

    code = "unsure_identity"

    def __init__(self, reasons: Sequence[object]) -> None:
        self.reasons = list(reasons)
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(_("Not published: the report's identity is unsure (%(reasons)s). "
                     "Enter it on the review page.")
                   % {"reasons": "; ".join(str(reason) for reason in self.reasons)})

class NoTextFoundError(ParseError):
    """OCR found no text on any scanned page."""

    default_message = _(
        "No text could be recognised in this scan. Upload a sharper scan (at least 200 dpi, "
        "straight, without heavy shadows) or the original PDF or Word file."
    )
    code = "no_text"


class OcrDisabledError(ParseError):
    default_message = _(
        "This file is an image of a scanned page, and reading scans (OCR) is turned off on this "
        "server. Upload the original PDF or Word file."
    )
    code = "scanned"


class OcrPageTimeoutError(ParseError):
    code = "timeout"

    def __init__(self, page: int, seconds: float) -> None:
        super().__init__(
            _(
                "Reading page %(page)d of the scan took longer than %(seconds)d seconds and was "
                "stopped. Upload a sharper scan or the original file."
            ) % {"page": page, "seconds": int(seconds)},
            page=page,
        )
