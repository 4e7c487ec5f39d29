"""Text as reports print it: whitespace, character widths, sentence ends, heading numbering.

Reports mix full- and half-width forms freely (（ and (, ： and :, ２ and 2) and break
names and headings over lines and cells, so every comparison first folds widths and
removes whitespace. Heading numbering (第一部分, 一、, （一）, 1., （1）, 1）, ①) gives a
line's level; a numbered line is only a heading when it reads like a title.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# NFKC leaves a few look-alikes that reports mix freely; fold them too.
_EXTRA_FOLD = {"\u3000": " ", "\u00a0": " ", "\u2212": "-"}
_CJK_PUNCT = {"(": "（", ")": "）", ":": "：", ";": "；"}
# Both, one character at a time (no character one of them gives is one they change).
_WIDTH_FOLD = tuple((_EXTRA_FOLD | _CJK_PUNCT).items())
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def squeeze(text: str | None) -> str:
    """All whitespace removed: names and headings are compared without it."""
    # str.split() takes the same characters for whitespace as the regex's \s (both ask
    # str.isspace), three times faster; the extractors squeeze every cell and line.
    return "".join(text.split()) if text else ""


def fold_width(text: str) -> str:
    """NFKC-fold full-width digits and letters, then bring brackets back to full width.

    NFKC turns ``（`` into ``(``; the contract wants full-width brackets in text values,
    and matching is simpler when every bracket, colon and semicolon has one form.
    Commas stay ASCII so that ``1,451.29`` still reads as one number.
    """
    # Short texts (lines, cells, names) are cached: the extractors fold the same ones many
    # times over, and NFKC is slow on Chinese text. Long ones would fill the cache.
    return _fold_short(text) if len(text) <= 300 else _fold_width(text)


@functools.lru_cache(maxsize=8192)
def _fold_short(text: str) -> str:
    return _fold_width(text)


def _fold_width(text: str) -> str:
    # str.translate looks each character up in a dict; str.replace is a fast scan.
    folded = unicodedata.normalize("NFKC", text)
    for old, new in _WIDTH_FOLD:
        folded = folded.replace(old, new)
    return folded


# NUL and UTF-16 surrogates on their own (from a damaged PDF's character map or a
# broken UTF-16 file): no UTF-8 encoder and no PostgreSQL text or JSON column takes them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` without the characters a database refuses (NUL, lone surrogates)."""
    return _UNSTORABLE.sub("", text)


# Look-alikes some PDF and Word exports put in place of common characters: Kangxi radicals
# (⼀ ⼈ ⽀ for 一 人 支), CJK compatibility ideographs, and the simplified radicals that
# are whole characters (⺠ ⻓ ⻔ for 民 长 门). A report never means them as radicals.
_SIMPLIFIED_RADICALS = dict(zip("⺟⺠⻁⻄⻅⻆⻉⻋⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳",
                                "母民虎西见角贝车长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄齐齿龙龟",
                                strict=True))
_LOOKALIKE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff]")


def _ideograph_table() -> dict[int, str]:
    table = {ord(radical): ideograph for radical, ideograph in _SIMPLIFIED_RADICALS.items()}
    for code in [*range(0x2F00, 0x2FE0), *range(0xF900, 0xFB00)]:
        unified = unicodedata.normalize("NFKC", chr(code))
        if unified != chr(code):
            table[code] = unified
    return table


_IDEOGRAPHS = _ideograph_table()


def unify_ideographs(text: str) -> str:
    """``text`` with radical and compatibility look-alikes as the ideographs they stand for."""
    return text.translate(_IDEOGRAPHS) if _LOOKALIKE.search(text) else text


def fold_key(text: str) -> str:
    """A name as a key: NFKC-folded, case-folded, trimmed (``ＲＬ1 `` and ``rl1`` are one)."""
    return unicodedata.normalize("NFKC", text).casefold().strip()


def fold_brackets(text: str) -> str:
    """Half-width brackets → full-width, nothing else (for names kept as printed)."""
    return text.translate(_BRACKETS)


