"""The nine statement tables of a 部门决算, as truth rows plus printed layout."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from core.contract import ParsedRow, ParsedTable
from ingest.synth.codes import (
    EXPENDITURE_CATEGORIES,
    PERSONNEL_ECONOMIC,
    PUBLIC_ECONOMIC,
    category_of,
    item_of,
    subitem_of,
)
from ingest.synth.model import Column, ColumnKind, HeaderCell, TableSpec
from ingest.synth.numbers import Cents, FundLeaf, Leaf, Numbers

CHINESE_NUMERALS = "一二三四五六七八九十"
THREE_PUBLIC_BAND = "财政拨款“三公”经费"
CODE_HEADER = ("项目", "科目编码")
NAME_HEADER = ("项目", "科目名称")


def wan(cents: Cents) -> str:
    """Cents of 万元 as the contract's decimal string, two decimals as printed."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def numbered(index: int, name: str) -> str:
    return f"{chinese_number(index + 1)}、{name}"


def chinese_number(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    prefix = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return prefix + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def build_header(
    paths: Sequence[tuple[str, ...]], stretch_last: frozenset[int] = frozenset()
) -> tuple[list[HeaderCell], int]:
    """Header cells over columns from each column's header path, merging equal neighbours.

    A path shorter than the header depth stretches its second-to-last cell down
    (``合计`` over ``预算数``), or its only cell when it has one (``本年支出合计``);
    columns in ``stretch_last`` stretch their last cell instead (``科目名称`` beside
    ``科目编码`` over ``类``/``款``/``项``).
    """
    depth = max(len(p) for p in paths)
    cells: list[HeaderCell] = []
    open_cells: dict[tuple[int, tuple[str, ...]], HeaderCell] = {}
    for col, path in enumerate(paths):
        for index, (row, rowspan) in enumerate(_rows_of(len(path), depth, col in stretch_last)):
            key = (row, path[: index + 1])
            previous = open_cells.get(key)
            if previous is not None and previous.col + previous.colspan == col \
                    and previous.rowspan == rowspan:
                previous.colspan += 1
                continue
            cell = HeaderCell(row, col, path[index], rowspan=rowspan)
            cells.append(cell)
            open_cells[key] = cell
    return cells, depth


def _rows_of(length: int, depth: int, stretch_last: bool = False) -> list[tuple[int, int]]:
    if length == 1:
        return [(0, depth)]
    extra = depth - length
    if stretch_last:
        return [(i, 1) for i in range(length - 1)] + [(length - 1, 1 + extra)]
    rows = [(i, 1) for i in range(length - 2)]
    rows.append((length - 2, 1 + extra))
    rows.append((depth - 1, 1))
    return rows


def _spec(
    title: str,
    sheet_code: str,
    sides: Sequence[Sequence[tuple[str, tuple[str, ...]]]],
    rows: list[list[ParsedRow]],
    *,
    align_last: bool = False,
    note: str = "",
) -> tuple[TableSpec, ParsedTable]:
    """Both the printed spec and the truth table from (kind, header path) columns."""
    paths = [path for side in sides for _, path in side]
    header, depth = build_header(paths)
    columns = [
        [Column(cast("ColumnKind", kind), "/".join(path) if kind == "value" else "", path)
         for kind, path in side]
        for side in sides
    ]
    spec = TableSpec(title, header, depth, columns, rows, align_last=align_last, note=note,
                     sheet_code=sheet_code)
    return spec, ParsedTable(title=title, rows=[row for side in rows for row in side], note=note)


def _values(pairs: dict[str, Cents]) -> dict[str, str]:
    # Blank cells are left out of the truth, as the contract says.
    return {label: wan(v) for label, v in pairs.items() if v != 0}


def functional_rows(
    by_leaf: dict[str, dict[str, Cents]],
    labels: Sequence[str],
    *,
    total_name: str | None = "合计",
    total_first: bool = True,
    bump_first_category: Cents = 0,
) -> list[ParsedRow]:
    """类/款/项 rows with sums, and a 合计 row first or last."""
    sums: dict[str, dict[str, Cents]] = {}
    for code, values in sorted(by_leaf.items()):
        for prefix in (code[:3], code[:5], code):
            bucket = sums.setdefault(prefix, dict.fromkeys(labels, 0))
            for label in labels:
                bucket[label] += values.get(label, 0)
    if bump_first_category and sums:
        first = min(c for c in sums if len(c) == 3)
        sums[first][labels[0]] += bump_first_category
    rows = [ParsedRow(code, _name_of(code), _values(v)) for code, v in sorted(sums.items())]
    if total_name is None:
        return rows
    totals = {label: sum(by_leaf[c].get(label, 0) for c in by_leaf) for label in labels}
    total_row = ParsedRow(None, total_name, _values(totals))
    return [total_row, *rows] if total_first else [*rows, total_row]


def _name_of(code: str) -> str:
    return {3: category_of, 5: item_of, 7: subitem_of}[len(code)](code)


def _category_totals(numbers: Numbers, pick: Callable[[object], Cents]) -> dict[str, Cents]:
    totals: dict[str, Cents] = {}
    leaves: list[Leaf | FundLeaf] = [*numbers.leaves, *numbers.fund_leaves]
    for leaf in leaves:
        totals[leaf.code[:3]] = totals.get(leaf.code[:3], 0) + pick(leaf)
    return totals


def _leaf_spent(leaf: object) -> Cents:
    if isinstance(leaf, Leaf):
        return leaf.actual + leaf.other_spent + leaf.beyond_appropriation
    return getattr(leaf, "amount", 0)


def statement_tables(
    numbers: Numbers, *, of_which: bool = False
) -> list[tuple[TableSpec, ParsedTable]]:
    """The nine tables; ``of_which``: the unit's non-fiscal income is 事业收入, printed with
    its 其中 parts (see ``Layout.of_which``)."""
    return [
        _income_expenditure_summary(numbers, of_which=of_which),
        _income_table(numbers, of_which=of_which),
        _expenditure_table(numbers),
        _fiscal_summary(numbers),
        _general_budget_table(numbers),
        _basic_expenditure_table(numbers),
        _three_public_table(numbers),
        _government_fund_table(numbers),
        _state_capital_table(numbers),
    ]


def _expenditure_side(totals: dict[str, Cents], labels: Sequence[str]) -> list[ParsedRow]:
    """The 26 类 rows of a 总表's expenditure side, each with its value in every label."""
    return [
        ParsedRow(None, numbered(i, name), _values(dict.fromkeys(labels, totals.get(code, 0))))
        for i, (code, name) in enumerate(EXPENDITURE_CATEGORIES)
    ]


def _income_expenditure_summary(
    n: Numbers, *, of_which: bool = False
) -> tuple[TableSpec, ParsedTable]:
    inc, exp = "收入/决算数", "支出/决算数"
    if of_which:
        left = _of_which_income_rows(n, inc)
    else:
        income_names = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
                        "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入",
                        "附属单位上缴收入", "其他收入"]
        income_values = [n.general_budget, n.fund, 0, 0, n.service_income,
                         n.operating_income, 0, n.other_income]
        left = [ParsedRow(None, numbered(i, name), _values({inc: v}))
                for i, (name, v) in enumerate(zip(income_names, income_values, strict=True))]
    left += [
        ParsedRow(None, "本年收入合计", _values({inc: n.income_total})),
        ParsedRow(None, "使用非财政拨款结余（含专用结余）", {}),
        ParsedRow(None, "年初结转和结余", _values({inc: n.carryover_begin})),
        ParsedRow(None, "总计", _values({inc: n.grand_total})),
    ]
    right = _expenditure_side(_category_totals(n, _leaf_spent), [exp])
    right += [
        ParsedRow(None, "本年支出合计", _values({exp: n.expenditure_total})),
        ParsedRow(None, "结余分配", {}),
        ParsedRow(None, "年末结转和结余", _values({exp: n.carryover_end})),
        ParsedRow(None, "总计", _values({exp: n.grand_total})),
    ]
    sides = [[("name", ("收入", "项目")), ("value", ("收入", "决算数"))],
             [("name", ("支出", "项目")), ("value", ("支出", "决算数"))]]
    return _spec("收入支出决算总表", "01", sides, [left, right], align_last=True)


