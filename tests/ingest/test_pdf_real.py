"""The PDF reader on layouts seen in real reports: scaled fonts, codes split by level.

Generated PDFs cover each layout on its own; the real Putuo reports (read from
the shared corpus when it is checked out) pin the cases first found there.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from core.contract import ParsedTable
from ingest.extract.tables import parse_table
from ingest.pipeline import parse_file
from ingest.readers.pdf import read
from ingest.readers.pdf_layout import Frame, page_chars

FONT = "STSong-Light"
WIDTH, HEIGHT = A4
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def scaled_text(pdf: canvas.Canvas, x: float, y: float, text: str) -> None:
    """Text the way office exports write it: Tf 240 in a space scaled by 0.05 (12 pt)."""
    pdf.saveState()
    pdf.translate(x, y)
    pdf.scale(0.05, 0.05)
    pdf.setFont(FONT, 240)
    pdf.drawString(0, 0, text)
    pdf.restoreState()


def test_font_size_includes_the_text_scale(tmp_path: Path) -> None:
    path = tmp_path / "scaled.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    scaled_text(pdf, 72, 700, "“三公”经费")
    pdf.save()
    doc = pdfium.PdfDocument(str(path))
    page = doc[0]
    chars, _ = page_chars(page, Frame(*page.get_size()))
    # Every glyph, the narrow quote marks too, has the printed 12 pt size.
    assert [round(c.size) for c in chars] == [12] * len("“三公”经费")


def test_scaled_header_band_with_quotes_is_one_cell(tmp_path: Path) -> None:
    """A ruled band “三公”经费预算数 over the columns is not split at its quote mark."""
    path = tmp_path / "band.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    left, top, widths, row_h = 60.0, 700.0, [90.0, 90.0, 90.0], 24.0
    pdf.rect(left, top - row_h, sum(widths), row_h)
    scaled_text(pdf, left + 100, top - 16, "“三公”经费预算数")
    x = left
    for r, texts in enumerate((["合计", "公务接待费", "运行费"], ["1.50", "0.50", "1.00"])):
        x = left
        for width, text in zip(widths, texts, strict=True):
            y0 = top - (r + 2) * row_h
            pdf.rect(x, y0, width, row_h)
            scaled_text(pdf, x + 4, y0 + 8, text)
            x += width
    pdf.save()
    grid = read(path).tables()[0].grid()
    assert [t for t in grid[0] if t] == ["“三公”经费预算数"]


def test_paragraph_lists_and_contents_lines(tmp_path: Path) -> None:
    """Flush-left numbered items and dotted contents lines are paragraphs of their own."""
    path = tmp_path / "lists.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 12)
    y = 760.0
    full = "甲" * 38  # a line that runs to the right margin
    for text in (
        "一、部门主要职能" + "…" * 30,
        "二、部门机构设置" + "…" * 30,
        "3.“一般公共服务支出（类）”" + full[:24] + "。",
        "4.“公共安全支出（类）”" + full[:26] + "。",
    ):
        pdf.drawString(72, y, text)
        y -= 16
    for _ in range(6):  # body text to set the margins
        pdf.drawString(72, y, full)
        y -= 16
    pdf.save()
    texts = [b.text for b in read(path).blocks]
    assert texts[0].startswith("一、")
    assert texts[0].endswith("…")
    assert any(t.startswith("二、部门机构设置") for t in texts)
    assert any(t.startswith("4.“公共安全") for t in texts)


def draw_unruled(
    pdf: canvas.Canvas,
    top: float,
    widths: list[float],
    rows: list[list[str]],
    spans: dict[tuple[int, int], tuple[int, int]] | None = None,
    header_rows: int = 2,
    left: frozenset[tuple[int, int]] = frozenset(),
) -> None:
    """An Excel sheet printed without borders: amounts right-aligned, codes centred, and
    each cell's text centred vertically (over its merged area, ``spans`` gives (rowspan,
    colspan)), so a wrapped name straddles its amounts. Header cells in ``left`` are
    printed at their left edge instead of centred."""
    pdf.setFont(FONT, 9)
    row_h = 22.0
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            rowspan, colspan = (spans or {}).get((r, c), (1, 1))
            x0, parts = 50 + sum(widths[:c]), text.split("\n") if text else []
            width, height = sum(widths[c : c + colspan]), rowspan * row_h
            for k, part in enumerate(parts):
                y = top - r * row_h - height / 2 + (len(parts) / 2 - k - 0.75) * 11 + 2
                if part.replace(",", "").replace(".", "").isdigit() and "." in part:
                    pdf.drawRightString(x0 + width - 3, y, part)
                elif (r, c) in left:
                    pdf.drawString(x0 + 3, y, part)
                elif part.isdigit() or r < header_rows:
                    pdf.drawCentredString(x0 + width / 2, y, part)
                else:
                    pdf.drawString(x0 + 3, y, part)


def test_unruled_table_with_column_numbers_blank_row_and_wrapped_name(tmp_path: Path) -> None:
    """栏次 1 2 3 opens no columns, a blank row does not end the table, and a name wrapped
    above and below its row's amounts is one name."""
    path = tmp_path / "unruled.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "支出决算表")
    pdf.setFont(FONT, 9)
    pdf.drawRightString(WIDTH - 50, HEIGHT - 80, "单位：元")
    rows = [
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
        ["", "合计", "29,400,500.00", "23,369,100.00", "6,031,400.00"],
        ["201", "一般公共服务支出", "21,128,600.00", "16,000,000.00", "5,128,600.00"],
        ["2010601", "行政运行", "16,000,000.00", "16,000,000.00", ""],
        ["", "", "", "", ""],
        ["208", "社会保障和就业支出", "8,271,900.00", "7,369,100.00", "902,800.00"],
        ["2080505", "机关事业单位基本养老\n保险缴费支出", "8,271,900.00", "7,369,100.00", "0"],
    ]
    draw_unruled(pdf, HEIGHT - 90, [60, 150, 95, 95, 95], rows)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert [(r.code, r.name) for r in parsed.rows] == [
        (None, "合计"),
        ("201", "一般公共服务支出"),
        ("2010601", "行政运行"),
        ("208", "社会保障和就业支出"),
        ("2080505", "机关事业单位基本养老保险缴费支出"),
    ]
    assert parsed.rows[0].values == {
        "本年支出合计": "2940.05",
        "基本支出": "2336.91",
        "项目支出": "603.14",
    }
    assert parsed.rows[-1].values["基本支出"] == "736.91"


