"""Performance indicator rows (绩效自评表) from the document's tables.

The indicator block starts at a header row naming 三级指标 (or 指标名称) and
年度指标值 / 实际完成值 / 分值 / 得分. Rows are read from the right, because
text dumps and PDF grids lose the empty cells of merged 一级/二级 columns: the
last two numbers are 分值 and 得分 (a text after them is the 偏差原因), the two
cells before them the target and the actual, and the names before those fill
三级, 二级, 一级 from the right; missing names carry down from the row above.
"""

from __future__ import annotations

import re

from ingest.document import Document, Table
from ingest.extract.amounts import fold_brackets, fold_text, squeeze
from ingest.parsed import ParsedIndicator

_HEADER_NAME = re.compile(r"三级指标|指标名称|绩效指标名称")
_HEADER_VALUES = re.compile(r"指标值|完成值|目标值|分值|得分|权重")
_END = re.compile(r"^(?:总分|合计|总计)")
_SCORE_TAIL = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")

# The national indicator framework: 二级 names and the 一级 they belong to.
LEVEL2_PARENT: dict[str, str] = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "产出指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
}
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")


def extract_indicators(document: Document) -> list[ParsedIndicator]:
    indicators: list[ParsedIndicator] = []
    active = False
    for table in document.tables():
        rows = table.grid(fill_merged=True)
        start = _header_index(rows)
        if start is not None:
            active = True
            rows = rows[start + 1:]
        elif not active:
            continue
        state = _Carry()
        for row in rows:
            cells = [squeeze(fold_brackets(c)) for c in row]
            if any(_END.match(c) for c in cells if c):
                active = False
                break
            indicator = _parse_row(cells, state, table)
            if indicator is not None:
                indicators.append(indicator)
    return indicators


def _header_index(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows):
        text = "".join(row)
        if _HEADER_NAME.search(text) and len(_HEADER_VALUES.findall(text)) >= 2:
            return i
    return None


class _Carry:
    def __init__(self) -> None:
        self.level1 = ""
        self.level2 = ""


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(squeeze(fold_text(text))))


def _parse_row(cells: list[str], state: _Carry, table: Table) -> ParsedIndicator | None:
    while cells and not cells[-1]:
        cells = cells[:-1]
    if len(cells) < 5:
        return None
    deviation = ""
    if not _is_number(cells[-1]) and len(cells) >= 2 and _is_number(cells[-2]):
        deviation, cells = cells[-1], cells[:-1]
    if len(cells) < 5 or not (_is_number(cells[-1]) and _is_number(cells[-2])):
        return None
    score, weight, actual, target = cells[-1], cells[-2], cells[-3], cells[-4]
    names = [n for n in cells[:-4] if n]
    level3 = names[-1] if names else ""
    if not level3 or (not target and not actual):
        return None
    level1, level2 = _levels(names[:-1], state)
    return ParsedIndicator(
        level1=level1, level2=level2, level3=level3, target=target, actual=actual,
        weight=weight, score=score, deviation=deviation, page=table.page,
    )


def _levels(names: list[str], state: _Carry) -> tuple[str, str]:
    """一级 and 二级 for a row, from its own cells or carried down."""
    names = [_SCORE_TAIL.sub("", n) for n in names]
    level1 = names[-2] if len(names) >= 2 else ""
    level2 = _complete(names[-1]) if names else ""
    if level2 and not level1 and level2 not in LEVEL2_PARENT and _as_level1(level2):
        # A row naming only its 一级 (满意度) has no 二级 cell of its own.
        level1, level2 = _as_level1(level2), ""
    elif not level2:
        level1, level2 = state.level1, state.level2
    elif not level1:
        # A merged 一级 cell whose text went to another row: the framework knows it.
        level1 = LEVEL2_PARENT.get(level2) or state.level1
    level1 = _as_level1(level1) or level1
    state.level1, state.level2 = level1, level2
    return level1, level2


def _complete(name: str) -> str:
    """Names cut by a narrow column (经济效益指 → 经济效益指标)."""
    if name in LEVEL2_PARENT:
        return name
    for full in LEVEL2_PARENT:
        if len(name) >= 2 and full.startswith(name):
            return full
    return name


def _as_level1(name: str) -> str:
    for full in LEVEL1_NAMES:
        if name and (name == full or (full.startswith(name) and len(name) >= 2)):
            return full
    return ""