def _of_which_income_rows(n: Numbers, inc: str) -> list[ParsedRow]:
    """One 财政拨款收入 row with the 政府性基金 part of it under it, and the unit's own
    income as 事业收入."""
    rows = [ParsedRow(None, "一、财政拨款收入", _values({inc: n.general_budget + n.fund})),
            ParsedRow(None, "其中：政府性基金预算财政拨款", _values({inc: n.fund}))]
    others = [("上级补助收入", 0), ("事业收入", n.other_income + n.service_income),
              ("经营收入", n.operating_income),
              ("附属单位上缴收入", 0), ("其他收入", 0)]
    rows += [ParsedRow(None, numbered(i, name), _values({inc: v}))
             for i, (name, v) in enumerate(others, start=1)]
    return rows


def _coded_sides(labels: Sequence[str]) -> list[list[tuple[str, tuple[str, ...]]]]:
    return [[("code", CODE_HEADER), ("name", NAME_HEADER),
             *[("value", tuple(label.split("/"))) for label in labels]]]


EDUCATION_FEES = "事业收入/其中：教育收费"


def _income_table(
    n: Numbers, *, of_which: bool = False, total_first: bool = True
) -> tuple[TableSpec, ParsedTable]:
    labels = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入",
              "附属单位上缴收入", "其他收入"]
    own = "其他收入"  # the column the unit's non-fiscal income goes in
    if of_which:  # 事业收入 as a band: its amount, then the 教育收费 part of it
        at = labels.index("事业收入")
        labels[at: at + 1] = ["事业收入/金额", EDUCATION_FEES]
        own = "事业收入/金额"
    by_leaf: dict[str, dict[str, Cents]] = {}
    for leaf in n.leaves:
        by_leaf[leaf.code] = {"本年收入合计": leaf.actual + leaf.other_income,
                              "财政拨款收入": leaf.actual, own: leaf.other_income}
        if leaf.components:  # 事业收入 and 经营收入 paying for spending beyond 基本/项目
            service = own if own.startswith("事业收入") else "事业收入"
            values = by_leaf[leaf.code]
            values["本年收入合计"] += leaf.service_income + leaf.operating_income
            values[service] = values.get(service, 0) + leaf.service_income
            values["经营收入"] = leaf.operating_income
        if of_which:
            by_leaf[leaf.code][EDUCATION_FEES] = leaf.other_income * 3 // 5
    for fund in n.fund_leaves:
        by_leaf[fund.code] = {"本年收入合计": fund.amount, "财政拨款收入": fund.amount}
    rows = functional_rows(by_leaf, labels, total_first=total_first)
    return _spec("收入决算表", "03", _coded_sides(labels), [rows])


