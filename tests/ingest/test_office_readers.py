"""The DOCX, XLSX, XLS and DOC readers: document order, merged cells, captions, refusals."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.enum.text import WD_BREAK
from openpyxl.styles import Font

from ingest.document import Table
from ingest.errors import (
    ArchiveTooLargeError,
    ConverterMissingError,
    EncryptedFileError,
    TruncatedFileError,
)
from ingest.readers import doc as doc_reader
from ingest.readers import docx as docx_reader
from ingest.readers import xls as xls_reader
from ingest.readers import xlsx as xlsx_reader
from ingest.readers.sheets import sheet_title
from ingest.readers.xlsx import format_number
from ingest.synth import generate_report, write_report


def _spans(table: Table) -> dict[str, tuple[int, int, int, int]]:
    return {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in table.cells if c.text}


# ---------------------------------------------------------------- DOCX


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_heading("第一部分　部门概况", level=1)
    document.add_heading("一、主要职能", level=2)
    document.add_paragraph("负责全区科技创新工作。")
    document.add_paragraph("支出决算表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "项目"
    table.cell(0, 2).merge(table.cell(1, 2)).text = "本年支出合计"
    table.cell(1, 0).text = "科目编码"
    table.cell(1, 1).text = "科目名称"
    for col, text in enumerate(("206", "科学技术支出", "1,234.50")):
        table.cell(2, col).text = text
    table.cell(3, 1).text = "合计"
    document.add_paragraph("注：本表按支出功能分类列示。")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading("二、机构设置", level=2)
    path = tmp_path / "report.docx"
    document.save(str(path))
    return path


def test_docx_blocks_come_in_document_order(word_file: Path) -> None:
    blocks = docx_reader.read(word_file).blocks
    assert [b.kind for b in blocks] == [
        "heading", "heading", "paragraph", "table", "paragraph", "heading"]
    assert blocks[2].text == "负责全区科技创新工作。"
    assert blocks[4].text.startswith("注：")


def test_docx_heading_styles_give_headings_with_their_level(word_file: Path) -> None:
    headings = [(b.text, b.level) for b in docx_reader.read(word_file).blocks
                if b.kind == "heading"]
    assert headings == [("第一部分　部门概况", 1), ("一、主要职能", 2), ("二、机构设置", 2)]


def test_docx_merged_cells_become_row_and_column_spans(word_file: Path) -> None:
    table = docx_reader.read(word_file).tables()[0]
    spans = _spans(table)
    assert spans["项目"] == (0, 0, 1, 2)
    assert spans["本年支出合计"] == (0, 2, 2, 1)
    assert spans["1,234.50"] == (2, 2, 1, 1)
    assert table.grid()[3] == ["", "合计", ""]


def test_docx_title_and_unit_above_a_table_move_onto_it(word_file: Path) -> None:
    document = docx_reader.read(word_file)
    table = document.tables()[0]
    assert (table.title, table.unit) == ("支出决算表", "单位：万元")
    assert "支出决算表" not in [b.text for b in document.text_blocks()]


def test_docx_title_and_unit_printed_as_table_rows_move_onto_it(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "收入决算表"
    table.cell(1, 0).text = "编制单位：青川市临江区科学技术局"
    table.cell(1, 2).text = "单位：元"
    for col, text in enumerate(("科目编码", "科目名称", "本年收入合计")):
        table.cell(2, col).text = text
    for col, text in enumerate(("206", "科学技术支出", "12,345.00")):
        table.cell(3, col).text = text
    path = tmp_path / "captions.docx"
    document.save(str(path))
    read = docx_reader.read(path)
    table_read = read.tables()[0]
    assert (table_read.title, table_read.unit) == ("收入决算表", "单位：元")
    assert table_read.grid() == [["科目编码", "科目名称", "本年收入合计"],
                                 ["206", "科学技术支出", "12,345.00"]]
    assert read.blocks[0].text == "编制单位：青川市临江区科学技术局"


def test_docx_page_breaks_advance_the_page(word_file: Path) -> None:
    document = docx_reader.read(word_file)
    assert document.blocks[0].page == 1
    assert document.blocks[-1].page == 2
    assert document.page_count == 2


def test_docx_list_numbering_is_printed_into_the_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("加强预算管理", style="List Number")
    document.add_paragraph("提高资金使用效益", style="List Number")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    texts = [b.text for b in docx_reader.read(path).blocks]
    assert texts == ["1.加强预算管理", "2.提高资金使用效益"]


def test_a_generated_report_reads_back_with_its_nine_tables(tmp_path: Path) -> None:
    report = generate_report(3, 2, 2024)
    document = docx_reader.read(write_report(report, tmp_path, "docx", "default"))
    statements = [t.title for t in report.tables]
    assert [t.title for t in document.tables()][: len(statements)] == statements
    assert report.department in document.plain_text()


def _zip_with_declared_size(path: Path, member: str, declared: int) -> None:
    """A valid zip whose directory claims ``member`` unpacks to ``declared`` bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<w:document/>")
    data = bytearray(buffer.getvalue())
    central = data.find(b"PK\x01\x02", data.find(member.encode()) - 60)
    while central != -1:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == member.encode():
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


