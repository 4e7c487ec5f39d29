"""Statement tables as accounting structures: which cells total which, and whether they add up.

A statement table (收入支出决算总表, 支出决算表, 基本支出预算表 …) is more than a grid:

- **Columns** form a tree from their header paths (``本年支出/项目支出/小计``). Within a
  band, a column headed 合计 / 小计 / 总计 / 本年收入合计 … is the total of its sibling
  columns; a column headed ``其中：…`` is *of which* its parent (a part of it, never a
  sibling to add); a band's own value is its total column (``事业收入/金额`` beside
  ``事业收入/其中：教育收费``).
- **Rows** form a tree from their classification codes (a 类 ``205`` is the sum of its 款
  ``205xx``, a 款 of its 项 ``205xxxx``), from their numbering (``一、财政拨款`` is the sum
  of the ``1.`` ``2.`` items under it) and from their wording (a 合计 row is the sum of the
  top-level rows of its block; ``本年收入合计`` of the numbered rows above it; ``总计`` of
  that subtotal and the carry-over rows after it; ``其中：…`` rows are parts of the row
  above, never added).
- A two-sided table (收入 | 支出) balances: its two grand totals are equal.

``check_table`` returns every identity that does not hold as printed. A difference the
rounding of the printed digits can explain is still reported, marked ``rounding``: the
reader uses a table's balance to tell a misreading from what the report prints, and a
consistency check tells a 尾差 from a slip. Pure functions over rows of strings.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from core.money import ZERO, sum_matches, to_decimal
from core.text import numbering, squeeze

# Column headings that total their siblings.
_TOTAL_COLUMN = re.compile(r"^(?:合计|小计|总计|本年(?:收入|支出)合计|金额合计|总额)$")
_AMOUNT_COLUMN = re.compile(r"^(?:金额|小计)$")  # a band's own value beside its 其中 parts
# Columns that hold no money (rates, counts, row numbers) never take part.
_NOT_MONEY = re.compile(r"率|比例|比重|%|％|人数|人次|个数|辆|次数|得分|分值|权重|行次|栏次|序号")
OF_WHICH = re.compile(r"^其中[：:，,]?")
# Measures a column band is split into (预算数 | 决算数): alternatives, never parts.
_MEASURE = re.compile(r"数$|^金额$")

# Row names.
_GRAND_TOTAL_ROW = re.compile(r"^(?:收入|支出|收支)?(?:总计|合计)$")
_SUBTOTAL_ROW = re.compile(
    r"^(?:本年|当年|本期)?(?:收入|支出)(?:合计|小计)$|^(?:本年|当年)(?:收入|支出)$"
)
# A total's wording anywhere in a name or heading (本年支出合计, 项目支出小计).
TOTAL_WORDS = re.compile(r"合计|总计|小计")


@dataclass(frozen=True, slots=True)
class Basis:
    """What an identity adds up, in no language: its shape and the names it mentions.

    The consistency checks show it in the reader's language; ``str()`` is English (the
    parse diagnostics). Shapes and their names:

    - ``coded``: the 款 / 项 rows under a code (names: the level, or "" for deeper rows,
      and the parent code);
    - ``categories``: the 类 rows of a block; ``rows``: its top coded rows;
    - ``numbered``: the numbered rows of a block;
    - ``items``: the items numbered under a row (names: the row);
    - ``carry_over``: a subtotal and the carry-over rows after it (names: the subtotal);
    - ``columns``: part columns (names: the columns);
    - ``part_of``: an of-which row or column within its whole (names: part, whole);
    - ``sides``: the 收入 side's grand total.
    """

    shape: str
    names: tuple[str, ...] = ()

    def __str__(self) -> str:
        names = self.names
        if self.shape == "coded":
            return f"{names[0] or 'sub'} rows of {names[1]}"
        if self.shape == "items":
            return f"items under {names[0]}"
        if self.shape == "carry_over":
            return f"{names[0]} + carry-over"
        if self.shape == "columns":
            return " + ".join(names)
        if self.shape == "part_of":
            return f"{names[0]} is part of {names[1]}"
        return _BASIS_WORDS[self.shape]


_BASIS_WORDS = {"categories": "类 rows", "rows": "rows", "numbered": "numbered rows",
                "sides": "收入 side total"}


@dataclass(frozen=True, slots=True)
class Row:
    """One data row of a statement table: its code, its name, its amounts by column label."""

    code: str | None
    name: str
    values: Mapping[str, str]


@dataclass(slots=True)
class Imbalance:
    """An identity of the table that does not hold as printed."""

    row: int  # index of the row holding the total
    label: str  # column label of the total
    total: Decimal
    total_text: str
    computed: Decimal
    parts: list[tuple[int, str]]  # (row index, column label) of each part
    basis: Basis  # what the identity adds up, e.g. the 款 rows of 205, 基本支出 + 项目支出
    rounding: bool = False  # the difference is within the rounding of the printed digits
    kind: str = "sum"  # "sum", "of_which" (a part above its whole) or "sides"
    # Which structure the identity comes from: "codes" (类/款/项 rows), "rows" (合计 and
    # numbered rows), "columns" (a total column), "sides" (收 | 支), "of_which" (其中).
    origin: str = "rows"

    @property
    def rule(self) -> str:
        """The identity in English words: ``款 rows of 205``, ``基本支出 + 项目支出``."""
        return str(self.basis)

    @property
    def difference(self) -> Decimal:
        return self.total - self.computed

    def describe(self, rows: Sequence[Row]) -> str:
        """``205 教育支出 · 项目支出 96077.73 != 96077.72 (款 rows of 205; rounding)``."""
        row = rows[self.row]
        where = " ".join(p for p in (row.code or "", row.name) if p) or f"row {self.row + 1}"
        relation = ">" if self.kind == "of_which" else "!="
        note = f"{self.rule}; rounding" if self.rounding else self.rule
        computed = _plain(self.computed)
        return f"{where} · {self.label} {self.total_text} {relation} {computed} ({note})"


@dataclass(slots=True)
class _Identity:
    row: int
    label: str
    parts: list[tuple[int, str]]
    basis: Basis
    kind: str = "sum"
    origin: str = "rows"


def check_table(rows: Sequence[Row]) -> list[Imbalance]:
    """Every identity of the table that does not hold as printed (empty when it balances)."""
    labels = _money_labels(rows)
    found: list[Imbalance] = []
    for identity in _identities(rows, labels):
        imbalance = _test(rows, identity)
        if imbalance is not None:
            found.append(imbalance)
    return found


def identity_count(rows: Sequence[Row]) -> int:
    """How many identities the table implies (0: nothing can be checked)."""
    return len(_identities(rows, _money_labels(rows)))


# --- testing one identity -----------------------------------------------------------


def _cell(rows: Sequence[Row], row: int, label: str) -> tuple[Decimal, str]:
    text = rows[row].values.get(label, "")
    value = to_decimal(text) if text else None
    return (value, text) if value is not None else (ZERO, "")


def _test(rows: Sequence[Row], identity: _Identity) -> Imbalance | None:
    total, total_text = _cell(rows, identity.row, identity.label)
    parts = [_cell(rows, r, label) for r, label in identity.parts]
    if not total_text and not any(text for _, text in parts):
        return None
    if identity.kind == "of_which":
        whole, part = total, parts[0][0]
        if abs(part) <= abs(whole):
            return None
        return Imbalance(identity.row, identity.label, whole, total_text, part, identity.parts,
                         identity.basis, kind="of_which", origin="of_which")
    computed = sum((value for value, _ in parts), ZERO)
    if computed == total:
        return None
    rounding = sum_matches(total, total_text or "0", [p for p in parts if p[1]])
    return Imbalance(identity.row, identity.label, total, total_text or "0", computed,
                     identity.parts, identity.basis, rounding=rounding, kind=identity.kind,
                     origin=identity.origin)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


# --- which identities a table implies --------------------------------------------------


def _money_labels(rows: Sequence[Row]) -> list[str]:
    labels = list(dict.fromkeys(label for row in rows for label in row.values))
    return [label for label in labels if not _NOT_MONEY.search(label)]


def _identities(rows: Sequence[Row], labels: list[str]) -> list[_Identity]:
    found: list[_Identity] = []
    column_rules = _column_identities(labels)
    for r, row in enumerate(rows):
        for total, parts, basis in column_rules:
            if total in row.values or any(p in row.values for p in parts):
                found.append(_Identity(r, total, [(r, p) for p in parts], basis,
                                       origin="columns"))
        for whole, part in _of_which_columns(labels):
            if part in row.values:
                found.append(_Identity(r, whole, [(r, part)], Basis("part_of", (part, whole)),
                                       kind="of_which", origin="of_which"))
    for total_row, part_rows, basis, origin in _row_identities(rows):
        # Only the columns the total row prints: a side of a 收 | 支 table has its own.
        for label in labels:
            if label in rows[total_row].values:
                found.append(_Identity(total_row, label, [(p, label) for p in part_rows], basis,
                                       origin=origin))
    for whole_row, part_row in _of_which_rows(rows):
        for label in labels:
            if label in rows[part_row].values:
                found.append(_Identity(whole_row, label, [(part_row, label)],
                                       Basis("part_of", (rows[part_row].name,
                                                         rows[whole_row].name)),
                                       kind="of_which", origin="of_which"))
    found.extend(_side_identities(rows, labels))
    return found


# Columns ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    name: str
    path: str
    children: dict[str, _Node] = field(default_factory=dict)
    is_label: bool = False


def _column_tree(labels: list[str]) -> _Node:
    root = _Node("", "")
    for label in labels:
        node = root
        for part in label.split("/"):
            path = f"{node.path}/{part}" if node.path else part
            node = node.children.setdefault(part, _Node(part, path))
        node.is_label = True
    return root


def _total_child(node: _Node) -> _Node | None:
    totals = [c for c in node.children.values() if _TOTAL_COLUMN.match(c.name)]
    if len(totals) == 1:
        return totals[0]
    has_of_which = any(OF_WHICH.match(c.name) for c in node.children.values())
    amounts = [c for c in node.children.values() if _AMOUNT_COLUMN.match(c.name)]
    return amounts[0] if has_of_which and len(amounts) == 1 else None


def _parts(node: _Node, total: _Node) -> list[_Node]:
    return [c for c in node.children.values()
            if c is not total and not OF_WHICH.match(c.name)]


def _value_columns(node: _Node, suffix: str) -> list[str] | None:
    """The labels whose sum is ``node``'s value for the leaf path ``suffix``; None if unknown.

    A measure no column of the node prints (决算数 of a 因公出国 column blank in every
    row) is zero: it gives no labels.
    """
    target: _Node | None = node
    for part in suffix.split("/") if suffix else []:
        target = target.children.get(part) if target is not None else None
    if target is not None and target.is_label and not target.children:
        return [target.path]
    total = _total_child(node)
    if total is not None:
        return _value_columns(total, suffix)
    if not node.children:
        return [] if not suffix else None
    if suffix and all(_MEASURE.search(name) for name in node.children):
        return []  # the node prints other measures only
    columns: list[str] = []
    for child in _parts(node, node):
        found = _value_columns(child, suffix)
        if found is None:
            return None
        columns.extend(found)
    return columns


def _suffixes(node: _Node) -> list[str]:
    """Leaf paths below ``node`` (the measures a total column is split into), "" for a leaf."""
    if not node.children:
        return [""]
    out: list[str] = []
    for child in node.children.values():
        out.extend(f"{child.name}/{s}" if s else child.name for s in _suffixes(child))
    return out


def _column_identities(labels: list[str]) -> list[tuple[str, list[str], Basis]]:
    """(total label, part labels, basis) for every band with a total column."""
    out: list[tuple[str, list[str], Basis]] = []

    def visit(node: _Node) -> None:
        total = _total_child(node)
        if total is not None:
            parts = _parts(node, total)
            for suffix in _suffixes(total):
                total_label = f"{total.path}/{suffix}" if suffix else total.path
                if total_label not in labels:
                    continue
                columns: list[str] = []
                for part in parts:
                    found = _value_columns(part, suffix)
                    if found is None:
                        columns = []
                        break
                    columns.extend(found)
                if columns and total_label not in columns:
                    out.append((total_label, columns,
                                Basis("columns", tuple(p.name for p in parts))))
        for child in node.children.values():
            visit(child)

    visit(_column_tree(labels))
    return out


def _of_which_columns(labels: list[str]) -> list[tuple[str, str]]:
    """(whole label, part label) for each 其中 column beside its band's amount column."""
    out: list[tuple[str, str]] = []
    for label in labels:
        head, _, leaf = label.rpartition("/")
        if not OF_WHICH.match(leaf):
            continue
        candidates = [f"{head}/{name}" if head else name for name in ("金额", "小计", "合计")]
        whole = next((c for c in candidates if c in labels), None)
        if whole is not None:
            out.append((whole, label))
    return out


