"""Functional-classification lines stated in the narrative.

The 一般公共预算财政拨款支出决算具体情况 part states each line with its
figures and often a reason. Regions word the line's name differently:

- ``X（类）Y（款）Z（项）`` on one line (the 财政部 template), the 项 marker
  sometimes replaced or followed by the code: ``Z（2010101）``, ``Z（项）2010101``;
- 类 and 款 on lines of their own with the 项 lines under them;
- the code and the 项 name only: ``2010101行政运行：`` or ``行政运行（2010101）``.

So the text is scanned for *marks* (a name with its 类/款/项 marker, or a 项
name with its code) in order; 类 and 款 marks set the context, each 项 mark
followed by a 年初预算 or 决算 amount is a line. The 类 name is normalised to
its official name (一般公共服务 → 一般公共服务支出), or taken from the code's
first three digits; 款 and 项 names are kept as printed. Where a statement
table with codes is available, the line gets the code of the row with the
same names (and a line known only by its code gets its 款 name from there).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from core.classification import CATEGORY_NAMES, ITEM_NAMES
from core.contract import BUDGET, FINAL_ACCOUNTS, ParsedLine, ParsedTable
from core.money import MONEY_UNIT, NUMBER, TEXT_MONEY_UNIT, to_wan_yuan
from core.text import ITEM_NUMBER, compact, fold_brackets, fold_width, squeeze
from ingest.document import Document
from ingest.extract.sections import body_lines, join_lines

# 类 names of the 政府收支分类科目 (支出功能分类); public classification.
# The 类 and 款 names of the 支出功能分类 (public classification, core.classification).
CATEGORY_CODES: dict[str, str] = CATEGORY_NAMES
ITEM_CODES: dict[str, str] = ITEM_NAMES
OFFICIAL_CATEGORIES: tuple[str, ...] = tuple(CATEGORY_NAMES.values())

# 款 names used before the classification renamed them (20805 until 2021).
FORMER_ITEM_CODES: dict[str, str] = {"20805": "行政事业单位离退休"}
# A 款 known by its name, to its code: some reports mark a 款 as （类）.
_ITEMS_BY_NAME = {name: code for code, name in {**ITEM_CODES, **FORMER_ITEM_CODES}.items()}

_NAME = r"(?:[^。；;，,：（）\n\d.．]|（(?!类|款|项|\d)[^（）\n]{1,6}）)"
_CODE = r"2\d{6}(?![\d.年%])"
# A name with its marker; the 项 marker may be the code itself or carry it after.
_MARK = re.compile(
    rf"(?P<name>{_NAME}{{1,40}}?)"
    # The marker may carry its part of the code: 公共安全支出（204类）司法（06款）….
    rf"(?:（(?P<part>\d{{2,3}})?(?P<level>类|款|项)）|（(?P<bracket_code>{_CODE})）)"
    rf"(?:[（【\[]?(?P<code>{_CODE})[）】\]]?)?"
)
# The code printed just before a marked 项 name: 2080201 行政运行（项）.
_CODE_BEFORE = re.compile(rf"(?<![\d.,])(?P<code>{_CODE})\s*$")
# A code printed before the 项 name: 2010101行政运行：年初预算…
_LIST_NUMBER_BEFORE = (  # "1.2010101行政运行": the list's own number, then the code
    r"(?<=^\d[.．])|(?<=^\d\d[.．])|(?<=[\n。；;]\d[.．])|(?<=[\n。；;]\d\d[.．])"
)
_CODE_FIRST = re.compile(
    rf"(?:(?<![\d.,])|{_LIST_NUMBER_BEFORE})[【\[]?(?P<code>{_CODE})[】\]]?(?!（)"
    # A budget may give the amount right after the name: 2010101行政运行300万元.
    rf"(?P<name>{_NAME}{{2,40}}?)(?=[：（。，]|年初|预算|决算|支出决算|支出预算|(?:{NUMBER})\s*(?:{MONEY_UNIT}))"
)
# The subject with dashes between its levels, as some regions print a budget's lines
# (quoted in the report; quotes are gone from the prepared text):
# 一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行科目1,202.95万元.
_DASH = r"[-－—–]"
_DASHED = re.compile(
    rf"(?P<category>{_NAME}{{2,30}}?){_DASH}(?P<item>{_NAME}{{2,40}}?){_DASH}"
    rf"(?P<subitem>{_NAME}{{2,40}}?)(?=科目)"
)
_NUM = (
    rf"(?:({NUMBER})\s*({TEXT_MONEY_UNIT})"
    r"|(0(?:\.0+)?)(?![\d.%％]))"  # 年初预算为0，: a zero needs no unit
)
_BUDGET = re.compile(rf"年初预算(?:数|金额)?(?:为|是|：)?\s*{_NUM}")
# Some regions print "预算数为…，决算数为…" without 年初.
# "本年预算数100万元" needs no 为 after 数; the prior year's (上年预算数) is no budget of the line.
_PLAIN_BUDGET = re.compile(
    rf"(?<!全年)(?<!调整)(?<![决算])(?<!上年)(?<!上年度)(?<!上一年度)"
    rf"预算(?:数(?:为|是|：)?|(?:为|是|：))\s*{_NUM}")
# 全年预算 (调整预算): the budget as adjusted during the year, never the 年初预算.
_FULL_YEAR = re.compile(rf"(?:全年|调整后?)预算(?:数|金额)?(?:为|是|：)?\s*{_NUM}")
# In a budget, the amount a line states right after its name is its budget:
# 行政运行（项）12268.62万元, 行政运行（项）支出7448.2万元, …安排预算为…, and with the
# subject quoted, “…（类）…（款）…（项）”科目43.83万元.
_STATED = re.compile(
    r"^[”’」』\"]?(?:科目)?"
    rf"[，,：:\s]*(?:年初)?(?:预算)?(?:支出|安排|拨款)?(?:预算)?(?:数|金额)?(?:为|是)?\s*{_NUM}"
)
# In a final account, the amount a line states right after its name as its 支出 is
# what it spent: 行政运行（2010101）支出110万元，年初预算数100万元.
_STATED_ACTUAL = re.compile(rf"^[”’」』\"]?[，,：:\s]*支出(?:为|是)?\s*{_NUM}")
# Not the prior year's account ("上年决算数为…") that some regions print first.
_ACTUAL = re.compile(
    rf"(?<!上年)(?<!上年度)(?<!上一年度)"
    rf"(?:(?:支出)?决算(?:支出)?|实际支出|全年支出)(?:数|金额)?(?:为|是|：)?\s*{_NUM}"
)
_REASON = re.compile(r"(?:主要)?原因(?:是|为|系|在于)?[：:]?(.+?)(?:。|$)")
# "决算数大于年初预算数，主要是…" states the reason without the word 原因
# ("主要用于" describes the line instead).
_REASON_MAINLY = re.compile(r"主要(?:是|系|由于|因为)(?!用于)[：:]?(.+?)(?:。|$)")
_NEXT_SECTION = re.compile(
    r"\n(?=[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)"
)


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    level: str  # 类, 款 or 项
    name: str
    code: str | None
    part: str = ""  # the level's digits printed in its marker (204类, 06款, 13项)


def extract_lines(
    document: Document, *, tables: list[ParsedTable], kind: str = FINAL_ACCOUNTS,
    fiscal_year: int | None = None,
) -> list[ParsedLine]:
    text, headings = _prepare(document)
    marks = _marks(text)
    lines: list[ParsedLine] = []
    category, item = "", ""
    parts = ["", ""]  # the 类 and 款 digits their markers printed
    category_of_item = False  # the 类 is the one a 款's official name belongs to
    for i, mark in enumerate(marks):
        previous = marks[i - 1].start if i else -1
        if bisect.bisect_right(headings, mark.start) > bisect.bisect_right(headings, previous):
            # A heading between: "（三）…具体情况 / 1.行政运行（项）" is under no 类 or 款 the
            # section before it named (its 类 by structure: 社会保障和就业（类）300万元).
            category, item, parts = "", "", ["", ""]
            category_of_item = False
        if mark.level == "类":
            category_of_item = False
            category, item = normalise_category(mark.name), ""
            parts = [mark.part, ""]
            known_item = _ITEMS_BY_NAME.get(clean_name(mark.name))
            if category not in OFFICIAL_CATEGORIES and known_item:
                # "行政事业单位离退休（类）": a 款 marked as a 类; its code names the 类.
                category, item = CATEGORY_CODES[known_item[:3]], clean_name(mark.name)
            continue
        if mark.level == "款":
            item = clean_name(mark.name)
            parts[1] = mark.part
            known_item = _ITEMS_BY_NAME.get(item)
            if known_item and CATEGORY_CODES.get(known_item[:3], category) != category:
                # "社会保障和就业（类）300万元；人大事务（款）…": an official 款 name says
                # its 类; the 类 named before it is another line's.
                category, parts[0] = CATEGORY_CODES[known_item[:3]], ""
                category_of_item = True
            elif not known_item and category_of_item:
                category = ""  # the 类 a previous 款 said is not this one's
            continue
        if mark.part and not mark.code and all(len(p) for p in parts):
            code = parts[0] + parts[1] + mark.part
            mark.code = code if len(code) == len("2010101") else None
        end = marks[i + 1].start if i + 1 < len(marks) else len(text)
        tail = text[mark.end: min(end, mark.end + 600)]
        line = _line(mark, tail, category, item, budget_report=kind == BUDGET,
                     fiscal_year=fiscal_year)
        if line is not None:
            lines.append(line)
    _add_codes(lines, tables)
    _add_items(lines, tables)
    _add_pages(lines, document)
    return lines


def _marks(text: str) -> list[_Mark]:
    """Every 类/款/项 mark and code-first 项 mark, in reading order, none overlapping."""
    found: list[_Mark] = []
    for match in _MARK.finditer(text):
        level = match.group("level") or "项"
        code = match.group("bracket_code") or match.group("code")
        if level == "项" and not code and (before := _CODE_BEFORE.search(
                text, max(0, match.start() - 9), match.start())):
            code = before.group("code")  # 2080201 行政运行（项）
        if match.group("bracket_code") and not _clause_start(text, match.start()):
            continue  # "主要用于行政运行（2010101）等": a mention inside a sentence
        found.append(_Mark(match.start(), match.end(), level, match.group("name"),
                           code if level == "项" else None, match.group("part") or ""))
    for match in _DASHED.finditer(text):
        start, end = match.start(), match.end()
        if not _clause_start(text, start):
            continue
        found += [
            _Mark(start, start, "类", match.group("category"), None),
            _Mark(start, start, "款", match.group("item"), None),
            _Mark(start, end, "项", match.group("subitem"), None),
        ]
    taken = [(m.start, m.end) for m in found]
    for match in _CODE_FIRST.finditer(text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        if _clause_start(text, match.start()):
            found.append(_Mark(match.start(), match.end(), "项", match.group("name"),
                               match.group("code")))
    return sorted(found, key=lambda m: m.start)


_ITEM_NUMBER = re.compile(r"(?:\d{1,2}[、.．]|（\d{1,2}）|[\u2460-\u2473])$")


def _clause_start(text: str, pos: int) -> bool:
    """A mark that opens a line, a sentence, a numbered item, or follows a 类/款 mark."""
    before = _ITEM_NUMBER.sub("", text[max(0, pos - 6):pos])
    return not before or before[-1] in "\n。；;" or before.endswith(("（类）", "（款）"))


def _line(
    mark: _Mark, tail: str, category: str, item: str, *, budget_report: bool = False,
    fiscal_year: int | None = None,
) -> ParsedLine | None:
    """The line a 项 mark states, when the text after it gives its figures.

    A budget states what is budgeted and nothing spent: its first amount is the budget.
    """
    tail = _NEXT_SECTION.split(tail, maxsplit=1)[0]  # never read into the next section

    def first(pattern: re.Pattern[str]) -> str | None:
        return _first_amount(pattern, tail, fiscal_year)

    budget = first(_BUDGET) or first(_PLAIN_BUDGET)
    full_year = first(_FULL_YEAR)
    actual = first(_ACTUAL) or first(_STATED_ACTUAL)
    if budget_report:
        budget, actual = budget or first(_STATED), None
    if budget is None and actual is None and full_year is None:
        return None
    if mark.code:
        # A code names its 类 for certain; a 款 context of another 类 is stale.
        coded = CATEGORY_CODES.get(mark.code[:3], category)
        if coded != category:
            category, item = coded, ""
    return ParsedLine(
        category=category,
        item=item,
        subitem=clean_name(mark.name),
        budget=budget,
        actual=actual,
        budget_full_year=full_year,
        code=mark.code,
        reason=_reason(tail),
    )


def _reason(tail: str) -> str:
    match = _REASON.search(tail) or _REASON_MAINLY.search(tail)
    return match.group(1).strip() if match else ""


def _add_pages(lines: list[ParsedLine], document: Document) -> None:
    """Page where the line's 项 name is printed with its marker or code (first such block)."""
    blocks = [(b.page, squeeze(fold_brackets(fold_width(b.text)))) for b in document.text_blocks()]
    for line in lines:
        probes = [line.subitem[-6:] + "（项）"] + ([line.code] if line.code else [])
        line.page = next(
            (page for page, text in blocks if any(p in text for p in probes)), None
        )


