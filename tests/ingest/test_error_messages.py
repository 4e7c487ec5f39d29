"""Every reason a file can be refused reaches staff in Chinese by default."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

import ingest.isolation
import ingest.readers.pdf  # noqa: F401 - may define reader-specific errors
from ingest.errors import (
    ArchiveTooManyFilesError,
    DamagedPageError,
    DamagedPartError,
    OcrPageTimeoutError,
    ParseError,
    ScannedPageError,
    TooLargeContentError,
    UnmappedTextError,
    UploadTooLargeError,
)

HAN = re.compile(r"[\u4e00-\u9fff]")


def all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *all_subclasses(sub)]
    return found


# Refusals whose message carries a value take it as an argument.
ARGUMENTS = {
    ScannedPageError: (7,), UploadTooLargeError: (50 * 1024 * 1024,), OcrPageTimeoutError: (3, 120),
    DamagedPartError: ("word/document.xml",), DamagedPageError: (3,),
    TooLargeContentError: ("rows", 50_000), ArchiveTooManyFilesError: (500,),
    UnmappedTextError: (2,),
}
ERRORS = all_subclasses(ParseError)


@pytest.mark.parametrize("error_class", ERRORS, ids=lambda cls: cls.__name__)
def test_every_refusal_has_a_chinese_message_and_an_english_one(error_class):
    args = ARGUMENTS.get(error_class, ())
    with translation.override("zh-hans"):
        chinese = str(error_class(*args))
    with translation.override("en"):
        english = str(error_class(*args))
    assert HAN.search(chinese), chinese
    assert not HAN.search(english), english


def test_a_scanned_page_names_its_page_in_chinese():
    with translation.override("zh-hans"):
        assert str(ScannedPageError(7)) == "第 7 页是扫描页，没有文字层，需要 OCR 识别。"