_DRAWING_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"')


def _text_box(text: str):
    """A paragraph holding a text box as Word writes one: the drawing in mc:Choice and
    the same box again in VML in mc:Fallback, for older readers."""
    from docx.oxml import parse_xml

    box = f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"
    return parse_xml(
        f"<w:p {_DRAWING_NS}><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
        f"<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>{box}"
        "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        f"</mc:Choice><mc:Fallback><w:pict><v:rect><v:textbox>{box}</v:textbox></v:rect>"
        "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>")


def test_a_text_box_drawn_twice_for_older_readers_is_read_once(tmp_path: Path) -> None:
    document = docx.Document()
    document.element.body.insert(0, _text_box("示范区财政局"))
    document.add_paragraph("2024年度部门决算")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "合计"
    table.cell(0, 1)._tc.append(_text_box("2,167.65"))
    path = tmp_path / "boxes.docx"
    document.save(str(path))

    read = docx_reader.read(path)

    assert [b.text for b in read.blocks if b.kind != "table"][:2] == ["示范区财政局",
                                                                      "2024年度部门决算"]
    assert read.tables()[0].grid() == [["合计", "2,167.65"]]


@pytest.mark.parametrize("frame_cells", [1, 2], ids=["boxed", "two-column-layout"])
def test_a_statement_table_laid_out_inside_another_table_is_read(tmp_path: Path,
                                                                 frame_cells: int) -> None:
    rows = [("科目名称", "合计", "基本支出"), ("合计", "2,167.65", "2,060.99"),
            ("一般公共服务支出", "2,167.65", "2,060.99")]
    document = docx.Document()
    frame = document.add_table(rows=1, cols=frame_cells)
    cell = frame.cell(0, frame_cells - 1)
    if frame_cells == 2:
        frame.cell(0, 0).text = "附表"
    cell.paragraphs[0].text = "支出决算表"
    cell.add_paragraph("单位：万元")
    inner = cell.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    path = tmp_path / "framed.docx"
    document.save(str(path))

    [table] = docx_reader.read(path).tables()

    assert (table.title, table.unit) == ("支出决算表", "单位：万元")
    assert table.grid() == [list(row) for row in rows]


def test_a_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    _zip_with_declared_size(path, "word/document.xml", 4_000_000_000)
    with pytest.raises(ArchiveTooLargeError):
        docx_reader.read(path)