def _prepare(document: Document) -> tuple[str, list[int]]:
    """Body text with layout line breaks joined, brackets and digits folded, and where
    in it each heading starts."""
    # A heading keeps its own line: a 项 name after it must not run into it.
    paragraphs: list[tuple[bool, list[str]]] = [(False, [])]
    for line in body_lines(document):
        if line.heading:
            paragraphs.extend([(True, [line.text]), (False, [])])
        else:
            paragraphs[-1][1].append(line.text)
    parts: list[str] = []
    headings: list[int] = []
    offset = 0
    for heading, texts in paragraphs:
        if not texts:
            continue
        part = _folded(join_lines(texts))
        if heading:
            headings.append(offset)
        parts.append(part)
        offset += len(part) + 1
    return "\n".join(parts), headings


def _folded(text: str) -> str:
    folded = fold_width(text)
    folded = _QUOTES.sub("", folded)  # names quoted as a whole: “X（类）…（项）”
    folded = _LEVEL_MARKS.sub(r"（\1）", folded)  # 【类】 / [款] markers
    return _BLANKS.sub("", folded)


_QUOTES = re.compile(r"[“”\"]")
_LEVEL_MARKS = re.compile(r"[【\[](类|款|项)[】\]]")
_BLANKS = re.compile(r"[ \t\u3000]+")


