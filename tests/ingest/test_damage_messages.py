"""Damaged and oversized files are named for what is wrong with them, in Chinese."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.utils import translation

from ingest.errors import ParseError
from ingest.pipeline import parse_file
from ingest.readers import limits
from ingest.synth import generate_report, write_report


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(scope="module")
def docx(tmp_path_factory) -> Path:
    report = generate_report(5, 0, 2023, "final_accounts")
    return write_report(report, tmp_path_factory.mktemp("docx"), "docx")


def _rewrite(source: Path, target: Path, member: str, content: bytes) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == member else old.read(info))
    return target


def _error(path: Path) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    return caught.value


def test_a_part_that_is_not_xml_is_named(docx, tmp_path):
    path = _rewrite(docx, tmp_path / "x.docx", "word/document.xml", b"<w:document><w:body>")
    assert str(_error(path)) == ("文件已损坏：其中的部件“word/document.xml”不是有效的 XML。"
                                 "请重新保存或导出文件后上传新的副本。")


def test_a_member_with_corrupt_compressed_data_is_named(docx, tmp_path):
    data = bytearray(docx.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(10, 20):
        data[start + offset] ^= 0xFF
    path = tmp_path / "x.docx"
    path.write_bytes(bytes(data))
    error = _error(path)
    assert error.code == "damaged_part"
    assert "“word/document.xml”无法解压" in str(error)


def test_a_damaged_pdf_page_is_named_by_its_number(tmp_path):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for n in range(3):
        pdf.drawString(72, 720, f"page {n + 1}")
        pdf.showPage()
    pdf.save()
    # The second page's object loses its dictionary: pdfium cannot load that page.
    data = buffer.getvalue()
    pages = [i for i in range(len(data)) if data.startswith(b"/Type /Page\n", i)
             or data.startswith(b"/Type /Page ", i)]
    assert len(pages) >= 3
    at = pages[1]
    damaged = data[:at] + b"/Type /Junk " + data[at + len(b"/Type /Page "):]
    path = tmp_path / "x.pdf"
    path.write_bytes(damaged)
    error = _error(path)
    assert error.code in {"damaged_page", "truncated"}, str(error)
    if error.code == "damaged_page":
        assert str(error).startswith("文件第 2 页已损坏")


def test_a_workbook_with_more_rows_than_any_report_is_refused_by_name(tmp_path, monkeypatch):
    from openpyxl import Workbook

    monkeypatch.setattr(limits, "MAX_TABLE_ROWS", 500)
    book = Workbook()
    sheet = book.active
    for n in range(600):
        sheet.append([f"项目{n}", n, n * 2])
    path = tmp_path / "rows.xlsx"
    book.save(path)
    error = _error(path)
    assert error.code == "too_many"
    assert str(error) == "文件的表格超过 500 行，报告不会有这么多。请单独上传报告。"


def test_a_text_file_with_more_paragraphs_than_any_report_is_refused_by_name(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(limits, "MAX_BLOCKS", 1000)
    path = tmp_path / "long.txt"
    path.write_text("\n".join(f"第{n}段。" for n in range(1500)), encoding="utf-8")
    assert "超过 1000 个段落" in str(_error(path))


def test_a_damaged_utf16_text_file_keeps_its_text(tmp_path):
    text = "青川市临江区科学技术局2023年度部门决算\n一、部门职责\n"
    path = tmp_path / "x.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") + b"\x34")  # cut mid-character
    from ingest.pipeline import read_file

    assert "一、部门职责" in read_file(path).plain_text()