def compact(text: str | None) -> str:
    """Whitespace removed, brackets folded to full width: text as the contract keeps it."""
    return fold_brackets(squeeze(text))


_CN_YEAR_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}
_CN_YEAR_DIGITS.update({"零": "0", "○": "0", "Ｏ": "0", "O": "0", "０": "0"})
_CN_YEAR = re.compile(rf"[{''.join(_CN_YEAR_DIGITS)}]{{4}}(?=年)")


def fold_cn_years(text: str) -> str:
    """二〇二三年度 → 2023年度: covers and titles often spell the year in characters."""

    def digits(match: re.Match[str]) -> str:
        year = "".join(_CN_YEAR_DIGITS[c] for c in match.group(0))
        return year if year.startswith(("19", "20")) else match.group(0)

    return _CN_YEAR.sub(digits, text)


# --- sentence ends -------------------------------------------------------------

# Punctuation that closes a clause: a title or heading never ends with it.
CLAUSE_END = "。！？!?；;：:"
# A line ending with one of these closes its sentence, so the next line starts anew;
# a line ending otherwise was cut by the page layout and continues on the next.
LINE_END = CLAUSE_END + "…”」』）)"


# A page number printed on a line of its own: 3, - 3 -, 第3页 共9页, 3/9.
PAGE_NUMBER = re.compile(
    r"^(?:[-—－–─]?\s*\d{1,3}\s*[-—－–─]?|[-—–－─]\s*\d+\s*[-—–－─]"
    r"|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$"
)
MAX_CAPTION = 50


def caption_shaped(text: str) -> bool:
    """A line that may title a table or figure: short, not a sentence, note or part heading.

    Readers add what their format tells (centring, a closing 表); this is what all agree on.
    """
    if not text or len(text) > MAX_CAPTION or text[-1] in CLAUSE_END + "，,":
        return False
    return not (text.startswith(("注", "说明", "详见")) or "部分" in text[:5])


# How the name of a government body ends (某某局, 某某委员会, 某某中心, 某某街道…).
BODY_SUFFIXES = (
    "局", "委员会", "委", "办公室", "办事处", "办", "厅", "院", "中心", "处", "所", "站", "队",
    "会", "部", "政府", "镇", "乡", "街道", "馆", "社", "学校", "联", "协", "校", "学", "医院",
    "公司", "署", "室", "团", "联合会", "法院", "检察院", "研究院", "管理局", "集团", "园", "场",
    "台", "库", "宫", "狱", "厂", "行", "盟",
)

# --- heading numbering ------------------------------------------------------------

# Chinese numerals of heading and row numbering (一、 （二） 第三部分 …).
CN_DIGITS = "一二三四五六七八九十"
CN_NUM = CN_DIGITS + "百零〇两"
# A table's printed number before its title: 表1：, 表 一、, 附表3, 表1-2, 公开01表, 公开表十二;
# spaces removed, 表1 2025年… is 表12025年…: a number has at most two digits.
TABLE_NUMBER = re.compile(
    rf"^(?:附?表\s*(?:[{CN_DIGITS}]+|[0-9]{{1,2}}(?=(?:19|20)\d\d年|[^0-9]|$))"
    rf"(?:[-－—–.．][0-9]{{1,2}}(?![0-9]))*[：:、.．]?"
    rf"|公开\s*[0-9{CN_DIGITS}]+\s*表[：:、]?|公开表\s*[0-9{CN_DIGITS}]+[：:、]?)"
)


# A continued table's mark, alone or with the title it repeats: 续表, 续表1, 续表一,
# 支出决算表（续）, （续表2）. Only at either end or in brackets: 持续 and 继续 are words.
_CONTINUED = re.compile(
    rf"^续表?[0-9{CN_DIGITS}]*|[（(]续表?[0-9{CN_DIGITS}]*[）)]|续表[0-9{CN_DIGITS}]*$")


def without_continued(title: str) -> str:
    """``title`` without its continuation mark (``支出决算表（续）`` → ``支出决算表``)."""
    return _CONTINUED.sub("", title)


def is_continuation_mark(text: str) -> bool:
    """The text is a continuation mark and nothing else (续表, （续）, 续表1)."""
    text = squeeze(text)
    return bool(text) and not without_continued(text)


