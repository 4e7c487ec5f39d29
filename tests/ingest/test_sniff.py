"""Formats are told by content, never by the file name."""

from __future__ import annotations

import zipfile

import pytest

from ingest.errors import EmptyFileError, EncryptedFileError, UnsupportedFormatError
from ingest.sniff import OLE2_MAGIC, sniff


def write_zip(path, member: str):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(member, "<xml/>")
    return path


def test_it_knows_a_pdf_whatever_its_name(tmp_path):
    path = tmp_path / "report.docx"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert sniff(path) == "pdf"


def test_it_tells_docx_from_xlsx_by_the_parts_inside_the_zip(tmp_path):
    assert sniff(write_zip(tmp_path / "a.pdf", "word/document.xml")) == "docx"
    assert sniff(write_zip(tmp_path / "b.pdf", "xl/workbook.xml")) == "xlsx"


def test_it_rejects_a_zip_that_is_no_office_document(tmp_path):
    with pytest.raises(UnsupportedFormatError):
        sniff(write_zip(tmp_path / "c.docx", "readme.txt"))


def test_it_tells_old_word_from_old_excel_by_their_streams(tmp_path):
    doc = tmp_path / "a.bin"
    doc.write_bytes(OLE2_MAGIC + b"\x00" * 100 + "WordDocument".encode("utf-16-le"))
    xls = tmp_path / "b.bin"
    xls.write_bytes(OLE2_MAGIC + b"\x00" * 100 + "Workbook".encode("utf-16-le"))
    assert (sniff(doc), sniff(xls)) == ("doc", "xls")


def test_it_reads_utf8_and_gb18030_text_as_text(tmp_path):
    utf8 = tmp_path / "a.txt"
    utf8.write_text("部门决算", encoding="utf-8")
    gbk = tmp_path / "b.txt"
    gbk.write_bytes("部门决算说明".encode("gb18030"))
    assert (sniff(utf8), sniff(gbk)) == ("text", "text")


def test_it_reads_a_utf16_text_file_with_its_byte_order_mark_as_text(tmp_path):
    path = tmp_path / "notepad.txt"
    path.write_bytes("部门决算说明".encode("utf-16"))
    assert sniff(path) == "text"


def test_it_rejects_an_image_renamed_pdf_with_a_clear_message(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFormatError) as error:
        sniff(path)
    assert "PDF" in str(error.value)


def test_it_calls_an_empty_file_empty(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        sniff(path)


def test_it_calls_a_password_protected_docx_encrypted_not_unsupported(tmp_path):
    path = tmp_path / "locked.docx"
    streams = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(OLE2_MAGIC + b"\x00" * 100 + streams)
    with pytest.raises(EncryptedFileError) as error:
        sniff(path)
    assert "密码" in str(error.value)