@pytest.fixture
def corpus(shared: Path) -> Path:
    return shared / "corpus"


def _table(path: Path, title_part: str) -> ParsedTable:
    report = parse_file(path)
    return next(t for t in report.tables if title_part in t.title)


def test_real_three_public_budget_band(corpus: Path) -> None:
    table = _table(corpus / "budget2026_putuo_sifaju_unit.pdf", "三公")
    assert table.rows[0].values == {
        "“三公”经费预算数/合计": "10.71",
        "“三公”经费预算数/因公出国（境）费": "0.00",
        "“三公”经费预算数/公务接待费": "0.73",
        "“三公”经费预算数/公务用车购置及运行费/小计": "9.98",
        "“三公”经费预算数/公务用车购置及运行费/购置费": "0.00",
        "“三公”经费预算数/公务用车购置及运行费/运行费": "9.98",
        "机关运行经费预算数": "184.59",
    }


def test_real_economic_codes_printed_without_leading_zero(corpus: Path) -> None:
    """万里 2024 prints 款 02 and 07 as ``2`` and ``7``: they are still 30102 and 30107."""
    table = _table(corpus / "budget2024_putuo_wanli_jiedao_dept.pdf", "经济分类")
    codes = {r.code: r.name for r in table.rows}
    assert codes["30102"] == "津贴补贴"
    assert codes["30107"] == "绩效工资"


def test_unruled_header_cells_wrapped_over_lines(tmp_path: Path) -> None:
    """本年 / 支出 / 合计 and 项目 / 支出, each a cell wrapped and centred vertically."""
    path = tmp_path / "wrapped.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "支出决算表")
    rows = [
        ["科目编码", "科目名称", "本年\n支出\n合计", "基本\n支出", "项目\n支出"],
        ["", "合计", "2,940.05", "2,336.91", "603.14"],
        ["201", "一般公共服务支出", "2,112.86", "1,600.00", "512.86"],
        ["2010601", "行政运行", "1,600.00", "1,600.00", ""],
        ["208", "社会保障和就业支出", "827.19", "736.91", "90.28"],
    ]
    draw_unruled(pdf, HEIGHT - 90, [60, 150, 95, 95, 95], rows)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert parsed.rows[0].values == {
        "本年支出合计": "2940.05",
        "基本支出": "2336.91",
        "项目支出": "603.14",
    }


