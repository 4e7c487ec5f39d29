"""The per-file upload limit, applied while the request body streams in.

Django's own handlers would read and store a 2 GB upload before anyone looked at
its size. This handler, first in ``FILE_UPLOAD_HANDLERS``, counts each file's
bytes as they arrive; past ``UPLOAD_MAX_BYTES`` it passes nothing more on, so
the handlers after it store no more, and it hands the view an empty file that
only knows its name and size. ``upload_create`` records that as too large.
"""

from __future__ import annotations

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class TooLargeUploadedFile(UploadedFile):
    """A file that passed the limit: its name and how many bytes were sent, no content."""

    too_large = True

    def __init__(self, name: str, size: int, content_type: str | None,
                 charset: str | None) -> None:
        super().__init__(BytesIO(), name=name, content_type=content_type, size=size,
                         charset=charset)


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # the handlers after this one store nothing more of this file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= settings.UPLOAD_MAX_BYTES:
            return None  # within the limit: the next handler's file is the upload
        return TooLargeUploadedFile(self.file_name or "upload", self.received,
                                    self.content_type, self.charset)
