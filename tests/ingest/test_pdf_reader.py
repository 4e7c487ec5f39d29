"""The PDF reader: lines, headings, paragraphs and tables from generated and real PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.document import Document, Table
from ingest.errors import EmptyFileError, EncryptedFileError, ScannedPageError, TruncatedFileError
from ingest.readers.pdf import read

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
REAL_REPORT = SHARED / "corpus" / "final2024_putuo_caizhengju_dept.pdf"
FONT = "STSong-Light"
WIDTH, HEIGHT = A4

pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# (row, col, text, rowspan, colspan)
CellSpec = tuple[int, int, str, int, int]


def new_canvas(path: Path, **kwargs: object) -> canvas.Canvas:
    pdf = canvas.Canvas(str(path), pagesize=A4, **kwargs)
    pdf.setFont(FONT, 10)
    return pdf


def draw_ruled_table(
    pdf: canvas.Canvas, top: float, widths: list[float], specs: list[CellSpec], row_h: float = 20
) -> None:
    """Each cell drawn as its own box (``re``), merged cells as one box."""
    covered = {(r + i, c + j) for r, c, _, rs, cs in specs for i in range(rs) for j in range(cs)}
    n_rows = max(r + rs for r, _, _, rs, _ in specs)
    blanks = [
        (r, c, "", 1, 1) for r in range(n_rows) for c in range(len(widths)) if (r, c) not in covered
    ]
    left = 60.0
    for row, col, text, rowspan, colspan in specs + blanks:
        x0 = left + sum(widths[:col])
        y0 = top - (row + rowspan) * row_h
        pdf.rect(x0, y0, sum(widths[col : col + colspan]), rowspan * row_h)
        if text:
            pdf.drawString(x0 + 3, y0 + rowspan * row_h / 2 - 3, text)


def draw_centered(pdf: canvas.Canvas, y: float, text: str, size: int = 14) -> None:
    pdf.setFont(FONT, size)
    pdf.drawCentredString(WIDTH / 2, y, text)
    pdf.setFont(FONT, 10)


def only_table(document: Document) -> Table:
    tables = document.tables()
    assert len(tables) == 1, [t.title for t in tables]
    return tables[0]


HEADER: list[CellSpec] = [
    (0, 0, "收入", 1, 2),
    (0, 2, "支出", 1, 2),
    (1, 0, "项目", 1, 1),
    (1, 1, "决算数", 1, 1),
    (1, 2, "项目", 1, 1),
    (1, 3, "决算数", 1, 1),
]
WIDTHS = [150.0, 80.0, 150.0, 80.0]


def test_it_reads_a_ruled_table_with_its_title_unit_and_merged_header(tmp_path: Path) -> None:
    path = tmp_path / "ruled.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "收入支出决算总表")
    pdf.drawRightString(520, 760, "单位：万元")
    body: list[CellSpec] = [
        (2, 0, "一、财政拨款收入", 1, 1),
        (2, 1, "1,200.50", 1, 1),
        (2, 2, "一、一般公共服务支出", 1, 1),
        (2, 3, "1,000.00", 1, 1),
    ]
    draw_ruled_table(pdf, 750, WIDTHS, HEADER + body)
    pdf.save()

    table = only_table(read(path))

    assert table.title == "收入支出决算总表"
    assert table.unit == "单位：万元"
    assert table.pages == [1]
    band = next(c for c in table.cells if c.text == "收入")
    assert (band.row, band.col, band.colspan) == (0, 0, 2)
    assert table.grid()[2] == ["一、财政拨款收入", "1,200.50", "一、一般公共服务支出", "1,000.00"]


def test_it_turns_a_landscape_page_stored_with_a_rotate_entry(tmp_path: Path) -> None:
    path = tmp_path / "rotated.pdf"
    pdf = new_canvas(path)
    pdf.setPageRotation(90)
    # Draw in landscape coordinates: the page is displayed turned clockwise.
    pdf.translate(WIDTH, 0)
    pdf.rotate(90)
    pdf.setFont(FONT, 10)
    pdf.drawString(300, 560, "收入支出决算总表")
    body: list[CellSpec] = [(2, 0, "一、财政拨款收入", 1, 1), (2, 1, "10.00", 1, 1)]
    draw_ruled_table(pdf, 540, WIDTHS, HEADER + body)
    pdf.save()

    table = only_table(read(path))

    assert table.title == "收入支出决算总表"
    assert table.grid()[2][:2] == ["一、财政拨款收入", "10.00"]


def test_it_merges_a_table_continued_on_the_next_page_without_its_repeated_header(
    tmp_path: Path,
) -> None:
    path = tmp_path / "continued.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "收入支出决算总表")
    first = [(2, 0, "一、财政拨款收入", 1, 1), (2, 1, "10.00", 1, 1)]
    draw_ruled_table(pdf, 750, WIDTHS, HEADER + first)
    pdf.showPage()
    pdf.setFont(FONT, 10)
    second = [(2, 0, "总计", 1, 1), (2, 1, "10.00", 1, 1)]
    draw_ruled_table(pdf, 780, WIDTHS, HEADER + second)
    pdf.save()

    table = only_table(read(path))

    assert table.pages == [1, 2]
    names = [row[0] for row in table.grid()]
    assert names == ["收入", "项目", "一、财政拨款收入", "总计"]


def test_it_joins_a_name_broken_across_lines_inside_one_cell(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "支出决算表")
    draw_ruled_table(
        pdf,
        750,
        [60.0, 120.0, 80.0],
        [
            (0, 0, "科目编码", 1, 1),
            (0, 1, "科目名称", 1, 1),
            (0, 2, "决算数", 1, 1),
            (1, 0, "2080505", 1, 1),
            (1, 2, "160.75", 1, 1),
        ],
        row_h=30,
    )
    pdf.drawString(123, 708, "机关事业单位基本")
    pdf.drawString(123, 696, "养老保险缴费支出")
    pdf.save()

    table = only_table(read(path))

    assert table.grid()[1] == ["2080505", "机关事业单位基本养老保险缴费支出", "160.75"]


def test_it_keeps_body_columns_apart_when_rules_divide_only_the_header(tmp_path: Path) -> None:
    path = tmp_path / "header-ruled.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "支出决算表")
    lefts = [60, 140, 320, 420]
    for x0, x1, text in zip(lefts, lefts[1:], ["科目编码", "科目名称", "合计"], strict=False):
        pdf.rect(x0, 730, x1 - x0, 20)
        pdf.drawString(x0 + 3, 737, text)
    for i, row in enumerate(
        [("201", "一般公共服务支出", "2,106.66"), ("221", "住房保障支出", "1.00")]
    ):
        bottom = 710 - 20 * i
        pdf.line(60, bottom, 420, bottom)
        pdf.line(60, bottom, 60, bottom + 20)
        pdf.line(420, bottom, 420, bottom + 20)
        for x, text in zip(lefts, row, strict=False):
            pdf.drawString(x + 3, bottom + 7, text)
    pdf.save()

    table = only_table(read(path))

    assert table.grid()[1:] == [
        ["201", "一般公共服务支出", "2,106.66"],
        ["221", "住房保障支出", "1.00"],
    ]


def test_it_reads_columns_from_text_alignment_when_no_rules_are_drawn(tmp_path: Path) -> None:
    path = tmp_path / "unruled.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "一般公共预算财政拨款支出决算表")
    pdf.drawString(60, 740, "科目编码")
    pdf.drawString(140, 740, "科目名称")
    pdf.drawRightString(380, 740, "合计")
    pdf.drawRightString(480, 740, "基本支出")
    rows = [
        ("201", "一般公共服务支出", "2,106.66", "1,503.52"),
        ("20106", "财政事务", "2,106.66", "1,503.52"),
        ("2010601", "行政运行", "1,511.89", "1,503.52"),
    ]
    for i, (code, name, total, basic) in enumerate(rows):
        y = 720 - 18 * i
        pdf.drawString(60, y, code)
        pdf.drawString(140, y, name)
        pdf.drawRightString(380, y, total)
        pdf.drawRightString(480, y, basic)
    pdf.save()

    table = only_table(read(path))

    assert table.title == "一般公共预算财政拨款支出决算表"
    grid = table.grid()
    assert grid[0] == ["科目编码", "科目名称", "合计", "基本支出"]
    assert grid[-1] == ["2010601", "行政运行", "1,511.89", "1,503.52"]


def test_it_merges_an_unruled_table_whose_continuation_lacks_an_empty_column(
    tmp_path: Path,
) -> None:
    path = tmp_path / "unruled-continued.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "收入决算表")
    heads = [(60, "科目编码"), (140, "科目名称")]
    right_aligned = [(330, "本年收入合计"), (420, "事业收入"), (510, "其他收入")]
    for x, text in heads:
        pdf.drawString(x, 740, text)
    for x, text in right_aligned:
        pdf.drawRightString(x, 740, text)
    first = [
        ("201", "一般公共服务支出", "6.20", "1.00", "5.20"),
        ("20106", "财政事务", "6.20", "", "6.20"),
        ("2010601", "行政运行", "0.01", "", "0.01"),
    ]
    for i, (code, name, *amounts) in enumerate(first):
        y = 720 - 18 * i
        pdf.drawString(60, y, code)
        pdf.drawString(140, y, name)
        for (x, _), amount in zip(right_aligned, amounts, strict=True):
            pdf.drawRightString(x, y, amount)
    pdf.showPage()
    pdf.setFont(FONT, 10)
    second = [
        ("2010602", "一般行政管理事务", "6.19", "6.19"),
        ("2010607", "信息化建设", "1.00", ""),
        ("208", "社会保障和就业支出", "3.00", ""),
    ]
    for i, (code, name, total, other) in enumerate(second):
        y = 780 - 18 * i
        pdf.drawString(60, y, code)
        pdf.drawString(140, y, name)
        pdf.drawRightString(330, y, total)
        pdf.drawRightString(510, y, other)
    pdf.save()

    table = only_table(read(path))

    assert table.pages == [1, 2]
    grid = table.grid()
    assert grid[0] == ["科目编码", "科目名称", "本年收入合计", "事业收入", "其他收入"]
    assert grid[4] == ["2010602", "一般行政管理事务", "6.19", "", "6.19"]
    assert len(grid) == 7


def test_it_spans_a_label_centred_on_several_unruled_rows_over_them(tmp_path: Path) -> None:
    path = tmp_path / "indicators.pdf"
    pdf = new_canvas(path)
    draw_centered(pdf, 780, "部门整体支出绩效自评表")
    xs = [60, 140, 230, 360, 430]
    for x, text in zip(xs, ["一级指标", "二级指标", "三级指标", "指标值", "得分"], strict=True):
        pdf.drawString(x, 740, text)
    rows = [
        ("", "数量指标", "完成任务数", "36项", "13"),
        ("", "质量指标", "合规率", "100%", "12"),
        ("满意度指标", "满意度", "服务对象满意度", "≥90%", "12"),
    ]
    for i, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            pdf.drawString(x, 720 - 18 * i, text)
    pdf.drawString(60, 711, "产出指标")  # centred on the two rows it heads
    pdf.save()

    table = only_table(read(path))

    label = next(c for c in table.cells if c.text == "产出指标")
    assert (label.row, label.col, label.rowspan) == (1, 0, 2)
    assert table.grid()[2][1:] == ["质量指标", "合规率", "100%", "12"]


def test_it_rebuilds_headings_and_paragraphs_across_lines_and_pages(tmp_path: Path) -> None:
    path = tmp_path / "text.pdf"
    pdf = new_canvas(path)
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 760, "一、收入支出决算总体情况说明")
    line = "本年收入合计一百万元，其中财政拨款收入九十万元，占比较高，主要原因是"
    pdf.drawString(96, 736, line)
    pdf.drawString(72, 718, line)
    pdf.drawString(72, 700, line)
    pdf.drawCentredString(WIDTH / 2, 30, "- 1 -")
    pdf.showPage()
    pdf.setFont(FONT, 12)
    pdf.drawString(72, 780, "人员增加。")
    pdf.drawCentredString(WIDTH / 2, 30, "- 2 -")
    pdf.save()

    document = read(path)

    kinds = [(b.kind, b.page) for b in document.blocks]
    assert kinds == [("heading", 1), ("paragraph", 1)]
    assert document.blocks[0].text == "一、收入支出决算总体情况说明"
    assert document.blocks[1].text == line * 3 + "人员增加。"
    assert document.page_count == 2


def test_it_refuses_an_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    pdf = new_canvas(path, encrypt="secret")
    pdf.drawString(72, 760, "收入支出决算总表")
    pdf.save()

    with pytest.raises(EncryptedFileError):
        read(path)


def test_it_reports_a_truncated_pdf(tmp_path: Path) -> None:
    path = tmp_path / "whole.pdf"
    pdf = new_canvas(path)
    pdf.drawString(72, 760, "收入支出决算总表")
    pdf.save()
    cut = tmp_path / "cut.pdf"
    data = path.read_bytes()
    cut.write_bytes(data[: len(data) * 2 // 3])

    with pytest.raises(TruncatedFileError):
        read(cut)


def test_it_reports_the_scanned_page_number_when_ocr_is_off(tmp_path: Path, settings) -> None:
    settings.OCR_ENABLED = False
    image = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(image)
    path = tmp_path / "scanned.pdf"
    pdf = new_canvas(path)
    pdf.drawString(72, 760, "第一页有文字")
    pdf.showPage()
    pdf.drawImage(str(image), 0, 0, width=WIDTH, height=HEIGHT)
    pdf.save()

    with pytest.raises(ScannedPageError) as caught:
        read(path)

    assert caught.value.page == 2
    assert "2" in str(caught.value)


def test_it_skips_one_scanned_page_of_a_text_report_with_a_warning(tmp_path: Path) -> None:
    image = tmp_path / "seal.png"
    Image.new("RGB", (200, 280), "white").save(image)
    path = tmp_path / "sealed.pdf"
    pdf = new_canvas(path)
    pdf.drawImage(str(image), 0, 0, width=WIDTH, height=HEIGHT)  # a scanned, sealed cover
    for text in ("第一部分 概况", "第二部分 决算表", "第三部分 情况说明"):
        pdf.showPage()
        pdf.setFont(FONT, 12)
        pdf.drawString(72, 760, text)
    pdf.save()

    document = read(path)

    assert [b.text for b in document.blocks] == [
        "第一部分概况",
        "第二部分决算表",
        "第三部分情况说明",
    ]
    assert len(document.warnings) == 1
    assert "1" in document.warnings[0]


def test_it_calls_a_pdf_of_blank_pages_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    pdf = new_canvas(path)
    pdf.showPage()
    pdf.save()

    with pytest.raises(EmptyFileError):
        read(path)


@pytest.mark.skipif(not REAL_REPORT.exists(), reason=f"shared corpus not beside the repo: {SHARED}")
def test_it_finds_every_table_of_the_real_final_account_with_its_pages() -> None:
    document = read(REAL_REPORT)

    found = [(t.title, t.pages) for t in document.tables() if t.title]
    assert found == [
        ("收入支出决算总表", [6, 7]),
        ("收入决算表", [8, 9]),
        ("支出决算表", [10, 11]),
        ("财政拨款收入支出决算总表", [12, 13]),
        ("一般公共预算财政拨款支出决算表", [15]),
        ("一般公共预算财政拨款基本支出决算表", [16, 17]),
        ("财政拨款“三公”经费支出决算表", [18]),
        ("政府性基金预算财政拨款收入支出决算表", [19]),
        ("国有资本经营预算财政拨款收入支出决算表", [20]),
    ]
    assert all(t.unit == "单位：万元" for t in document.tables() if t.title)
    headings = [b.text for b in document.blocks if b.kind == "heading"]
    assert "十一、其他重要事项的情况说明" in headings
