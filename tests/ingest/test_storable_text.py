"""Text a database refuses (NUL, lone surrogates) never leaves a reader."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ingest.document import Block, Cell, Document, Table
from ingest.pipeline import read_file
from ingest.readers import clean_document

REPO = Path(__file__).resolve().parents[2]
TEXT = "青川市临江区科学技术局2023年度部门决算\n一、部门职责\n负责全区科技\x00工作。\n"


def test_a_utf16_text_report_with_nul_characters_is_read_without_them(tmp_path):
    path = tmp_path / "决算.txt"
    path.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    document = read_file(path)
    assert "负责全区科技工作。" in document.plain_text()
    assert "\x00" not in document.plain_text()


def test_every_text_of_a_document_is_made_storable():
    table = Table([Cell(0, 0, "合\x00计"), Cell(0, 1, "1\ud8002")], page=1, title="表\udc00",
                  unit="万元\x00")
    document = clean_document(Document(
        blocks=[Block("heading", 1, "一、\ude34概况"), Block("table", 1, table=table)],
        warnings=["第\x002页"]))
    assert document.blocks[0].text == "一、概况"
    assert [c.text for c in table.cells] == ["合计", "12"]
    assert (table.title, table.unit, document.warnings) == ("表", "万元", ["第2页"])


def test_parse_report_prints_a_clean_json_line_for_such_a_file(tmp_path):
    path = tmp_path / "决算.txt"
    path.write_bytes(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    result = subprocess.run(
        [sys.executable, "manage.py", "parse_report", str(path), "--json"], cwd=REPO,
        capture_output=True, timeout=120, env={"PYTHONIOENCODING": "utf-8",
                                                "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr.decode()
    line = json.loads(result.stdout.decode("utf-8"))
    assert "\\u0000" not in result.stdout.decode()
    assert line["file"] == str(path)