def test_unruled_three_row_header_with_bands_and_wrapped_headings(tmp_path: Path) -> None:
    """项目 over the code and name columns, 科目编码 over 类 | 款 | 项, headings wrapped
    over three lines beside them: eight header lines, every heading kept whole."""
    path = tmp_path / "deep.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "支出决算表")
    rows = [
        ["项目", "", "", "", "本年\n支出\n合计", "基本\n支出", "项目\n支出"],
        ["科目编码", "", "", "科目名称", "", "", ""],
        ["类", "款", "项", "", "", "", ""],
        ["栏次", "", "", "", "1", "2", "3"],
        ["合计", "", "", "", "2,940.05", "2,336.91", "603.14"],
        ["201", "", "", "一般公共服务支出", "2,112.86", "1,600.00", "512.86"],
        ["201", "06", "01", "行政运行", "1,600.00", "1,600.00", ""],
        ["208", "", "", "社会保障和就业支出", "827.19", "736.91", "90.28"],
    ]
    spans = {(0, 0): (1, 4), (1, 0): (1, 3), (1, 3): (2, 1), (3, 0): (1, 4), (4, 0): (1, 4)}
    spans |= {(0, c): (3, 1) for c in (4, 5, 6)}
    draw_unruled(pdf, HEIGHT - 90, [35, 35, 35, 150, 85, 85, 85], rows, spans, header_rows=4)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert [r.code for r in parsed.rows] == [None, "201", "2010601", "208"]
    assert parsed.rows[0].values == {
        "本年支出合计": "2940.05",
        "基本支出": "2336.91",
        "项目支出": "603.14",
    }


def test_unruled_two_sided_summary_with_row_numbers(tmp_path: Path) -> None:
    """收入 | 支出 with 行次 columns, and each side's amount right-aligned a few points
    from the next side's left-aligned names: the names do not swallow the amounts."""
    path = tmp_path / "summary.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "收入支出决算总表")
    rows = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["一、一般公共预算财政拨款收入", "1", "2,940.05", "一、一般公共服务支出", "32", "2,112.86"],
        ["二、其他收入", "2", "6.20", "二、社会保障和就业支出", "33", "827.19"],
        ["本年收入合计", "3", "2,946.25", "本年支出合计", "34", "2,940.05"],
        ["总计", "4", "2,946.25", "总计", "35", "2,946.25"],
    ]
    spans = {(0, 0): (1, 3), (0, 3): (1, 3)}
    draw_unruled(pdf, HEIGHT - 90, [150, 30, 70, 150, 30, 70], rows, spans)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert [(r.name, r.values) for r in parsed.rows[:2]] == [
        ("一、一般公共预算财政拨款收入", {"收入/决算数": "2940.05"}),
        ("二、其他收入", {"收入/决算数": "6.20"}),
    ]
    assert parsed.rows[4].name == "一、一般公共服务支出"
    assert parsed.rows[4].values == {"支出/决算数": "2112.86"}


def test_unruled_short_band_in_a_header_row_of_its_own(tmp_path: Path) -> None:
    """一般公共预算支出 centred over three columns overlaps only 基本支出 below it; a
    full row above a line of headings it is a band, not the top of one heading."""
    path = tmp_path / "band.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "一般公共预算支出功能分类预算表")
    rows = [
        ["科目编码", "科目名称", "一般公共预算支出", "", ""],
        ["", "", "合计", "基本支出", "项目支出"],
        ["2010601", "行政运行", "1.50", "1.00", "0.50"],
        ["2010602", "一般行政管理事务", "2.50", "2.00", "0.50"],
        ["2010699", "其他财政事务支出", "3.50", "3.00", "0.50"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3)}
    draw_unruled(pdf, HEIGHT - 90, [60, 150, 95, 95, 95], rows, spans)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert parsed.rows[0].values == {
        "一般公共预算支出/合计": "1.50",
        "一般公共预算支出/基本支出": "1.00",
        "一般公共预算支出/项目支出": "0.50",
    }