# Rows -------------------------------------------------------------------------------


def _clean(name: str) -> str:
    return squeeze(name).replace("：", "").replace(":", "")


def _is_of_which(row: Row) -> bool:
    return bool(OF_WHICH.match(squeeze(row.name)))


def _level(row: Row) -> int | None:
    """The row's numbering level (一、 = 2, （一） = 3, 1. = 4 …); None when unnumbered."""
    found = numbering(squeeze(row.name))
    return found[0] if found else None


def _is_total_row(row: Row) -> bool:
    name = _clean(row.name)
    return not row.code and bool(_GRAND_TOTAL_ROW.match(name) or _SUBTOTAL_ROW.match(name)
                                 or name.endswith(("合计", "总计")))


def _row_identities(rows: Sequence[Row]) -> list[tuple[int, list[int], Basis, str]]:
    out = [(*found, "codes") for found in _code_identities(rows)]
    for found in (*_numbered_identities(rows), *_group_identities(rows),
                  *_total_row_identities(rows)):
        out.append((*found, "rows"))
    return out


def _code_identities(rows: Sequence[Row]) -> list[tuple[int, list[int], Basis]]:
    """A 类 row is the sum of its 款 rows, a 款 row of its 项 rows."""
    index = {row.code: i for i, row in enumerate(rows) if row.code}
    children: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        parent = _parent_code(row.code, index)
        if parent is not None:
            children.setdefault(index[parent], []).append(i)
    level = {5: "款", 7: "项"}
    out = []
    for parent_row, kids in children.items():
        code = rows[parent_row].code or ""
        name = level.get(len(rows[kids[0]].code or ""), "")
        out.append((parent_row, kids, Basis("coded", (name, code))))
    return out