def test_a_truncated_docx_is_reported_as_truncated(word_file: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.docx"
    cut.write_bytes(word_file.read_bytes()[:2000])
    with pytest.raises(TruncatedFileError):
        docx_reader.read(cut)


# ---------------------------------------------------------------- XLSX


def _statement_sheet(sheet) -> None:
    sheet["A1"] = "收入支出决算总表"
    sheet.merge_cells("A1:D1")
    sheet["A2"] = "编制单位：青川市临江区科学技术局"
    sheet["D2"] = "单位：元"
    sheet["A3"], sheet["C3"] = "收入", "支出"
    sheet.merge_cells("A3:B3")
    sheet.merge_cells("C3:D3")
    for col, text in zip("ABCD", ("项目", "决算数", "项目", "决算数"), strict=True):
        sheet[f"{col}4"] = text
    sheet["A5"], sheet["B5"] = "一、一般公共预算财政拨款收入", 12345600
    sheet["B5"].number_format = "#,##0.00"
    sheet["C5"], sheet["D5"] = "一、一般公共服务支出", 1234.5
    sheet["D5"].number_format = "0.00"


@pytest.fixture
def excel_file(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    narrative = workbook.active
    narrative.title = "说明"
    narrative["A1"] = "一、收入支出决算总体情况说明"
    narrative["A1"].font = Font(bold=True)
    narrative["A2"] = "本年收入合计1,234.56万元。"
    _statement_sheet(workbook.create_sheet("Z01 收入支出决算总表(财决01表)"))
    untitled = workbook.create_sheet("Z03 收入决算表(财决03表)")
    untitled.append(["科目编码", "科目名称", "本年收入合计"])
    untitled.append(["206", "科学技术支出", 10])
    workbook.create_sheet("空白")
    path = tmp_path / "report.xlsx"
    workbook.save(str(path))
    return path


def test_xlsx_text_sheet_gives_paragraphs_and_bold_headings(excel_file: Path) -> None:
    blocks = xlsx_reader.read(excel_file).blocks
    assert [(b.kind, b.text) for b in blocks[:2]] == [
        ("heading", "一、收入支出决算总体情况说明"), ("paragraph", "本年收入合计1,234.56万元。")]


def test_xlsx_title_row_unit_row_and_merged_header(excel_file: Path) -> None:
    document = xlsx_reader.read(excel_file)
    table = document.tables()[0]
    assert (table.title, table.unit, table.page) == ("收入支出决算总表", "单位：元", 2)
    assert _spans(table)["收入"] == (0, 0, 1, 2)
    assert _spans(table)["支出"] == (0, 2, 1, 2)
    assert table.grid()[2] == ["一、一般公共预算财政拨款收入", "12,345,600.00",
                               "一、一般公共服务支出", "1234.50"]
    # The line naming who reports is the table's caption, never narrative text.
    assert "编制单位：青川市临江区科学技术局" in table.captions
    assert "编制单位" not in document.plain_text()


def test_xlsx_sheet_without_title_row_is_titled_by_its_sheet_name(excel_file: Path) -> None:
    table = xlsx_reader.read(excel_file).tables()[1]
    assert table.title == "收入决算表"
    assert table.grid()[1] == ["206", "科学技术支出", "10"]


def test_xlsx_empty_sheets_are_skipped_but_counted_as_pages(excel_file: Path) -> None:
    document = xlsx_reader.read(excel_file)
    assert len(document.tables()) == 2
    assert document.page_count == 4


@pytest.mark.parametrize(
    ("value", "number_format", "printed"),
    [
        (1234.5, "0.00", "1234.50"),
        (1234.5, "#,##0.00", "1,234.50"),
        (0.1 + 0.2, "General", "0.3"),
        (5, "General", "5"),
        (5.0, "General", "5"),
        (0.125, "0.00%", "12.50%"),
        (-3.456, '#,##0.0_);[Red]\\(#,##0.0\\)', "-3.5"),
        (1234567.891, '"¥"#,##0.00', "1,234,567.89"),
    ],
)
def test_xlsx_numbers_print_as_their_format_says(
    value: float, number_format: str, printed: str
) -> None:
    assert format_number(value, number_format) == printed


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("Z01 收入支出决算总表(财决01表)", "收入支出决算总表"),
        ("Z01-1 财政拨款收入支出决算总表（财决01-1表）", "财政拨款收入支出决算总表"),
        ("支出决算表", "支出决算表"),
    ],
)
def test_sheet_names_lose_their_caijue_numbering(name: str, title: str) -> None:
    assert sheet_title(name) == title


@pytest.mark.parametrize("number", ["公开01表", "表2", "附表1-3", "公开表三"])
def test_xlsx_table_number_above_the_title_is_not_the_title(tmp_path: Path, number: str) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in ([number], ["2024年收支预算总表"], ["部门：某厅", None, "单位：万元"],
                ["项目", "本年预算", "上年预算"], ["教育支出", 50, 40]):
        sheet.append(row)
    path = tmp_path / "numbered.xlsx"
    workbook.save(str(path))
    table = xlsx_reader.read(path).tables()[0]
    assert (table.title, table.unit) == ("2024年收支预算总表", "单位：万元")
    assert table.grid()[0] == ["项目", "本年预算", "上年预算"]


def test_xlsx_with_a_wrong_stored_dimension_is_read_whole(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["科目编码", "科目名称", "本年支出合计"])
    sheet.append(["206", "科学技术支出", 10.5])
    written = tmp_path / "written.xlsx"
    workbook.save(str(written))
    path = tmp_path / "dimension.xlsx"
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)
            target.writestr(info, data)
    assert xlsx_reader.read(path).tables()[0].grid()[1] == ["206", "科学技术支出", "10.5"]