def test_unruled_table_continued_with_a_total_left_of_the_codes(tmp_path: Path) -> None:
    """Page 2 carries on without a header and ends in 合计 printed left of the centred
    codes: that is a column of its own there, and still the same table."""
    path = tmp_path / "continued.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "一般公共预算支出功能分类预算表")
    head = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    body = [[f"20106{k:02d}", f"事务{k}", f"{k}.50", f"{k}.00", "0.50"] for k in range(1, 13)]
    widths: list[float] = [90, 150, 95, 95, 95]
    draw_unruled(pdf, HEIGHT - 90, widths, head + body[:6], header_rows=1)
    pdf.showPage()
    draw_unruled(
        pdf, HEIGHT - 60, widths, [*body[6:], ["合计", "", "81.00", "78.00", "6.00"]], header_rows=0
    )
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert [r.code for r in parsed.rows] == [f"20106{k:02d}" for k in range(1, 13)] + [None]
    assert parsed.rows[-1].name == "合计"
    assert parsed.rows[-1].values["合计"] == "81.00"


def _two_sided_summary_over_two_pages(path: Path, *, next_page: list[list[str]], after: str,
                                      spent: range = range(19, 31)) -> None:
    """A two-sided summary printed without rules that fills page 1; page 2 goes on with
    ``next_page`` (no header again) and then ``after`` as a heading and a paragraph.
    The 支出 rows numbered in ``spent`` (12 of them) carry amounts; the others are blank."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "财政拨款收入支出决算总表")
    head = [["项目", "决算数", "项目", "合计"]]
    income = [["一、一般公共预算财政拨款", "60.00"], ["本年收入合计", "60.00"]]
    body = [[*(income[k] if k < len(income) else ["", ""]), f"{k + 1}、事务{k + 1}支出",
             "5.00" if k in spent else ""] for k in range(31)]
    widths: list[float] = [150, 80, 160, 80]
    draw_unruled(pdf, HEIGHT - 90, widths, head + body, header_rows=1)
    pdf.showPage()
    draw_unruled(pdf, HEIGHT - 60, widths, next_page, header_rows=0)
    pdf.setFont(FONT, 12)
    top = HEIGHT - 60 - 22 * len(next_page) - 40
    pdf.drawString(50, top, after)
    pdf.drawString(50, top - 24, "本部门2024年度财政拨款收入支出均为一般公共预算财政拨款，"
                                 "主要用于保障机关正常运转和履行职能。")
    pdf.save()


@pytest.mark.parametrize("spent", [range(19, 31), range(12)], ids=["last-row-full",
                                                                    "last-rows-blank"])
def test_unruled_rows_continued_as_bare_names_and_a_total_stay_in_their_table(
    spent: range, tmp_path: Path,
) -> None:
    """Page 2 prints the rest of the 支出 names alone and the 总计 row, too few amount lines
    to make a table of their own: they are the summary's last rows, not headings; and so
    are blank rows printed under the last amounts at the foot of page 1."""
    path = tmp_path / "bare.pdf"
    rest = [["", "", f"{k}、事务{k}支出", ""] for k in range(32, 35)]
    totals = [["", "", "本年支出合计", "60.00"], ["总计", "60.00", "总计", "60.00"]]
    _two_sided_summary_over_two_pages(path, next_page=rest + totals, after="二、收入决算情况说明",
                                      spent=spent)
    document = read(path)
    (table,) = document.tables()
    assert table.pages == [1, 2]
    parsed = parse_table(table)
    assert parsed is not None
    names = [r.name for r in parsed.rows]
    assert [f"{k}、事务{k}支出" for k in range(1, 35)] == [n for n in names if "事务" in n]
    assert names[-2:] == ["本年支出合计", "总计"]
    assert parsed.rows[-1].values["合计"] == "60.00"
    texts = [b.text for b in document.blocks if b.kind != "table"]
    assert "二、收入决算情况说明" in texts
    assert not any("事务3" in text for text in texts)


def test_a_heading_after_a_table_at_the_foot_of_a_page_is_no_row(tmp_path: Path) -> None:
    path = tmp_path / "heading.pdf"
    _two_sided_summary_over_two_pages(path, next_page=[], after="二、收入决算情况说明")
    document = read(path)
    (table,) = document.tables()
    assert table.pages == [1]
    assert "二、收入决算情况说明" in [b.text for b in document.blocks if b.kind != "table"]


def test_real_total_printed_alone_on_the_next_page_closes_its_table(corpus: Path) -> None:
    """万里 2024's 收入预算总表 runs over pages 11–14; its 合计 row stands alone on page 15."""
    table = _table(corpus / "budget2024_putuo_wanli_jiedao_dept.pdf", "收入预算总表")
    assert table.rows[-1].name == "合计"
    assert table.rows[-1].values["收入预算/合计"] == "15621.1123"
    assert table.verified


