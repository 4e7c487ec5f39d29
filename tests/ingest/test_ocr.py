"""Scanned pages read by OCR: image uploads (PNG, JPEG, multi-page TIFF), pages upside
down or sealed, and amounts OCR misread. Small images drawn here, read by the real OCR."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from PIL import Image, ImageDraw, ImageFont

from ingest.document import Cell, Document, Table
from ingest.errors import OcrDisabledError, ParseError
from ingest.pipeline import read_file
from ingest.readers import ocr
from ingest.readers.ocr_amounts import candidate, repair_amounts
from ingest.sniff import sniff
from ingest.synth.scan import stamp_seal
from tests.conftest import cjk_font_path, scans_read_by_ocr_cached

TITLE = "上海市示范区财政局2024年度部门决算"
ROWS = [("项目", "决算数"), ("一般公共服务支出", "2,106.66"), ("卫生健康支出", "60.99"),
        ("合计", "2,167.65")]


@pytest.fixture(autouse=True)
def _ocr_cache():
    # Recognised text is kept by page-image hash: CI's second pass reads it back. A busy
    # shared machine may take minutes a page; the limit has a test of its own.
    yield from scans_read_by_ocr_cached()


def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font_path()), size)


def _page(title: str = TITLE, rows=ROWS) -> Image.Image:
    """A small page at 200 dpi: a title line and a ruled two-column table."""
    image = Image.new("RGB", (1100, 640), "white")
    draw = ImageDraw.Draw(image)
    draw.text((120, 50), title, font=_font(40), fill="black")
    top, left, mid, right, pitch = 170, 120, 640, 980, 80
    for i in range(len(rows) + 1):
        draw.line((left, top + i * pitch, right, top + i * pitch), fill="black", width=3)
    for x in (left, mid, right):
        draw.line((x, top, x, top + len(rows) * pitch), fill="black", width=3)
    body = _font(32)
    for i, (name, amount) in enumerate(rows):
        draw.text((left + 20, top + i * pitch + 20), name, font=body, fill="black")
        draw.text((mid + 30, top + i * pitch + 20), amount, font=body, fill="black")
    return image


def _save(image: Image.Image, path: Path, **kwargs) -> Path:
    image.save(path, dpi=(200, 200), **kwargs)
    return path


def _texts(document: Document) -> str:
    return "\n".join(block.text for block in document.blocks if block.kind != "table")


def _rows(document: Document) -> list[list[str]]:
    tables = document.tables()
    assert tables, "no table was read"
    return tables[0].grid()


def test_a_png_scan_is_read_into_its_title_and_ruled_table(tmp_path):
    path = _save(_page(), tmp_path / "scan.png")
    document = read_file(path)
    assert TITLE in _texts(document).replace(" ", "")
    assert _rows(document) == [list(row) for row in ROWS]
    assert any("OCR" in w and "第 1 页" in w for w in document.warnings)


def test_a_jpeg_photo_of_a_page_is_read_the_same(tmp_path):
    path = _save(_page(), tmp_path / "scan.jpg", quality=70)
    assert sniff(path) == "image"
    assert _rows(read_file(path)) == [list(row) for row in ROWS]


def test_each_page_of_a_multi_page_tiff_is_a_page_of_the_document(tmp_path):
    second = _page("第二页说明：收入决算表", rows=[("项目", "决算数"), ("事业收入", "12.50")])
    path = tmp_path / "scan.tif"
    _page().save(path, save_all=True, append_images=[second], dpi=(200, 200),
                 compression="tiff_deflate")
    assert sniff(path) == "image"
    document = read_file(path)
    assert document.page_count == 2
    assert {table.page for table in document.tables()} == {1, 2}
    assert "事业收入" in {row[0] for row in document.tables()[1].grid()}


def test_a_page_scanned_upside_down_is_turned_and_read(tmp_path):
    path = _save(_page().rotate(180), tmp_path / "upside-down.png")
    document = read_file(path)
    assert TITLE in _texts(document).replace(" ", "")
    assert _rows(document)[1] == ["一般公共服务支出", "2,106.66"]


def test_a_red_seal_over_the_table_does_not_break_its_lines(tmp_path):
    sealed = stamp_seal(_page())
    path = _save(sealed, tmp_path / "sealed.png")
    assert _rows(read_file(path)) == [list(row) for row in ROWS]


def test_a_blank_scan_fails_asking_for_a_sharper_scan_or_the_original(tmp_path):
    path = _save(Image.new("RGB", (800, 1000), "white"), tmp_path / "blank.png")
    with pytest.raises(ParseError) as caught:
        read_file(path)
    assert caught.value.code == "no_text"
    assert "更清晰的扫描件" in str(caught.value)


def test_a_page_over_its_time_limit_stops_with_the_page_named(tmp_path, settings):
    settings.OCR_PAGE_TIME_LIMIT_SECONDS = 0.0001
    settings.OCR_CACHE_DIR = ""
    path = _save(_page(), tmp_path / "slow.png")
    with pytest.raises(ParseError) as caught:
        read_file(path)
    assert caught.value.code == "timeout"
    assert "第 1 页" in str(caught.value)


def test_parse_report_shows_ocr_progress_on_stderr_and_keeps_stdout_json(tmp_path, capsys):
    path = _save(_page(), tmp_path / "scan.png")
    call_command("parse_report", str(path), "--json")
    out, err = capsys.readouterr()
    assert "OCR page 1 of 1" in err
    for line in out.strip().splitlines():
        json.loads(line)


def test_the_ocr_engine_is_made_again_in_a_forked_child():
    import os

    from ingest.isolation import run_isolated

    parent = ocr.engine()
    child_engine_pid = run_isolated(_engine_pid, time_limit=120, memory_mb=2048)
    assert child_engine_pid != os.getpid()
    # The parent let its engine go before forking (its threads would hang the child's)
    # and makes a new one when it reads a scan again.
    assert ocr._engine is None
    assert ocr.engine() is not parent
    assert ocr._engine is not None
    assert ocr._engine[0] == os.getpid()


def _engine_pid() -> int:
    ocr.engine()
    assert ocr._engine is not None
    return ocr._engine[0]


# ---------------------------------------------------------------- amounts


def test_misread_amount_characters_have_a_candidate_reading():
    assert candidate("l,234.5O") == "1,234.50"
    assert candidate("60，99") == "60.99"
    assert candidate("2,106.66") is None  # already an amount
    assert candidate("一般公共服务支出") is None


def _table(rows: list[list[str]]) -> Document:
    cells = [Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    table = Table(cells=cells, page=3, title="支出决算表", pages=[3])
    from ingest.document import Block

    return Document(blocks=[Block(kind="table", page=3, table=table)], page_count=3)


def test_a_misread_amount_is_repaired_where_the_row_sum_confirms_it():
    document = _table([["项目", "合计", "基本支出", "项目支出"],
                       ["行政运行", "l00.5O", "60.20", "40.30"]])
    warnings = repair_amounts(document, {3})
    assert document.tables()[0].grid()[1][1] == "100.50"
    assert warnings == []


def test_a_misread_amount_no_sum_confirms_is_kept_and_flagged_for_staff():
    document = _table([["项目", "合计", "基本支出", "项目支出"],
                       ["行政运行", "l00.5O", "60.20", "11.11"]])
    warnings = repair_amounts(document, {3})
    assert document.tables()[0].grid()[1][1] == "l00.5O"
    assert len(warnings) == 1
    assert "第 3 页" in warnings[0]
    assert "l00.5O" in warnings[0]


def test_a_server_without_opencvs_libraries_says_ocr_is_off_instead_of_crashing(monkeypatch):
    monkeypatch.setitem(sys.modules, "cv2", None)  # as when libGL is missing
    with pytest.raises(OcrDisabledError):
        ocr.read_image(np.zeros((50, 50, 3), dtype=np.uint8), dpi=200)
