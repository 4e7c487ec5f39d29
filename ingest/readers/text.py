"""Plain text and Markdown → Document.

Each non-blank line becomes a block: Markdown ``#`` headings and short numbered
heading lines become ``heading`` blocks, the rest ``paragraph`` blocks. Runs of
Markdown pipe rows or tab-separated rows become one ``table`` block (a single
blank line inside a run does not end it: text dumps put page breaks there).
A form feed starts a new page.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.text import looks_like_heading
from ingest.document import Block, BlockKind, Cell, Document, Table
from ingest.errors import EmptyFileError, TextEncodingError

ENCODINGS = ("utf-8-sig", "gb18030")

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BOLD_LINE = re.compile(r"^\*\*(.+?)\*\*$")
_MD_BULLET = re.compile(r"^\s*[-*+]\s+")


def read(path: str | Path) -> Document:
    raw = Path(path).read_bytes()
    if not raw.strip():
        raise EmptyFileError()
    return parse_text(decode(raw))


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        # Windows Notepad's "Unicode" saves UTF-16 with a byte order mark.
        # A damaged one (an odd byte, half a surrogate pair) keeps the rest of its text.
        return raw.decode("utf-16", errors="replace")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TextEncodingError()


def parse_text(text: str) -> Document:
    """Split decoded text into blocks; see the module docstring."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines: list[tuple[int, str]] = []
    page = 1
    for raw_line in text.split("\n"):
        parts = raw_line.split("\f")
        for i, part in enumerate(parts):
            if i:
                page += 1
            lines.append((page, part))
    lines = _drop_running_heads(lines)
    document = Document(page_count=page)
    i = 0
    while i < len(lines):
        page, line = lines[i]
        if _is_table_row(line):
            end, rows = _collect_table(lines, i)
            if len(rows) >= 2 or _cell_count(rows[0]) >= 3:
                document.blocks.append(_table_block(rows, page, lines[i:end]))
                i = end
                continue
        spaced_end, spaced_rows = _collect_spaced_table(lines, i)
        if spaced_rows:
            document.blocks.append(_table_block(spaced_rows, page, lines[i:spaced_end]))
            i = spaced_end
            continue
        if line.strip():
            document.blocks.append(_text_block(line, page))
        i += 1
    return document


def _drop_running_heads(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop a page header or footer that a text dump repeats on every page.

    A line that is the first or last of its page on three or more pages
    (digits ignored, so "第3页" counts) is a running head; the first one is
    kept because on the cover it is the report's title. Without this, the
    head of the next page lands inside a sentence broken by the page.
    """
    edges: dict[str, set[int]] = {}
    by_page: dict[int, list[str]] = {}
    for page, line in lines:
        if line.strip():
            by_page.setdefault(page, []).append(line)
    for page, texts in by_page.items():
        for text in {texts[0], texts[-1]}:
            if not _continues_table(text):  # a table's repeated header row stays
                edges.setdefault(_head_key(text), set()).add(page)
    heads = {key for key, pages in edges.items() if len(pages) >= 3 and len(key) <= 40}
    if not heads:
        return lines
    seen: set[str] = set()
    kept: list[tuple[int, str]] = []
    for page, line in lines:
        key = _head_key(line)
        if key in heads and line.strip():
            if key in seen:
                continue
            seen.add(key)
        kept.append((page, line))
    return kept


def _head_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# Columns aligned with runs of spaces (pdftotext -layout, copied from a viewer).
_SPACED_GAP = re.compile(r" {2,}|\u3000+|(?<=\S) \u3000|\u3000 (?=\S)")
_NUMERIC_CELL = re.compile(r"-?[\d,]+(?:\.\d+)?%?")


def _spaced_cells(line: str) -> list[str]:
    """Cells of a space-aligned row (three or more), or [] for a text line."""
    if "\t" in line or "|" in line:
        return []
    cells = [c for c in _SPACED_GAP.split(line.strip()) if c]
    return cells if len(cells) >= 3 else []


def _collect_spaced_table(
    lines: list[tuple[int, str]], start: int
) -> tuple[int, list[list[str]]]:
    """A run of two or more space-aligned rows, some with numbers, as one table.

    Leading indentation is not a gap, and a run without any number cell is
    more likely a spaced-out title or signature block than a table.
    """
    rows: list[list[str]] = []
    i = start
    while i < len(lines):
        cells = _spaced_cells(lines[i][1])
        if not cells:
            break
        rows.append(cells)
        i += 1
    numeric = any(_NUMERIC_CELL.fullmatch(c) for row in rows for c in row)
    if len(rows) < 2 or not numeric:
        return start, []
    return i, rows


def _is_table_row(line: str) -> bool:
    """A line that can start a table: two or more cells."""
    stripped = line.strip()
    if "\t" in line and len([c for c in line.split("\t") if c.strip()]) >= 2:
        return True
    return stripped.startswith("|") and stripped.count("|") >= 2


def _continues_table(line: str) -> bool:
    """Inside a run any tab or pipe row belongs to the table, even with one cell."""
    return "\t" in line or (line.strip().startswith("|") and line.strip().count("|") >= 2)


def _cell_count(row: list[str]) -> int:
    return len(row)


def _split_row(line: str) -> list[str]:
    stripped = line.strip("\n")
    if stripped.strip().startswith("|"):
        inner = stripped.strip()
        inner = inner[1:-1] if inner.endswith("|") else inner[1:]
        return [c.strip() for c in inner.split("|")]
    return [c.strip() for c in stripped.split("\t")]


def _collect_table(lines: list[tuple[int, str]], start: int) -> tuple[int, list[list[str]]]:
    rows: list[list[str]] = []
    i = start
    while i < len(lines):
        line = lines[i][1]
        if _continues_table(line):
            if not _MD_RULE.match(line) and line.strip():
                rows.append(_split_row(line))
            i += 1
            continue
        # One blank line (a page break in text dumps) inside a run of rows.
        if not line.strip() and i + 1 < len(lines) and _continues_table(lines[i + 1][1]):
            i += 1
            continue
        break
    return i, rows


def _table_block(rows: list[list[str]], page: int, span: list[tuple[int, str]]) -> Block:
    cells = [
        Cell(row=r, col=c, text=text)
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]
    pages = sorted({p for p, _ in span})
    table = Table(cells=cells, page=page, pages=pages)
    return Block(kind="table", page=page, table=table)


def _text_block(line: str, page: int) -> Block:
    stripped = line.strip()
    heading = _MD_HEADING.match(stripped)
    if heading:
        return Block(kind="heading", page=page, text=heading.group(2), level=len(heading.group(1)))
    bold = _BOLD_LINE.match(stripped)
    stripped = bold.group(1) if bold else stripped.replace("**", "")
    stripped = _MD_BULLET.sub("", stripped)
    kind: BlockKind = "heading" if looks_like_heading(stripped) else "paragraph"
    return Block(kind=kind, page=page, text=stripped)
