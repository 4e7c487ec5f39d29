"""A table pasted into a text PDF as a picture (a screenshot of a spreadsheet) is read by
OCR and laid out with the page's own text; a chart is not taken for a table.

The pages are drawn here: the report's text with reportlab, the pictures with Pillow.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.pipeline import parse_file
from tests.conftest import cjk_font_path, scans_read_by_ocr_cached

ROWS = [("科目编码", "科目名称", "合计", "基本支出", "项目支出"),
        ("", "合计", "2,167.65", "2,060.99", "106.66"),
        ("201", "一般公共服务支出", "2,106.66", "2,000.00", "106.66"),
        ("205", "教育支出", "60.99", "60.99", "")]


@pytest.fixture(autouse=True)
def _ocr_cache():
    yield from scans_read_by_ocr_cached()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size)


def _table_picture(path: Path) -> Path:
    """The statement's ruled grid as a screenshot shows it (no title: the page prints it)."""
    widths, pitch, margin = [160, 420, 220, 220, 220], 70, 20
    image = Image.new("RGB", (sum(widths) + 2 * margin, pitch * len(ROWS) + 2 * margin),
                      "white")
    draw, font = ImageDraw.Draw(image), _font(30)
    xs = [margin]
    for width in widths:
        xs.append(xs[-1] + width)
    for i in range(len(ROWS) + 1):
        draw.line((margin, margin + i * pitch, xs[-1], margin + i * pitch), fill="black",
                  width=3)
    for x in xs:
        draw.line((x, margin, x, margin + pitch * len(ROWS)), fill="black", width=3)
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            y = margin + i * pitch + 18
            if j < 2:
                draw.text((xs[j] + 12, y), text, font=font, fill="black")
            else:
                draw.text((xs[j + 1] - 12 - draw.textlength(text, font=font), y), text,
                          font=font, fill="black")
    image.save(path, dpi=(200, 200))
    return path


def _chart_picture(path: Path) -> Path:
    """A bar chart with its axes and labels, as reports print beside their figures."""
    image = Image.new("RGB", (900, 500), "white")
    draw, font = ImageDraw.Draw(image), _font(26)
    draw.line((80, 20, 80, 450), fill="black", width=3)
    draw.line((80, 450, 880, 450), fill="black", width=3)
    for k, (height, label) in enumerate(((380, "基本支出"), (40, "项目支出"))):
        draw.rectangle((200 + k * 300, 450 - height, 320 + k * 300, 450), fill=(70, 110, 200))
        draw.text((190 + k * 300, 460), label, font=font, fill="black")
    image.save(path)
    return path


def _report(tmp_path: Path) -> Path:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "pictures.pdf"
    sheet = canvas.Canvas(str(path))
    sheet.setFont("STSong-Light", 18)
    sheet.drawString(150, 780, "示范区财政局2024年度部门决算")
    sheet.showPage()
    sheet.setFont("STSong-Light", 12)
    sheet.drawString(72, 780, "一、收入支出决算总体情况说明")
    sheet.drawString(72, 756, "示范区财政局2024年度收入、支出总计2,167.65万元。")
    sheet.drawImage(str(_chart_picture(tmp_path / "chart.png")), 72, 480, width=400, height=222)
    sheet.showPage()
    sheet.setFont("STSong-Light", 14)
    sheet.drawString(230, 780, "支出决算表")
    sheet.setFont("STSong-Light", 10)
    sheet.drawString(460, 760, "单位：万元")
    sheet.drawImage(str(_table_picture(tmp_path / "table.png")), 40, 560, width=520,
                    height=520 * 320 / 1280)
    sheet.showPage()
    sheet.save()
    return path


def test_a_table_pasted_as_a_picture_is_read_under_its_printed_title(tmp_path):
    contract = parse_file(_report(tmp_path)).to_contract()

    [table] = contract["tables"]
    assert table["title"] == "支出决算表"
    assert [(r["code"], r["name"], r["values"]) for r in table["rows"]] == [
        (None, "合计", {"合计": "2167.65", "基本支出": "2060.99", "项目支出": "106.66"}),
        ("201", "一般公共服务支出", {"合计": "2106.66", "基本支出": "2000.00",
                                     "项目支出": "106.66"}),
        ("205", "教育支出", {"合计": "60.99", "基本支出": "60.99"}),
    ]
    assert table["verified"]
    # Only the table's page was read by OCR; the chart's page was not.
    assert [w for w in contract["warnings"] if "OCR" in w] == [
        "第 3 页的表格是图片，已由 OCR 识别，数字请对照原件核对 "
        "(tables pasted as pictures on pages 3 were read by OCR)"]


def test_with_ocr_off_a_pictured_table_is_left_and_the_text_still_read(tmp_path, settings):
    settings.OCR_ENABLED = False
    contract = parse_file(_report(tmp_path)).to_contract()
    assert contract["tables"] == []
    assert contract["figures"]["grand_total"] == "2167.65"