# "2023年决算数为90万元，2024年年初预算为100万元": a measure another year's name stands
# before is that year's figure, never this year's.
_YEAR_BEFORE = re.compile(r"((?:19|20)\d{2})年度?$")


def _first_amount(
    pattern: re.Pattern[str], text: str, fiscal_year: int | None = None
) -> str | None:
    for match in pattern.finditer(text):
        year = _YEAR_BEFORE.search(text, 0, match.start())
        if year and fiscal_year and int(year.group(1)) != fiscal_year:
            continue
        if match.group(3) is not None:
            return match.group(3)
        return to_wan_yuan(match.group(1), match.group(2))
    return None


def clean_name(raw: str) -> str:
    name = squeeze(fold_brackets(raw))
    name = name.lstrip("、.．：:，,。-—－ ")  # 2010101-行政运行
    name = ITEM_NUMBER.sub("", name).lstrip()
    return name.strip("：:，,。、 ")


def normalise_category(raw: str) -> str:
    name = clean_name(raw)
    # The name runs back to the statement's numbering or the previous sentence.
    name = re.split(r"[。；;：:]", name)[-1]
    if name in OFFICIAL_CATEGORIES:
        return name
    if name + "支出" in OFFICIAL_CATEGORIES:
        return name + "支出"
    for official in OFFICIAL_CATEGORIES:
        if name.endswith((official, official.removesuffix("支出"))):
            return official
    return name


