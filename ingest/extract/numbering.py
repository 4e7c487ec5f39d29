"""Heading numbering as Chinese reports print it, and whether a line is a heading.

Levels: 第X部分 / 第X章 = 1, 一、 = 2, （一） = 3, 1. / 1、 = 4, （1） = 5, 1） = 6,
① = 7 (circled numbers, common in Guangdong and Zhejiang templates).
A numbered line is only a heading when it reads like a title: short, no
amounts, no sentence punctuation inside. That keeps numbered paragraphs
("1、2024年预算资金662.32万元。") and definitions ("一、财政拨款收入：指…") out.
"""

from __future__ import annotations

import re

CN_NUM = "一二三四五六七八九十百零〇两"

_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{CN_NUM}\d]+(?:部分|章)")),
    (2, re.compile(rf"^[{CN_NUM}]{{1,3}}\s*[、.．]")),
    (3, re.compile(rf"^[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]")),
    (4, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    (6, re.compile(r"^\d{1,2}\s*[）)]")),
    (7, re.compile(r"^[\u2460-\u2473]")),
)

_TOC = re.compile(r"^目\s*录$")
_AMOUNT = re.compile(r"\d[\d,.]*\s*(?:亿元|万元|元|%|％|人|个|家|辆|次)")
_INNER_PUNCT = re.compile(r"[，,；;：:。！？!?]")
_LINE_MARKERS = re.compile(r"[（(](?:类|款|项)[）)]")
_TITLE_END = re.compile(r"(?:情况|说明|概况|分析|措施|目标|指标|职能|职责|构成|设置)。$")
MAX_TITLE = 40


def numbering(line: str) -> tuple[int, str] | None:
    """(level, numbering token) of a line that starts with heading numbering."""
    stripped = line.strip()
    for level, pattern in _PATTERNS:
        match = pattern.match(stripped)
        if match:
            return level, re.sub(r"\s+", "", match.group(0))
    return None


def is_toc_line(line: str) -> bool:
    return bool(_TOC.match(line.strip()))


def looks_like_heading(line: str) -> bool:
    """A numbered, title-like line (see the module docstring)."""
    stripped = line.strip()
    if is_toc_line(stripped):
        return True
    found = numbering(stripped)
    if found is None:
        return False
    level, token = found
    title = re.sub(r"\s+", "", stripped)[len(token):]
    if level == 1:
        return len(title) <= MAX_TITLE + 10
    if not title or len(title) > MAX_TITLE:
        return False
    if _LINE_MARKERS.search(title) or _AMOUNT.search(title):
        return False
    if title.endswith("。") and not _TITLE_END.search(title):
        return False  # a numbered sentence, e.g. one item of a list of duties
    body = title[:-1] if title[-1] in "。：:" else title
    return not _INNER_PUNCT.search(body)


def heading_level(line: str) -> int:
    found = numbering(line)
    return found[0] if found else 0
