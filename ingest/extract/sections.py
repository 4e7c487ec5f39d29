"""The report's headed sections, in order, with their body text.

Headings are recognised by their numbering (see ``numbering``), or because the
reader marked the block a heading. The table of contents (目录) is skipped: it
repeats the headings and would put every heading in twice. Body lines broken
by page layout are joined back into paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

from core.contract import ParsedSection
from core.text import (
    LINE_END,
    PAGE_NUMBER,
    is_toc_line,
    looks_like_heading,
    numbering,
    squeeze,
)
from ingest.document import Document

_SHORT_TAIL = 6


@dataclass(slots=True)
class Line:
    text: str
    page: int
    heading: bool = False
    level: int = 0


@dataclass(slots=True)
class _Open:
    heading: str
    level: int
    page: int
    lines: list[str] = field(default_factory=list)


# A title printed without numbering (a bold line in Word, a centred line in a
# PDF): short, no sentence punctuation or amount, and named like a part title.
_UNNUMBERED_TITLE = re.compile(
    r"^[^，,。；;：:！？!?、\d]{2,28}(?:情况说明|决算说明|预算说明|情况|概况|名词解释|"
    r"主要职能|部门职责|机构设置|单位构成|附件|附表)$"
)


def _is_unnumbered_title(text: str, previous: Line | None) -> bool:
    """A title line between paragraphs (not a sentence's wrapped tail)."""
    squeezed = squeeze(text)
    if not _UNNUMBERED_TITLE.match(squeezed) or numbering(squeezed) is not None:
        return False
    if previous is None or previous.heading or previous.text[-1] in LINE_END:
        return True
    # After a cover line (二〇二三年度部门决算), which is short: a wrapped
    # paragraph line before a sentence's tail runs the full width of the page.
    return len(squeeze(previous.text)) <= 16


def document_lines(document: Document) -> list[Line]:
    """Every non-blank text line of the document (tables left out), with its page.

    Computed once per document: every extractor reads the same line view.
    """
    cached = document.views.get("lines")
    if cached is None:
        cached = document.views["lines"] = _document_lines(document)
    return cast("list[Line]", cached)


def _document_lines(document: Document) -> list[Line]:
    lines: list[Line] = []
    for block in document.text_blocks():
        for raw in block.text.split("\n"):
            text = raw.strip()
            if not text or PAGE_NUMBER.match(text):
                continue  # a page number would be glued into the sentence it interrupts
            found = numbering(text)
            is_heading = looks_like_heading(text) or (
                block.kind == "heading" and "\n" not in block.text.strip()
            )
            level = found[0] if found else (block.level or 2)
            if not is_heading and _is_unnumbered_title(text, lines[-1] if lines else None):
                is_heading, level = True, 1
            lines.append(Line(text=text, page=block.page, heading=is_heading, level=level))
    return lines


def body_lines(document: Document) -> list[Line]:
    """Document lines without the table of contents (computed once per document)."""
    cached = document.views.get("body")
    if cached is None:
        lines = document_lines(document)
        toc = _toc_indices(lines)
        cached = document.views["body"] = [line for i, line in enumerate(lines) if i not in toc]
    return cast("list[Line]", cached)


def _toc_indices(lines: list[Line]) -> set[int]:
    """Indices of the 目录 line and its entries.

    The entries end where the body starts: at the first line repeating the
    numbering of the first entry (the body's own 第一部分 / 一、), or at the
    first plain paragraph on a later page. When neither tells (one page of
    text), only entries that look like a table of contents (dot leaders, page
    numbers) are skipped: the headings after a 目录 whose entries the reader
    put in a table are the body's own.
    """
    skipped: set[int] = set()
    i = 0
    while i < len(lines):
        if not is_toc_line(lines[i].text):
            i += 1
            continue
        skipped.add(i)
        end, repeated = _toc_end(lines, i + 1)
        entries = range(i + 1, end)
        next_page = lines[end].page if end < len(lines) else lines[i].page
        if not repeated and next_page == lines[i].page:
            entries = range(i + 1, i + 1 + _leader_run(lines, i + 1, end))
        skipped.update(entries)
        i = max(end, i + 1)
    return skipped


def _toc_end(lines: list[Line], start: int) -> tuple[int, bool]:
    """Where the entries after a 目录 stop, and whether the body repeated the first one."""
    first_token: str | None = None
    j = start
    while j < len(lines):
        found = numbering(lines[j].text)
        token = found[1] if found else None
        if first_token is not None and token == first_token and j - start >= 2:
            return j, True
        if not _toc_entry(lines[j].text):
            return j, False
        if first_token is None and token is not None:
            first_token = token
        j += 1
    return j, False


def _leader_run(lines: list[Line], start: int, end: int) -> int:
    count = 0
    for j in range(start, end):
        if not _LEADER.search(lines[j].text):
            break
        count += 1
    return count


_LEADER = re.compile(r"[…\.·]{3,}\s*\d*$|\s\d{1,3}$")


def _toc_entry(text: str) -> bool:
    if _LEADER.search(text):
        return True
    if looks_like_heading(text):
        return True
    squeezed = squeeze(text)
    return len(squeezed) <= 40 and not re.search(r"[，,。；;]", squeezed)


def join_lines(lines: list[str]) -> str:
    """Join body lines: a line cut mid-sentence by layout continues the previous one."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out[-1] in LINE_END or numbering(line) is not None:
            out += "\n" + line
        elif out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " " + line
        else:
            out += line
    return out


def extract_sections(document: Document) -> list[ParsedSection]:
    sections: list[ParsedSection] = []
    current: _Open | None = None
    for line in body_lines(document):
        if line.heading:
            if current is not None:
                sections.append(_close(current))
            current = _Open(heading=line.text, level=line.level, page=line.page)
            continue
        if current is None:
            continue
        if not current.lines and _is_heading_tail(current.heading, line.text):
            current.heading += line.text
            continue
        current.lines.append(line.text)
    if current is not None:
        sections.append(_close(current))
    return sections


def _is_heading_tail(heading: str, text: str) -> bool:
    """A word or two that a long heading lost to a line break (…情况 / 说明)."""
    squeezed = squeeze(text)
    return (
        len(squeeze(heading)) >= 18
        and len(squeezed) <= _SHORT_TAIL
        and numbering(squeezed) is None
        and not re.search(r"[，,。；;：:\d]", squeezed)
    )


def _close(section: _Open) -> ParsedSection:
    return ParsedSection(
        heading=section.heading,
        text=join_lines(section.lines),
        level=section.level,
        page=section.page,
    )
