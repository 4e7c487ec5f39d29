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

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CACHE = Path(__file__).resolve().parents[2] / ".pytest_cache" / "ocr"

COVER = ["示范县农业农村局", "2023年度部门决算"]
NARRATIVE = [
    "示范县农业农村局2023年度部门决算",
    "一、收入支出决算总体情况说明",
    "2023年度收入、支出总计1,234.56万元。",
]


@pytest.fixture(autouse=True)
def _ocr_cache(settings):
    settings.OCR_CACHE_DIR = str(CACHE)
    settings.OCR_PAGE_TIME_LIMIT_SECONDS = 0


def _font() -> str:
    if not FONT.exists():
        pytest.skip(f"the CJK font {FONT} is not installed (.ci/run installs fonts-wqy-microhei)")
    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(FONT), subfontIndex=0))
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