def test_unruled_category_row_with_its_amounts_on_a_line_of_their_own(tmp_path: Path) -> None:
    """A 类 row drawn taller than the rest prints its amounts centred lower, on a line
    of their own under its name: one row with its amounts, no unnamed row."""
    path = tmp_path / "tall_row.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, "支出决算表")
    pdf.setFont(FONT, 9)
    columns = [50, 120, 330, 400, 470]  # left edges; amounts end 60 pt further right

    def row(y: float, *cells: str) -> None:
        for x, text in zip(columns, cells, strict=False):
            if text and text[0].isdigit() and "." in text:
                pdf.drawRightString(x + 60, y, text)
            elif text:
                pdf.drawString(x, y, text)

    y = HEIGHT - 100
    row(y, "科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出")
    row(y - 16, "", "合计", "346.71", "258.59", "88.12")
    row(y - 32, "206", "科学技术支出")
    row(y - 42, "", "", "346.71", "258.59", "88.12")
    row(y - 55.5, "20601", "科学技术管理事务", "346.71", "258.59", "88.12")
    row(y - 69, "2060101", "行政运行", "258.59", "258.59", "")
    row(y - 82.5, "2060199", "其他科学技术管理事务支出", "88.12", "", "88.12")
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    assert [(r.code, r.name) for r in parsed.rows] == [
        (None, "合计"), ("206", "科学技术支出"), ("20601", "科学技术管理事务"),
        ("2060101", "行政运行"), ("2060199", "其他科学技术管理事务支出")]
    assert parsed.rows[1].values == {"本年支出合计": "346.71", "基本支出": "258.59",
                                     "项目支出": "88.12"}


def _unruled_table(tmp_path: Path, title: str, rows: list[list[str]], widths: list[float],
                   spans: dict[tuple[int, int], tuple[int, int]], header_rows: int,
                   left: frozenset[tuple[int, int]] = frozenset()) -> ParsedTable:
    path = tmp_path / "table.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 14)
    pdf.drawCentredString(WIDTH / 2, HEIGHT - 60, title)
    pdf.setFont(FONT, 9)
    pdf.drawRightString(WIDTH - 60, HEIGHT - 80, "单位：万元")
    draw_unruled(pdf, HEIGHT - 90, widths, rows, spans, header_rows=header_rows, left=left)
    pdf.save()
    (table,) = read(path).tables()
    parsed = parse_table(table)
    assert parsed is not None
    return parsed