def _parent_code(code: str | None, index: Container[str | None]) -> str | None:
    if not code or len(code) <= 3:
        return None
    for length in (len(code) - 2, 3):
        if length >= 3 and code[:length] in index:
            return code[:length]
    return None


def _top_coded(rows: Sequence[Row], block: range) -> list[int]:
    index = {rows[i].code: i for i in block if rows[i].code}
    return [i for i in block if rows[i].code and _parent_code(rows[i].code, index) is None]


def _numbered_identities(rows: Sequence[Row]) -> list[tuple[int, list[int], Basis]]:
    """一、财政拨款 = 1.一般公共预算 + 2.政府性基金: items numbered one level deeper."""
    out = []
    for i, row in enumerate(rows):
        level = _level(row)
        if level is None or row.code or _is_of_which(row):
            continue
        kids: list[int] = []
        child_level: int | None = None
        for j in range(i + 1, len(rows)):
            other = rows[j]
            if _is_total_row(other) or other.code:
                break
            if _is_of_which(other):
                continue
            other_level = _level(other)
            if other_level is None or other_level <= level:
                break
            child_level = child_level or other_level
            if other_level == child_level:
                kids.append(j)
        if kids and _shares_columns(rows, i, kids):
            out.append((i, kids, Basis("items", (squeeze(row.name),))))
    return out


