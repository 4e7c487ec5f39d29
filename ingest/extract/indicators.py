"""Performance indicator rows (绩效自评表) from the document's tables.

The indicator block starts at a header row naming 三级指标 (or 指标名称) and
年度指标值 / 实际完成值 / 分值 / 得分. A row that prints every column is read by
its header. A shorter row is read from the right, because text dumps and PDF grids
lose the empty cells of merged 一级/二级 columns: the last two numbers are 分值 and
得分 (the last number alone is the 得分 where the header has no 分值; a text after
them is the 偏差原因), the two cells before them the target and the actual, and
the names before those fill 三级, 二级, 一级 from the right; missing names carry
down from the row above. A row that reads implausibly so is left out: a wrong
value is worse than a missing one. The indicators of a project's own 自评表
appended to the report (``projects``) are not the unit's.
"""

from __future__ import annotations

import re
from decimal import Decimal

from core.contract import ParsedIndicator
from core.text import fold_brackets, fold_width, squeeze
from ingest.document import Document, Table
from ingest.extract.projects import about_one_project, project_rows

_HEADER_NAME = re.compile(r"三级(?:指标)?|指标名称|绩效指标名称|具体指标|指标内容")
_HEADER_VALUES = re.compile(
    r"指标值|完成值|目标值|分值|得分|权重|标准分|满分|评分|预期目标|实际完成")
_END = re.compile(r"^(?:总分|合计|总计)")
_SCORE_TAIL = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[）)]")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_POINTS = re.compile(r"(-?\d+(?:\.\d+)?)分")  # 分值/得分 printed with their unit: 20分
_QUANTITY = re.compile(r"[≥≤=<>]?\d+(?:\.\d+)?\D{0,3}")  # a value (3人, 95%), never a name

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
# 一级 names only the 部门整体支出 frameworks use. Their tables print every 一级
# name short (投入 / 过程 / 产出 / 效益), so 产出 there is not a cut 产出指标.
SHORT_FRAMEWORK = frozenset({"投入", "过程", "决策", "管理", "履职", "预算编制", "预算执行"})


_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("level1", re.compile(r"一级指标|^一级$")),
    ("level2", re.compile(r"二级指标|^二级$")),
    ("level3", re.compile(r"三级指标|^三级$|指标名称|具体指标|指标内容")),
    ("actual", re.compile(r"完成值|实际值|实际完成|完成情况")),
    ("target", re.compile(r"指标值|目标值|预期目标|预期值")),
    ("weight", re.compile(r"分值|权重|标准分|满分")),
    # 评分标准 / 评分依据 describe how to score, they are not the score.
    ("score", re.compile(r"得分|评分(?!标准|依据|方法|细则)")),
    ("deviation", re.compile(r"偏差|原因|改进")),
    # Some templates split a target into its sign, number and unit (指标性质 ≥ | 指标值 60 |
    # 度量单位 场): the sign and the unit belong to the target and the actual.
    ("sign", re.compile(r"指标性质|指标方向")),
    ("unit", re.compile(r"^(?:度量|计量)?单位$")),
)
_SIGN = re.compile(r"^[=＝≥≤><＞＜]+$")


def extract_indicators(document: Document) -> list[ParsedIndicator]:
    """The unit's indicator rows; a project's (项目支出绩效自评表 appended to a 部门整体
    report or a 决算) are left out, and kept only in a file that is one project's report."""
    indicators: list[ParsedIndicator] = []
    of_projects: list[ParsedIndicator] = []
    projects = project_rows(document)
    roles: dict[str, int] | None = None  # columns of the indicator block being read
    width = span = 0  # the indicator table's width, and how many columns its header prints
    state = _Carry()
    for table in document.tables():
        rows = table.grid(fill_merged=True)
        extents = _row_extents(table)
        start = _header_index(rows)
        first = 0
        if start is not None:
            header, body = _header_band(rows, start)
            roles, width, span, state = _roles(header), table.n_cols, extents[start], _Carry()
            first = len(rows) - len(body)
        elif roles is None or table.n_cols != width:
            # Only a table as wide as the indicator table continues it (next page).
            roles = None
            continue
        # A header may stand alone, its rows in the next table (a PDF grid broken after it).
        state.short = state.short or any(_SCORE_TAIL.sub("", squeeze(c)) in SHORT_FRAMEWORK
                                         for row in rows[first:] for c in row)
        for index in range(first, len(rows)):
            cells = [squeeze(fold_brackets(c)) for c in rows[index]]
            if any(_END.match(c) for c in cells if c):
                roles = None
                break
            whole = extents[index] >= span  # every column printed: cells sit under the header
            indicator = _by_header(cells, roles, state, table, whole=whole) or _parse_row(
                cells, state, table, roles)
            if indicator is not None:
                if index in projects.get(id(table), ()):
                    of_projects.append(indicator)
                else:
                    indicators.append(indicator)
    return of_projects if not indicators and about_one_project(document) else indicators