def _expenditure_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    labels = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出",
              "对附属单位补助支出"]
    by_leaf: dict[str, dict[str, Cents]] = {}
    for leaf in n.leaves:
        by_leaf[leaf.code] = {"本年支出合计": leaf.actual + leaf.other_spent + leaf.components,
                              "基本支出": leaf.basic, "项目支出": leaf.project + leaf.other_spent,
                              "上缴上级支出": leaf.upper_remit, "经营支出": leaf.operating,
                              "对附属单位补助支出": leaf.subsidiary}
    for fund in n.fund_leaves:
        by_leaf[fund.code] = {"本年支出合计": fund.amount, "项目支出": fund.amount}
    rows = functional_rows(by_leaf, labels)
    return _spec("支出决算表", "04", _coded_sides(labels), [rows])


def _fiscal_summary(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    inc = "收入/决算数"
    kinds = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    this_year = [n.general_budget, n.fund, 0]
    carry = [n.fiscal_carryover, 0, 0]
    left = [ParsedRow(None, numbered(i, k), _values({inc: v}))
            for i, (k, v) in enumerate(zip(kinds, this_year, strict=True))]
    left.append(ParsedRow(None, "本年收入合计", _values({inc: n.fiscal_income})))
    left.append(ParsedRow(None, "年初财政拨款结转和结余", _values({inc: n.fiscal_carryover})))
    left += [ParsedRow(None, numbered(i, k), _values({inc: v}))
             for i, (k, v) in enumerate(zip(kinds, carry, strict=True))]
    total = n.fiscal_income + n.fiscal_carryover
    left.append(ParsedRow(None, "总计", _values({inc: total})))

    labels = ["支出/合计", "支出/一般公共预算财政拨款", "支出/政府性基金预算财政拨款",
              "支出/国有资本经营预算财政拨款"]
    general = _category_totals(
        n, lambda leaf: getattr(leaf, "basic", 0) + getattr(leaf, "project", 0))
    fund = _category_totals(n, lambda leaf: getattr(leaf, "amount", 0))
    right = []
    for i, (code, name) in enumerate(EXPENDITURE_CATEGORIES):
        g, f = general.get(code, 0), fund.get(code, 0)
        right.append(ParsedRow(None, numbered(i, name), _values(dict(zip(labels, [g + f, g, f, 0],
                                                                          strict=True)))))

    def totals(g: Cents, f: Cents) -> dict[str, str]:
        return _values(dict(zip(labels, [g + f, g, f, 0], strict=True)))

    right.append(ParsedRow(None, "本年支出合计", totals(n.general_budget, n.fund)))
    right.append(ParsedRow(None, "年末财政拨款结转和结余", totals(n.fiscal_carryover, 0)))
    right.append(ParsedRow(None, "总计", totals(n.general_budget + n.fiscal_carryover, n.fund)))
    sides: list[list[tuple[str, tuple[str, ...]]]] = [
        [("name", ("收入", "项目")), ("value", ("收入", "决算数"))],
        [("name", ("支出", "项目")), *[("value", tuple(lb.split("/"))) for lb in labels]],
    ]
    return _spec("财政拨款收入支出决算总表", "01-1", sides, [left, right], align_last=True)


def _general_budget_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    labels = ["合计", "基本支出", "项目支出"]
    by_leaf = {leaf.code: {"合计": leaf.actual, "基本支出": leaf.basic, "项目支出": leaf.project}
               for leaf in n.leaves}
    rows = functional_rows(by_leaf, labels, total_first=False,
                           bump_first_category=n.offsets.get("category_sum", 0))
    return _spec("一般公共预算财政拨款支出决算表", "07", _coded_sides(labels), [rows])


def _basic_expenditure_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    label = "决算数"

    def side(codes: Sequence[tuple[str, str]], total_name: str, stated: Cents) -> list[ParsedRow]:
        rows = []
        for code, name in codes:
            value = n.economic.get(code, 0) if len(code) == 5 else sum(
                v for k, v in n.economic.items() if k.startswith(code))
            rows.append(ParsedRow(code, name, _values({label: value})))
        rows.append(ParsedRow(None, total_name, _values({label: stated})))
        return rows

    personnel = n.personnel + n.offsets.get("personnel_expenditure", 0)
    left = side(PERSONNEL_ECONOMIC, "人员经费合计", personnel)
    right = side(PUBLIC_ECONOMIC, "公用经费合计", n.public)
    one_side = [("code", ("科目编码",)), ("name", ("科目名称",)), ("value", (label,))]
    return _spec("一般公共预算财政拨款基本支出决算表", "08", [one_side, list(one_side)],
                 [left, right], align_last=True)


THREE_PUBLIC_COLUMNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("合计", "预算数"), "budget_total"),
    (("合计", "决算数"), "actual_total"),
    (("因公出国（境）费", "预算数"), "overseas_budget"),
    (("因公出国（境）费", "决算数"), "overseas_actual"),
    (("公务用车购置及运行维护费", "小计", "预算数"), "vehicle_budget"),
    (("公务用车购置及运行维护费", "小计", "决算数"), "vehicle_actual"),
    (("公务用车购置及运行维护费", "公务用车购置费", "预算数"), "vehicle_purchase_budget"),
    (("公务用车购置及运行维护费", "公务用车购置费", "决算数"), "vehicle_purchase_actual"),
    (("公务用车购置及运行维护费", "公务用车运行维护费", "预算数"), "vehicle_operation_budget"),
    (("公务用车购置及运行维护费", "公务用车运行维护费", "决算数"), "vehicle_operation_actual"),
    (("公务接待费", "预算数"), "reception_budget"),
    (("公务接待费", "决算数"), "reception_actual"),
)