def is_column_numbers(texts: list[str]) -> bool:
    """A 栏次 line: column numbers 1 2 3 …, maybe after the word 栏次 or 行次."""
    numbers = [t for t in map(squeeze, texts) if t and t not in ("栏次", "行次")]
    return len(numbers) >= 2 and all(t.isdigit() and len(t) <= 2 for t in numbers)


# Levels: 第X部分 / 第X章 = 1, 一、 = 2, （一） = 3, 1. / 1、 = 4, （1） = 5, 1） = 6,
# ① = 7 (circled numbers, common in Guangdong and Zhejiang templates).
_NUMBERING: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^第[{CN_NUM}\d]+(?:部分|章)")),
    (2, re.compile(rf"^[{CN_NUM}]{{1,3}}\s*[、.．]")),
    (3, re.compile(rf"^[（(]\s*[{CN_NUM}]{{1,3}}\s*[）)]")),
    (4, re.compile(r"^\d{1,2}\s*(?:[、．]|\.(?!\d))")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
    (6, re.compile(r"^\d{1,2}\s*[）)]")),
    (7, re.compile(r"^[\u2460-\u2473]")),
)
# The number opening a numbered item or row name (1、 （2） 三、 （四） ④), not a decimal (1.5).
ITEM_NUMBER = re.compile(
    rf"^(?:\d{{1,2}}[、.．](?!\d)|[（(][{CN_DIGITS}\d]{{1,3}}[）)]|[{CN_DIGITS}]+、|[\u2460-\u2473])"
)
# What opens a table row's name, never a header cell: 一、 （一） 1. — and so any cell
# that starts with digits and a point (12.5%, 14.91件), which a header never does.
ROW_NUMBERING = re.compile(rf"^(?:[{CN_DIGITS}]+、|[（(][{CN_DIGITS}]+[）)]|\d+[、.．])")

_TOC = re.compile(r"^目\s*录$")
_AMOUNT_WITH_UNIT = re.compile(r"\d[\d,.]*\s*(?:亿元|万元|元|%|％|人|个|家|辆|次)")
_INNER_PUNCT = re.compile(r"[，,；;：:。！？!?]")
_LINE_MARKERS = re.compile(r"[（(](?:类|款|项)[）)]")
_TITLE_END = re.compile(r"(?:情况|说明|概况|分析|措施|目标|指标|职能|职责|构成|设置)。$")
MAX_HEADING = 40


def numbering(line: str) -> tuple[int, str] | None:
    """(level, numbering token) of a line that starts with heading numbering."""
    stripped = line.strip()
    for level, pattern in _NUMBERING:
        match = pattern.match(stripped)
        if match:
            return level, squeeze(match.group(0))
    return None


def without_numbering(line: str) -> str:
    """A line with whitespace and its heading numbering removed: 七、存在的问题 → 存在的问题."""
    found = numbering(line)
    squeezed = squeeze(line)
    return squeezed[len(found[1]):] if found else squeezed


def is_toc_line(line: str) -> bool:
    """The 目录 line that opens a table of contents."""
    return bool(_TOC.match(line.strip()))


def looks_like_heading(line: str) -> bool:
    """A numbered, title-like line: short, no amounts, no sentence punctuation inside.

    That keeps numbered paragraphs ("1、2024年预算资金662.32万元。") and definitions
    ("一、财政拨款收入：指…") out.
    """
    stripped = line.strip()
    if is_toc_line(stripped):
        return True
    found = numbering(stripped)
    if found is None:
        return False
    level, token = found
    title = squeeze(stripped)[len(token):]
    if level == 1:
        return len(title) <= MAX_HEADING + 10
    if not title or len(title) > MAX_HEADING:
        return False
    if _LINE_MARKERS.search(title) or _AMOUNT_WITH_UNIT.search(title):
        return False
    if title.endswith("。") and not _TITLE_END.search(title):
        return False  # a numbered sentence, e.g. one item of a list of duties
    body = title[:-1] if title[-1] in "。：:" else title
    return not _INNER_PUNCT.search(body)