def _row_extents(table: Table) -> list[int]:
    """How many columns each row prints, merged cells included: a text dump's row that
    lost the empty cells of merged columns prints fewer than its header."""
    extents = [0] * table.n_rows
    for cell in table.cells:
        for row in range(cell.row, cell.row + cell.rowspan):
            extents[row] = max(extents[row], cell.col + cell.colspan)
    return extents


def _header_index(rows: list[list[str]]) -> int | None:
    for i, row in enumerate(rows):
        text = "".join(row)
        if _HEADER_NAME.search(text) and len(_HEADER_VALUES.findall(text)) >= 2:
            return i
    return None


def _header_band(rows: list[list[str]], start: int) -> tuple[list[str], list[list[str]]]:
    """The header row, joined with a second header row under it.

    (指标值 over 年度指标值 | 实际完成值 gives 指标值/年度指标值, 指标值/实际完成值.)
    """
    header = rows[start]
    following = rows[start + 1] if start + 1 < len(rows) else []
    words = "".join(following)
    if following and not any(_is_number(c) for c in following) and _HEADER_VALUES.search(words):
        joined = [f"{top}/{low}" if low and low != top else top
                  for top, low in zip(header, following, strict=False)]
        return joined, rows[start + 2:]
    return header, rows[start + 1:]


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for col, text in enumerate(header):
        name = squeeze(text)
        for role, pattern in _ROLES:
            if role not in roles and pattern.search(name.split("/")[-1] or name):
                roles[role] = col
                break
    return roles


class _Carry:
    def __init__(self) -> None:
        self.level1 = ""
        self.level2 = ""
        self.short = False  # names are printed short on purpose: never complete them


def _is_number(text: str) -> bool:
    text = squeeze(fold_width(text))
    return bool(_NUMBER.fullmatch(text) or _POINTS.fullmatch(text))


def _points(text: str) -> str:
    """A 分值 or 得分 as its number (20分 → 20)."""
    found = _POINTS.fullmatch(squeeze(fold_width(text)))
    return found.group(1) if found else text


def _by_header(
    cells: list[str], roles: dict[str, int] | None, state: _Carry, table: Table,
    *, whole: bool = False,
) -> ParsedIndicator | None:
    """A row whose cells sit under their header (DOCX/XLSX grids, ruled PDF tables).

    A ``whole`` row (one that prints every column of the header) with a 分值 and no
    得分 was not scored: its 分值 stays the 分值, never read as the 得分.
    """
    if not roles or not {"level3", "score"} <= roles.keys():
        return None

    def cell(role: str) -> str:
        col = roles.get(role)
        return cells[col] if col is not None and col < len(cells) else ""

    # A header with no 分值 column (年初目标值 | 实际完成值 | 得分) scores each row alone.
    weighted = "weight" not in roles or _is_number(cell("weight"))
    unscored = (whole and "weight" in roles and weighted and not cell("score")
                and not _QUANTITY.fullmatch(cell("level3")))  # a shifted row: 3人 as a name
    if not (weighted and (_is_number(cell("score")) or unscored) and cell("level3")):
        return None
    names = [cell("level1"), cell("level2")] if "level1" in roles else [cell("level2")]
    if len(names) == 2 and names[0] == names[1]:
        names = names[:1]  # one 一级 cell across the 二级 column (满意度指标): no 二级 printed
    level1, level2 = _levels([n for n in names if n], state) if any(names) else (
        state.level1, state.level2)
    unit = cell("unit")
    sign = cell("sign") if _SIGN.match(cell("sign")) else ""
    target = cell("target") and sign + _with_unit(cell("target"), unit)
    return ParsedIndicator(
        level1=level1, level2=level2, level3=cell("level3"), target=target,
        actual=_with_unit(cell("actual"), unit), weight=_points(cell("weight")),
        score=_points(cell("score")),
        deviation=cell("deviation"), page=table.page,
    )


