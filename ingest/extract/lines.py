"""Functional-classification lines stated in the narrative.

The 一般公共预算财政拨款支出决算具体情况 part states each line as
"X（类）Y（款）Z（项）… 年初预算为A万元，支出决算为B万元 … 主要原因：…".
The 类 name is normalised to its official name (一般公共服务 → 一般公共服务支出);
款 and 项 names are kept as printed. Where a statement table with codes is
available, the line gets the code of the row with the same names.
"""

from __future__ import annotations

import re

from ingest.document import Document
from ingest.extract.amounts import fold_brackets, fold_text, squeeze, to_wan_yuan
from ingest.extract.sections import body_lines, join_lines
from ingest.parsed import ParsedLine, ParsedTable

# 类 names of the 政府收支分类科目 (支出功能分类); public classification.
OFFICIAL_CATEGORIES = (
    "一般公共服务支出", "外交支出", "国防支出", "公共安全支出", "教育支出", "科学技术支出",
    "文化旅游体育与传媒支出", "社会保障和就业支出", "社会保险基金支出", "卫生健康支出",
    "节能环保支出", "城乡社区支出", "农林水支出", "交通运输支出", "资源勘探工业信息等支出",
    "商业服务业等支出", "金融支出", "援助其他地区支出", "自然资源海洋气象等支出", "住房保障支出",
    "粮油物资储备支出", "国有资本经营预算支出", "灾害防治及应急管理支出", "预备费", "其他支出",
    "转移性支出", "债务还本支出", "债务付息支出", "债务发行费用支出", "抗疫特别国债安排的支出",
)

_NAME = r"(?:[^。；;，,：（）\n\d]|（(?!类|款|项)[^（）\n]{1,6}）)"
_STATEMENT = re.compile(
    rf"(?P<cat>{_NAME}{{2,30}}?)（类）\s*(?P<item>{_NAME}{{1,40}}?)（款）\s*"
    rf"(?P<sub>{_NAME}{{1,40}}?)（项）"
)
_NUM = r"(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*(亿元|万元|千元|元)"
_BUDGET = re.compile(rf"年初预算(?:数)?(?:为|是|：)?\s*{_NUM}")
# Some regions print "预算数为…，决算数为…" without 年初.
_PLAIN_BUDGET = re.compile(rf"(?<![决算])预算(?:数)?(?:为|是|：)\s*{_NUM}")
_ACTUAL = re.compile(rf"(?:支出)?决算(?:数)?(?:为|是|：)?\s*{_NUM}")
_REASON = re.compile(r"(?:主要)?原因(?:是|为)?[：:]?(.+?)(?:。|$)")
_NEXT_SECTION = re.compile(
    r"\n(?=[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|第[一二三四五六七八九十]+部分)"
)
_NUMBER_PREFIX = re.compile(r"^(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、)\s*")


def extract_lines(document: Document, *, tables: list[ParsedTable]) -> list[ParsedLine]:
    text = _prepare(document)
    statements = list(_STATEMENT.finditer(text))
    lines: list[ParsedLine] = []
    for i, match in enumerate(statements):
        end = statements[i + 1].start() if i + 1 < len(statements) else len(text)
        tail = text[match.end(): min(end, match.end() + 600)]
        tail = _NEXT_SECTION.split(tail, maxsplit=1)[0]  # never read into the next section
        budget = _first_amount(_BUDGET, tail) or _first_amount(_PLAIN_BUDGET, tail)
        actual = _first_amount(_ACTUAL, tail)
        if budget is None and actual is None:
            continue
        reason = _REASON.search(tail)
        line = ParsedLine(
            category=normalise_category(match.group("cat")),
            item=clean_name(match.group("item")),
            subitem=clean_name(match.group("sub")),
            budget=budget,
            actual=actual,
            reason=reason.group(1).strip() if reason else "",
        )
        lines.append(line)
    _add_codes(lines, tables)
    _add_pages(lines, document)
    return lines


def _add_pages(lines: list[ParsedLine], document: Document) -> None:
    """Page where the line's 项 name is printed with its marker (first such block)."""
    blocks = [(b.page, squeeze(fold_brackets(fold_text(b.text)))) for b in document.text_blocks()]
    for line in lines:
        probe = line.subitem[-6:] + "（项）"
        line.page = next((page for page, text in blocks if probe in text), None)


def _prepare(document: Document) -> str:
    """Body text with layout line breaks joined, brackets and digits folded."""
    joined = join_lines([line.text for line in body_lines(document)])
    folded = fold_text(joined)
    return re.sub(r"[ \t\u3000]+", "", folded)


def _first_amount(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    if not match:
        return None
    return to_wan_yuan(match.group(1), match.group(2))


def clean_name(raw: str) -> str:
    name = squeeze(fold_brackets(raw))
    name = _NUMBER_PREFIX.sub("", name)
    return name.strip("：:，,。 ")


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
    ranked = sorted(
        tables, key=lambda t: (0 if "一般公共预算" in t.title and "支出" in t.title else 1)
    )
    for table in ranked:
        names = {row.code: _plain(row.name) for row in table.rows if row.code}
        for line in lines:
            if line.code:
                continue
            for code, name in names.items():
                if len(code) != 7 or name != _plain(line.subitem):
                    continue
                if names.get(code[:5]) not in (None, _plain(line.item)):
                    continue
                line.code = code
                break


def _plain(name: str) -> str:
    return _NUMBER_PREFIX.sub("", squeeze(fold_brackets(name)))