def _add_codes(lines: list[ParsedLine], tables: list[ParsedTable]) -> None:
    """Code of the 项 row whose 项, 款 and 类 names match, from a coded statement table."""
    for table in _ranked(tables):
        names = {row.code: _plain(row.name) for row in table.rows if row.code}
        for line in lines:
            if line.code:
                continue
            for code, name in names.items():
                if len(code) != 7:
                    continue
                item_name = names.get(code[:5])
                if not line.item and item_name and _plain(line.subitem) == item_name + name:
                    # "人大事务行政运行（项）": the 款 name printed before the 项 name unmarked.
                    line.item, line.subitem = item_name, name
                elif name != _plain(line.subitem) or item_name not in (None, _plain(line.item)):
                    continue
                line.code = code
                # A line printed without its 类 (1、人大事务（款）行政运行（项）) gets it here.
                line.category = line.category or CATEGORY_CODES.get(code[:3], "")
                break


def _add_items(lines: list[ParsedLine], tables: list[ParsedTable]) -> None:
    """款 name of a line known by its code only: the code's 款 row in a table, else its name."""
    for line in lines:
        if line.item or not line.code:
            continue
        for table in _ranked(tables):
            row = next((r for r in table.rows if r.code == line.code[:5]), None)
            if row is not None:
                line.item = _plain(row.name)
                break
        else:
            line.item = ITEM_CODES.get(line.code[:5], "")


def _ranked(tables: list[ParsedTable]) -> list[ParsedTable]:
    return sorted(
        tables, key=lambda t: (0 if "一般公共预算" in t.title and "支出" in t.title else 1)
    )


def _plain(name: str) -> str:
    return ITEM_NUMBER.sub("", compact(name))