def _with_unit(value: str, unit: str) -> str:
    """A number printed apart from the unit column beside it, joined with it (60 | 场 → 60场)."""
    return value + unit if unit and _NUMBER.fullmatch(squeeze(fold_width(value))) else value


def _parse_row(
    cells: list[str], state: _Carry, table: Table, roles: dict[str, int] | None = None
) -> ParsedIndicator | None:
    """A row read from the right, for grids that lost the empty cells of merged columns.

    The last two adjacent numbers are 分值 and 得分, unless the header has no 分值
    column: then the last number is the 得分 and the number before it the actual.
    """
    if roles and "score" not in roles:
        return None  # a 绩效目标表 (targets and 分值 only): nothing here is a 得分
    if roles and "weight" not in roles:
        last = _last_number(cells)
        if last is None or last < 3:
            return None
        weight = ""
        score, actual, target = cells[last], cells[last - 1], cells[last - 2]
        names_end = last - 2
    else:
        last = _last_number_pair(cells)
        if last is None or last < 4:
            return None
        score, weight, actual, target = (cells[last], cells[last - 1], cells[last - 2],
                                         cells[last - 3])
        names_end = last - 3
    deviation = "".join(c for c in cells[last + 1:] if c)
    names = [n for n in cells[:names_end] if n]
    level3 = names[-1] if names else ""
    if not level3 or (not target and not actual) or _misread(level3, weight, score):
        return None
    level1, level2 = _levels(names[:-1], state)
    return ParsedIndicator(
        level1=level1, level2=level2, level3=level3, target=target, actual=actual,
        weight=_points(weight), score=_points(score), deviation=deviation, page=table.page,
    )


def _misread(level3: str, weight: str, score: str) -> bool:
    """Signs that a row read from the right was shifted (a 得分 left blank, the 实际完成值
    taken for the 分值): a framework level name where the 三级 name belongs, or a 得分
    above its 分值."""
    if _SCORE_TAIL.sub("", level3) in LEVEL2_PARENT or _as_level1(level3) == level3:
        return True
    return bool(weight and _is_number(weight) and _is_number(score)
                and Decimal(_points(fold_width(score))) > Decimal(_points(fold_width(weight))))


def _last_number(cells: list[str]) -> int | None:
    return next((i for i in range(len(cells) - 1, -1, -1) if _is_number(cells[i])), None)


def _last_number_pair(cells: list[str]) -> int | None:
    """Index of the 得分 cell: the second of the last two adjacent numbers."""
    for i in range(len(cells) - 1, 0, -1):
        if _is_number(cells[i]) and _is_number(cells[i - 1]):
            return i
    return None


def _levels(names: list[str], state: _Carry) -> tuple[str, str]:
    """一级 and 二级 for a row, from its own cells or carried down."""
    names = [_SCORE_TAIL.sub("", n) for n in names]
    if state.short:
        return _levels_as_printed(names, state)
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
    parent = LEVEL2_PARENT.get(level2)
    if parent and level2 != "成本指标" and level1 in LEVEL1_NAMES and level1 != parent:
        # A merged 一级 cell printed mid-height lands on a row of the next group
        # (时效指标 under 效益指标); the framework's own 一级 is the right one.
        level1 = parent
    state.level1, state.level2 = level1, level2
    return level1, level2


def _levels_as_printed(names: list[str], state: _Carry) -> tuple[str, str]:
    """一级 and 二级 of a short-name framework: as printed, missing ones carried down."""
    if len(names) >= 2:
        state.level1, state.level2 = names[-2], names[-1]
    elif names:
        state.level2 = names[-1]
    return state.level1, state.level2


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