def test_unruled_band_printed_at_the_left_of_its_columns(tmp_path: Path) -> None:
    """本年支出 printed at the left edge of its three columns, over 合计 alone: it still
    heads all three, and 年初结转和结余 beside it heads only its own column."""
    rows = [
        ["科目编码", "科目名称", "年初结转\n和结余", "本年支出", "", ""],
        ["", "", "", "合计", "基本支出", "项目支出"],
        ["2010601", "行政运行", "0.30", "4.50", "3.00", "1.50"],
        ["2010602", "一般行政管理事务", "0.20", "2.50", "2.00", "0.50"],
        ["2010699", "其他财政事务支出", "0.10", "3.50", "3.00", "0.50"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (2, 1), (0, 3): (1, 3)}
    parsed = _unruled_table(tmp_path, "支出决算表", rows, [60, 150, 80, 80, 80, 80], spans, 2,
                            left=frozenset({(0, 3)}))
    assert parsed.rows[0].values == {
        "年初结转和结余": "0.30",
        "本年支出/合计": "4.50",
        "本年支出/基本支出": "3.00",
        "本年支出/项目支出": "1.50",
    }


def test_unruled_amounts_wider_than_their_narrow_headings(tmp_path: Path) -> None:
    """Narrow columns of amounts, each wider than its heading, under bands narrower than
    the gap between their outer headings (本年 / 收入 wrapped, too)."""
    rows = [
        ["科目编码", "科目名称", "本年\n收入", "", "本年支出", "", ""],
        ["", "", "合计", "其他", "合计", "基本支出", "项目支出"],
        ["2010601", "行政运行", "123,456.78", "4,567.89", "123,456.78", "100,000.00",
         "23,456.78"],
        ["2010602", "一般行政管理事务", "250,000.00", "0.00", "250,000.00", "200,000.00",
         "50,000.00"],
        ["2010699", "其他财政事务支出", "350,000.00", "0.00", "350,000.00", "300,000.00",
         "50,000.00"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (0, 4): (1, 3)}
    parsed = _unruled_table(tmp_path, "收入支出决算表", rows, [55, 110, 50, 50, 50, 50, 50],
                            spans, 2)
    assert parsed.rows[0].values == {
        "本年收入/合计": "123456.78",
        "本年收入/其他": "4567.89",
        "本年支出/合计": "123456.78",
        "本年支出/基本支出": "100000.00",
        "本年支出/项目支出": "23456.78",
    }


def test_unruled_heading_wrapped_over_three_lines_under_a_band(tmp_path: Path) -> None:
    """项目支出 over 小计 and 其中：基本建设资金支出, the latter wrapped over three lines in
    its narrow column: the three lines are one heading, under the band."""
    rows = [
        ["科目编码", "科目名称", "本年支出", "", "", ""],
        ["", "", "合计", "基本支出", "项目支出", ""],
        ["", "", "", "", "小计", "其中：\n基本建设\n资金支出"],
        ["2010601", "行政运行", "4.50", "3.00", "1.50", "0.40"],
        ["2010602", "一般行政管理事务", "2.50", "2.00", "0.50", ""],
        ["2010699", "其他财政事务支出", "3.50", "3.00", "0.50", "0.20"],
    ]
    spans = {(0, 0): (3, 1), (0, 1): (3, 1), (0, 2): (1, 4), (1, 2): (2, 1), (1, 3): (2, 1),
             (1, 4): (1, 2)}
    parsed = _unruled_table(tmp_path, "财政拨款支出决算表", rows, [60, 150, 70, 70, 70, 55],
                            spans, 3)
    assert parsed.rows[0].values == {
        "本年支出/合计": "4.50",
        "本年支出/基本支出": "3.00",
        "本年支出/项目支出/小计": "1.50",
        "本年支出/项目支出/其中：基本建设资金支出": "0.40",
    }


def test_unruled_two_sided_table_parted_by_whitespace_alone(tmp_path: Path) -> None:
    """收入 | 支出 side by side with no rule between, of unequal width (one amount column
    on the left, two on the right, headings wrapped): each band heads its own side."""
    rows = [
        ["收入", "", "支出", "", ""],
        ["项目", "本年\n决算数", "项目", "年初\n预算数", "本年\n决算数"],
        ["一、一般公共预算财政拨款收入", "3,150.40", "一、一般公共服务支出", "2,300.00",
         "2,410.75"],
        ["二、其他收入", "12.60", "二、社会保障和就业支出", "700.00", "745.15"],
        ["本年收入合计", "3,163.00", "本年支出合计", "3,000.00", "3,155.90"],
        ["总计", "3,163.00", "总计", "3,000.00", "3,163.00"],
    ]
    spans = {(0, 0): (1, 2), (0, 2): (1, 3)}
    parsed = _unruled_table(tmp_path, "收入支出决算总表", rows, [150, 70, 150, 70, 70], spans, 2)
    assert [(r.name, r.values) for r in parsed.rows[:2]] == [
        ("一、一般公共预算财政拨款收入", {"收入/本年决算数": "3150.40"}),
        ("二、其他收入", {"收入/本年决算数": "12.60"}),
    ]
    assert parsed.rows[4].name == "一、一般公共服务支出"
    assert parsed.rows[4].values == {"支出/年初预算数": "2300.00", "支出/本年决算数": "2410.75"}


def test_unruled_header_printed_at_the_left_of_every_cell(tmp_path: Path) -> None:
    """Every heading at its cell's left edge, bands and column headings alike, over
    right-aligned amounts: each heading still heads the column whose cell it starts."""
    rows = [
        ["科目编码", "科目名称", "本年支出", "", "", ""],
        ["", "", "合计", "基本支出", "项目支出", ""],
        ["", "", "", "", "小计", "其中：基建"],
        ["2010601", "行政运行", "5.20", "3.10", "2.10", "0.60"],
        ["2010602", "一般行政管理事务", "2.70", "2.20", "0.50", ""],
        ["2010699", "其他财政事务支出", "3.40", "2.90", "0.50", "0.30"],
    ]
    spans = {(0, 0): (3, 1), (0, 1): (3, 1), (0, 2): (1, 4), (1, 2): (2, 1), (1, 3): (2, 1),
             (1, 4): (1, 2)}
    left = frozenset((r, c) for r in range(3) for c in range(6))
    parsed = _unruled_table(tmp_path, "财政拨款支出决算表", rows, [60, 150, 70, 70, 70, 70],
                            spans, 3, left=left)
    assert parsed.rows[0].values == {
        "本年支出/合计": "5.20",
        "本年支出/基本支出": "3.10",
        "本年支出/项目支出/小计": "2.10",
        "本年支出/项目支出/其中：基建": "0.60",
    }


def test_unruled_bands_side_by_side_at_the_left_of_their_columns(tmp_path: Path) -> None:
    """本年收入 and 本年支出 side by side, each at the left edge of its first column: they
    share no column."""
    rows = [
        ["科目编码", "科目名称", "本年收入", "", "本年支出", "", ""],
        ["", "", "合计", "财政拨款", "合计", "基本支出", "项目支出"],
        ["2010601", "行政运行", "4.80", "4.80", "4.70", "3.20", "1.50"],
        ["2010602", "一般行政管理事务", "2.60", "2.60", "2.40", "1.90", "0.50"],
        ["2010699", "其他财政事务支出", "3.30", "3.30", "3.30", "2.80", "0.50"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 2), (0, 4): (1, 3)}
    parsed = _unruled_table(tmp_path, "财政拨款收入支出决算表", rows, [60, 130, 60, 60, 60, 60, 60],
                            spans, 2, left=frozenset({(0, 2), (0, 4)}))
    assert parsed.rows[0].values == {
        "本年收入/合计": "4.80",
        "本年收入/财政拨款": "4.80",
        "本年支出/合计": "4.70",
        "本年支出/基本支出": "3.20",
        "本年支出/项目支出": "1.50",
    }


def test_unruled_band_wrapped_over_three_lines_over_its_columns(tmp_path: Path) -> None:
    """一般公共 / 预算财政 / 拨款支出 centred over 合计 | 基本支出 | 项目支出, its last line
    right above 基本支出 at a line's leading: that is the band's middle column, not the
    band's fourth line."""
    rows = [
        ["科目编码", "科目名称", "一般公共\n预算财政\n拨款支出", "", ""],
        ["", "", "合计", "基本支出", "项目支出"],
        ["2010601", "行政运行", "1,234.56", "1,000.00", "234.56"],
        ["2010602", "一般行政管理事务", "250.00", "200.00", "50.00"],
        ["2010699", "其他财政事务支出", "350.00", "300.00", "50.00"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3)}
    parsed = _unruled_table(tmp_path, "一般公共预算财政拨款支出决算表", rows,
                            [60, 150, 80, 80, 80], spans, 2)
    assert parsed.rows[0].values == {
        "一般公共预算财政拨款支出/合计": "1234.56",
        "一般公共预算财政拨款支出/基本支出": "1000.00",
        "一般公共预算财政拨款支出/项目支出": "234.56",
    }


def test_unruled_headings_of_narrow_columns_closer_than_a_word_gap(tmp_path: Path) -> None:
    """基本支出 and 项目支出 in columns barely wider than them print closer together than
    a word gap, one piece of text: they are cut where one column's cell ends."""
    rows = [
        ["科目编码", "科目名称", "本年支出", "", "", "年末结转\n和结余"],
        ["", "", "合计", "基本支出", "项目支出", ""],
        ["2010601", "行政运行", "4.70", "3.10", "1.60", "0.20"],
        ["2010602", "一般行政管理事务", "2.40", "1.90", "0.50", "0.10"],
        ["2010699", "其他财政事务支出", "3.60", "3.10", "0.50", "0.40"],
    ]
    spans = {(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3), (0, 5): (2, 1)}
    parsed = _unruled_table(tmp_path, "财政拨款支出决算表", rows, [60, 150, 40, 40, 40, 60],
                            spans, 2)
    assert parsed.rows[0].values == {
        "本年支出/合计": "4.70",
        "本年支出/基本支出": "3.10",
        "本年支出/项目支出": "1.60",
        "年末结转和结余": "0.20",
    }