_FIRST_NUMBER = re.compile(r"^(?:第?一|[（(]一[）)]|1[、.．）)]|[（(]1[）)]|①)")


def _numbered_first(row: Row) -> bool:
    return bool(_FIRST_NUMBER.match(squeeze(row.name)))


def _shares_columns(rows: Sequence[Row], parent: int, kids: list[int]) -> bool:
    """Parts print their amounts in the parent's columns (another side's rows do not)."""
    labels = set(rows[parent].values)
    return any(labels & set(rows[k].values) for k in kids) or not any(rows[k].values for k in kids)


def _blocks(rows: Sequence[Row]) -> list[tuple[int, range]]:
    """Each total row and the rows it totals: those since the previous total row, or, for a
    total printed first (合计 above the detail), those after it up to the next total."""
    totals = [i for i, row in enumerate(rows) if _is_total_row(row)]
    out: list[tuple[int, range]] = []
    previous = -1
    for n, t in enumerate(totals):
        before = range(previous + 1, t)
        if not any(rows[i].values for i in before):
            end = totals[n + 1] if n + 1 < len(totals) else len(rows)
            out.append((t, range(t + 1, end)))
        else:
            out.append((t, before))
        previous = t
    return out


def _total_row_identities(rows: Sequence[Row]) -> list[tuple[int, list[int], Basis]]:
    out = []
    subtotal: int | None = None
    for t, block in _blocks(rows):
        coded = _top_coded(rows, block)
        if coded:
            shape = "categories" if len(rows[coded[0]].code or "") == 3 else "rows"
            out.append((t, coded, Basis(shape)))
            subtotal = None
            continue
        name = _clean(rows[t].name)
        if subtotal is not None and _new_side(rows, range(subtotal + 1, t)):
            subtotal = None  # numbered rows since: another side's rows, not carry-over
        if subtotal is None and (_SUBTOTAL_ROW.match(name) or not _GRAND_TOTAL_ROW.match(name)):
            parts = _top_numbered(rows, block)
            if parts:
                out.append((t, parts, Basis("numbered")))
            subtotal = t
        elif subtotal is not None:
            # 总计 = 本年收入合计 + the carry-over rows printed between them.
            extra = _top_rows(rows, range(subtotal + 1, t))
            out.append((t, [subtotal, *extra], Basis("carry_over", (_clean(rows[subtotal].name),))))
            subtotal = None
        else:
            parts = _top_numbered(rows, block)
            if parts:
                out.append((t, parts, Basis("numbered")))
    return out


