"""Text layers as broken exports write them.

A PDF whose fonts carry no character map (no ToUnicode table) draws its text but cannot
give it back: its pages are read by OCR like scans, never as the control codes the text
layer holds, and where OCR is off the upload is refused with the page named. A font whose
map gives Kangxi radicals for common characters (⼀ ⼈ ⽀ for 一 人 支) is read as the
characters it stands for.

The PDFs are drawn here with reportlab in an embedded TrueType font; removing the font's
/ToUnicode entry (renamed in place, so the file's offsets stay valid) makes the broken
export some office tools produce.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.utils import translation
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from ingest.errors import UnmappedTextError
from ingest.pipeline import parse_file
from tests.conftest import cjk_font_path, scans_read_by_ocr_cached

COVER = ["示范县农业农村局", "2023年度部门决算"]
NARRATIVE = [
    "示范县农业农村局2023年度部门决算",
    "一、收入支出决算总体情况说明",
    "2023年度收入、支出总计1,234.56万元。",
]


@pytest.fixture(autouse=True)
def _ocr_cache():
    yield from scans_read_by_ocr_cached()


def _font() -> str:
    font = cjk_font_path()
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(font), subfontIndex=0))
    return "WQY"


def _pdf(path: Path, pages: list[list[str]], *, symbols: str = "",
         remap: dict[str, str] | None = None) -> Path:
    """``pages`` of lines in the embedded font, its character map removed. ``symbols``
    puts the lines in a mapped CID font instead and only these few marks in the broken one;
    ``remap`` keeps the map but has it give other characters for some glyphs."""
    font = _font()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path), pageCompression=0)
    for lines in pages:
        y = 760
        for line in lines:
            sheet.setFont("STSong-Light" if symbols else font, 16)
            sheet.drawString(72, y, line)
            y -= 32
        if symbols:
            sheet.setFont(font, 16)
            sheet.drawString(72, y, symbols)
        sheet.showPage()
    sheet.save()
    data = path.read_bytes()
    assert data.count(b"/ToUnicode") == 1
    if remap is None:
        path.write_bytes(data.replace(b"/ToUnicode", b"/NoUnicode"))
        return path
    for drawn, given in remap.items():  # the map's entries read <code> <UTF-16BE hex>
        old, new = (f"<{ord(c):04X}>".encode() for c in (drawn, given))
        assert old in data
        data = data.replace(old, new)
    path.write_bytes(data)
    return path


def _text_layer(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_a_report_whose_fonts_have_no_character_map_is_read_by_ocr(tmp_path):
    path = _pdf(tmp_path / "broken.pdf", [COVER, NARRATIVE])
    assert "决算" not in _text_layer(path)  # the text layer holds codes, not text

    report = parse_file(path)

    assert report.department == "示范县农业农村局"
    assert report.fiscal_year == 2023
    assert report.kind == "final_accounts"
    assert report.figure_map().get("grand_total") == "1234.56"
    assert any("OCR" in w and "1、2" in w for w in report.warnings), report.warnings


def test_with_ocr_off_such_a_report_is_refused_naming_the_page(tmp_path, settings):
    settings.OCR_ENABLED = False
    path = _pdf(tmp_path / "broken.pdf", [COVER, NARRATIVE])

    with translation.override("zh-hans"), pytest.raises(UnmappedTextError) as raised:
        parse_file(path)

    assert raised.value.code == "unmapped_text"
    assert "第 1 页" in str(raised.value)
    assert "OCR" in str(raised.value)


def test_a_few_unmapped_symbols_in_a_text_page_do_not_send_it_to_ocr(tmp_path, settings):
    settings.OCR_ENABLED = False  # were the page taken for a scan, the parse would fail
    path = _pdf(tmp_path / "marks.pdf", [COVER, NARRATIVE], symbols="■●◆")

    report = parse_file(path)

    assert report.department == "示范县农业农村局"
    assert report.figure_map().get("grand_total") == "1234.56"
    assert not any("OCR" in w for w in report.warnings)


def test_radical_look_alikes_in_a_text_layer_are_read_as_the_characters_they_stand_for(
        tmp_path, settings):
    settings.OCR_ENABLED = False
    title = "示范县人民政府办公室2023年度部门决算"
    path = _pdf(tmp_path / "radicals.pdf", [[title, *NARRATIVE[1:]]],
                remap={"一": "⼀", "人": "⼈", "民": "⺠", "入": "⼊", "支": "⽀"})
    assert "⼈⺠" in _text_layer(path)  # the export's own characters

    report = parse_file(path)

    assert report.department == "示范县人民政府办公室"
    assert report.figure_map().get("grand_total") == "1234.56"


ROWS = [("项目", "决算数"), ("一般公共服务支出", "2,106.66"), ("卫生健康支出", "60.99"),
        ("合计", "2,167.65")]


def _report_pdf(path: Path, *, watermark: str = "", turn: float = 0.0) -> Path:
    """A cover and a page with two figure lines and a ruled 支出决算表, in a mapped CID font;
    ``watermark`` is set four times across the second page at 35°, ``turn`` turns its
    narrative by that many degrees (a slightly skewed text layer)."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sheet = canvas.Canvas(str(path))
    sheet.setFont("STSong-Light", 18)
    sheet.drawString(150, 780, "示范区财政局2024年度部门决算")
    sheet.showPage()
    if watermark:
        sheet.saveState()
        sheet.setFillGray(0.85)
        sheet.setFont("STSong-Light", 40)
        for x, y in ((100, 150), (100, 450), (300, 300), (150, 650)):
            sheet.saveState()
            sheet.translate(x, y)
            sheet.rotate(35)
            sheet.drawString(0, 0, watermark)
            sheet.restoreState()
        sheet.restoreState()
    sheet.saveState()
    sheet.rotate(turn)
    sheet.setFont("STSong-Light", 12)
    y = 780
    for line in ("一、收入支出决算总体情况说明",
                 "示范区财政局2024年度收入、支出总计2,167.65万元。"):
        sheet.drawString(72, y, line)
        y -= 24
    sheet.restoreState()
    sheet.setFont("STSong-Light", 14)
    sheet.drawString(200, 700, "支出决算表")
    sheet.setFont("STSong-Light", 11)
    top, left, mid, right, pitch = 680, 90, 330, 500, 26
    for i in range(len(ROWS) + 1):
        sheet.line(left, top - i * pitch, right, top - i * pitch)
    for x in (left, mid, right):
        sheet.line(x, top, x, top - len(ROWS) * pitch)
    for i, (name, amount) in enumerate(ROWS):
        sheet.drawString(left + 6, top - i * pitch - 18, name)
        sheet.drawRightString(right - 6, top - i * pitch - 18, amount)
    sheet.showPage()
    sheet.save()
    return path


def _contract(path: Path) -> dict:
    contract = parse_file(path).to_contract()
    contract.pop("file")
    return contract


def test_a_watermark_across_the_page_stays_out_of_its_tables_and_text(tmp_path):
    marked = _report_pdf(tmp_path / "marked.pdf", watermark="示范区财政局公开")
    assert "公开" in _text_layer(marked)

    contract = _contract(marked)

    assert contract == _contract(_report_pdf(tmp_path / "plain.pdf"))
    table = contract["tables"][0]
    assert table["title"] == "支出决算表"
    assert [(r["name"], r["values"]) for r in table["rows"]] == [
        ("一般公共服务支出", {"决算数": "2106.66"}), ("卫生健康支出", {"决算数": "60.99"}),
        ("合计", {"决算数": "2167.65"})]


def test_a_text_layer_skewed_by_a_degree_or_two_is_still_read(tmp_path):
    report = parse_file(_report_pdf(tmp_path / "skewed.pdf", turn=1.5))
    assert report.figure_map().get("grand_total") == "2167.65"