def three_public_values(n: Numbers) -> dict[str, Cents]:
    t = dict(n.three_public)
    t["vehicle_actual"] = t["vehicle_purchase_actual"] + t["vehicle_operation_actual"]
    t["budget_total"] = t["overseas_budget"] + t["vehicle_budget"] + t["reception_budget"]
    t["actual_total"] = t["overseas_actual"] + t["vehicle_actual"] + t["reception_actual"]
    return t


def _three_public_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    values = three_public_values(n)
    sides = [[("value", (THREE_PUBLIC_BAND, *path)) for path, _ in THREE_PUBLIC_COLUMNS]]
    row = ParsedRow(None, "", _values({"/".join((THREE_PUBLIC_BAND, *path)): values[key]
                                       for path, key in THREE_PUBLIC_COLUMNS}))
    return _spec("财政拨款“三公”经费支出决算表", "09", sides, [[row]])


def _government_fund_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    labels = ["年初结转和结余", "本年收入", "本年支出/小计", "本年支出/基本支出",
              "本年支出/项目支出", "年末结转和结余"]
    title = "政府性基金预算财政拨款收入支出决算表"
    if not n.fund_leaves:
        note = ("注：本部门无政府性基金预算财政拨款收入，"
                "也没有使用政府性基金预算财政拨款安排的支出，故本表无数据。")
        return _spec(title, "10", _coded_sides(labels), [[]], note=note)
    by_leaf = {f.code: {"本年收入": f.amount, "本年支出/小计": f.amount,
                        "本年支出/项目支出": f.amount} for f in n.fund_leaves}
    return _spec(title, "10", _coded_sides(labels), [functional_rows(by_leaf, labels)])


def _state_capital_table(n: Numbers) -> tuple[TableSpec, ParsedTable]:
    labels = ["本年支出/合计", "本年支出/基本支出", "本年支出/项目支出"]
    note = "注：本部门无国有资本经营预算财政拨款支出，故本表无数据。"
    return _spec("国有资本经营预算财政拨款支出决算表", "11", _coded_sides(labels), [[]], note=note)