def _spending_workbook(path: Path, *, hidden: bool) -> Path:
    """A 支出决算表 sheet; with ``hidden``, a hidden column of last year's figures beside
    the amounts, a hidden row of a line not in the report, and a hidden lookup sheet."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "支出决算表"
    rows = [["支出决算表", None, None], [None, None, "单位：万元"],
            ["科目名称", "上年决算数", "本年支出合计"], ["一般公共服务支出", 950, 1000.5],
            ["旧科目", 3, 7], ["卫生健康支出", 40, 50.25], ["合计", 990, 1050.75]]
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=4):
        row[2].number_format = "#,##0.00"
    if hidden:
        sheet.column_dimensions["B"].hidden = True
        sheet.row_dimensions[5].hidden = True
        lookup = workbook.create_sheet("参数")
        lookup.append(["科目编码", "科目名称", "金额"])
        lookup.append(["201", "一般公共服务支出", 99])
        lookup.sheet_state = "hidden"
    else:
        sheet.delete_rows(5)
        sheet.delete_cols(2)
    workbook.save(path)
    return path


def test_hidden_sheets_rows_and_columns_of_an_xlsx_are_not_read(tmp_path: Path) -> None:
    read = xlsx_reader.read(_spending_workbook(tmp_path / "hidden.xlsx", hidden=True))
    shown = xlsx_reader.read(_spending_workbook(tmp_path / "shown.xlsx", hidden=False))

    assert [t.grid() for t in read.tables()] == [t.grid() for t in shown.tables()]
    assert read.tables()[0].grid()[-3:] == [["一般公共服务支出", "1,000.50"],
                                            ["卫生健康支出", "50.25"], ["合计", "1,050.75"]]


def test_an_xlsx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    _zip_with_declared_size(path, "xl/worksheets/sheet1.xml", 3_000_000_000)
    with pytest.raises(ArchiveTooLargeError):
        xlsx_reader.read(path)


def test_a_truncated_xlsx_is_reported_as_truncated(excel_file: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(excel_file.read_bytes()[:1500])
    with pytest.raises(TruncatedFileError):
        xlsx_reader.read(cut)


# ---------------------------------------------------------------- XLS


def test_xls_reads_merged_cells_title_and_unit(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Z01 收入支出决算总表(财决01表)")
    sheet.write_merge(0, 0, 0, 3, "收入支出决算总表")
    sheet.write(1, 3, "单位：万元")
    sheet.write_merge(2, 2, 0, 1, "收入")
    sheet.write_merge(2, 2, 2, 3, "支出")
    for col, text in enumerate(("项目", "决算数", "项目", "决算数")):
        sheet.write(3, col, text)
    sheet.write(4, 0, "本年收入合计")
    sheet.write(4, 1, 1234.5)
    sheet.write(4, 2, "本年支出合计")
    sheet.write(4, 3, 0.1 + 0.2)
    path = tmp_path / "report.xls"
    workbook.save(str(path))
    table = xls_reader.read(path).tables()[0]
    assert (table.title, table.unit) == ("收入支出决算总表", "单位：万元")
    assert _spans(table)["收入"] == (0, 0, 1, 2)
    assert table.grid()[2] == ["本年收入合计", "1234.5", "本年支出合计", "0.3"]


def test_a_hidden_sheet_of_an_xls_is_not_read(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    workbook = xlwt.Workbook(encoding="utf-8")
    for name, hidden in (("支出决算表", False), ("参数", True)):
        sheet = workbook.add_sheet(name)
        sheet.write(0, 0, name if name.endswith("表") else f"{name}表")
        for r, (item, amount) in enumerate((("科目名称", "金额"), ("一般公共服务支出", 12.5)),
                                          start=1):
            sheet.write(r, 0, item)
            sheet.write(r, 1, amount)
        sheet.visibility = int(hidden)
    path = tmp_path / "report.xls"
    workbook.save(str(path))

    assert [t.title for t in xls_reader.read(path).tables()] == ["支出决算表"]


def test_a_damaged_xls_is_reported_as_truncated(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(TruncatedFileError):
        xls_reader.read(path)


# ---------------------------------------------------------------- DOC


def test_a_doc_without_libreoffice_asks_for_docx_or_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOFFICE", str(tmp_path / "no-such-soffice"))
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    with pytest.raises(ConverterMissingError) as caught:
        doc_reader.read(path)
    assert caught.value.code == "converter_missing"
    assert "LibreOffice" in str(caught.value)


def test_an_encrypted_office_file_is_reported_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "locked.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(EncryptedFileError):
        doc_reader.read(path)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_doc_is_converted_by_libreoffice_and_read_as_docx(tmp_path: Path) -> None:
    report = generate_report(3, 0, 2024)
    source = write_report(report, tmp_path, "docx", "default")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--convert-to", "doc:MS Word 97", "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )
    document = doc_reader.read(source.with_suffix(".doc"))
    assert report.department in document.plain_text()
    statements = [t.title for t in report.tables]
    assert [t.title for t in document.tables()][: len(statements)] == statements


def test_a_short_paragraph_all_in_bold_reads_as_a_heading(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("部门职责与机构设置").bold = True
    document.add_paragraph("本部门负责全区科技工作。")
    sentence = document.add_paragraph()
    sentence.add_run("本年度支出全部用于保障机构正常运转。").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("重点工作").bold = True
    mixed.add_run("按计划推进")
    path = tmp_path / "bold.docx"
    document.save(str(path))
    blocks = docx_reader.read(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "部门职责与机构设置"),
        ("paragraph", "本部门负责全区科技工作。"),
        ("paragraph", "本年度支出全部用于保障机构正常运转。"),
        ("paragraph", "重点工作按计划推进"),
    ]