def _new_side(rows: Sequence[Row], between: range) -> bool:
    """Numbered rows that are nobody's parts lie between a subtotal and a total."""
    return any(_level(rows[i]) is not None for i in _top_rows(rows, between))


def _top_rows(rows: Sequence[Row], block: range) -> list[int]:
    """Rows of the block that are not parts of another: numbered rows after an unnumbered
    row (年初结转和结余 / 一、一般公共预算 / 二、…) are its parts; of-which rows are parts."""
    out: list[int] = []
    parent_seen = False
    for i in block:
        row = rows[i]
        if _is_of_which(row) or _is_total_row(row):
            continue
        numbered = _level(row) is not None
        if numbered and parent_seen:
            continue
        parent_seen = parent_seen or not numbered
        out.append(i)
    return out


def _group_identities(rows: Sequence[Row]) -> list[tuple[int, list[int], Basis]]:
    """年初财政拨款结转和结余 = the numbered rows printed under it (一、… 二、… 三、…)."""
    out = []
    for i, row in enumerate(rows):
        if row.code or _level(row) is not None or _is_of_which(row) or _is_total_row(row):
            continue
        if not row.values:
            continue
        kids: list[int] = []
        for j in range(i + 1, len(rows)):
            other = rows[j]
            if _is_of_which(other):
                continue
            if other.code or _is_total_row(other) or _level(other) is None:
                break
            kids.append(j)
        levels = {_level(rows[k]) for k in kids}
        # The parts of a row restart their numbering (一、 …): a row numbered 三、 after an
        # unnumbered one continues the numbering of the rows above, it is not a part.
        if kids and len(levels) == 1 and _numbered_first(rows[kids[0]]) and _shares_columns(
            rows, i, kids
        ):
            out.append((i, kids, Basis("items", (squeeze(row.name),))))
    return out


def _top_numbered(rows: Sequence[Row], block: range) -> list[int]:
    """The rows of the block's top numbering level (一、 …), of-which rows left out."""
    levels = [(i, _level(rows[i])) for i in block if not _is_of_which(rows[i])]
    numbered = [(i, lv) for i, lv in levels if lv is not None]
    if not numbered:
        return []
    top = min(lv for _, lv in numbered)
    return [i for i, lv in numbered if lv == top]


def _of_which_rows(rows: Sequence[Row]) -> list[tuple[int, int]]:
    """(whole row, part row): a 其中 row is part of the nearest row above that is not one."""
    out = []
    for i, row in enumerate(rows):
        if not _is_of_which(row) or row.code:
            continue
        whole = next((j for j in range(i - 1, -1, -1) if not _is_of_which(rows[j])), None)
        if whole is not None and not _is_total_row(rows[whole]):
            out.append((whole, i))
    return out


def _side_identities(rows: Sequence[Row], labels: list[str]) -> list[_Identity]:
    """收入 | 支出 tables: the grand total of one side equals the other's."""
    sides: dict[str, list[tuple[int, str]]] = {}
    for i, row in enumerate(rows):
        if not _GRAND_TOTAL_ROW.match(_clean(row.name)) or not TOTAL_WORDS.search(row.name):
            continue
        for label in row.values:
            side = label.split("/")[0]
            if side in ("收入", "支出") and label in labels:
                sides.setdefault(side, []).append((i, label))
    if len(sides.get("收入", [])) != 1 or len(sides.get("支出", [])) != 1:
        return []
    (income_row, income), (spend_row, spend) = sides["收入"][0], sides["支出"][0]
    return [_Identity(spend_row, spend, [(income_row, income)], Basis("sides"),
                      kind="sides", origin="sides")]
