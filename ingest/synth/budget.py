"""A 部门预算 (department budget): its statement tables and its 情况说明, in two styles.

Modelled on the real budgets of two regions:

- ``district`` (even department indexes; a Shanghai district's set): the two-part
  ``财务收支预算总表`` (收入 | 支出 by function), 收入预算总表 and 支出预算总表 by function code,
  财政拨款收支预算总表, 一般公共预算 and 政府性基金 function tables, the 基本支出 table by
  economic code with 人员经费 | 公用经费 columns, and one “三公”经费和机关运行经费 table;
  titles carry the year (``2025年部门财务收支预算总表``).
- ``provincial`` (odd indexes; a provincial set): a ``公开01表`` number over each title, the
  three-part 收支预算总表 (收入 | 支出 by function | 支出 by use: 基本支出, 项目支出,
  单位预留机动经费), a one-row 支出预算总表, 财政拨款收支预算总表 by use, function and
  economic tables with one 金额 column and 合计 first, the “三公”经费、会议费、培训费 table,
  the 政府性基金 table and the 机关运行经费 table by economic code.

Every amount is a 预算数. The budget is this year's plan: each line's 基本 and 项目 amounts,
the unit's other income spent on the line's projects, and (provincial) a reserve
(单位预留机动经费) on the 行政运行 line. No carry-over. The narrative states each
function line as ``…（类）…（款）…（项）1,234.56万元`` with its budget only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.contract import ParsedLine, ParsedRow
from ingest.synth.codes import (
    EXPENDITURE_CATEGORIES,
    PERSONNEL_ECONOMIC,
    PUBLIC_ECONOMIC,
    category_of,
    item_of,
    subitem_of,
)
from ingest.synth.model import TableSpec
from ingest.synth.narrative import Stream, line_name, percent
from ingest.synth.numbers import Cents, Numbers, department_rng
from ingest.synth.tables import (
    _spec,
    _values,
    functional_rows,
    numbered,
    three_public_values,
    wan,
)

if TYPE_CHECKING:
    from ingest.synth.procurement import Procurement

FUNCTION_CODE = ("项目", "功能分类科目编码")
FUNCTION_NAME = ("项目", "功能分类科目名称")
PURPOSES = ("主要用于机关日常运转和人员经费支出", "主要用于开展相关业务工作",
            "主要用于缴纳社会保险和住房公积金", "主要用于专项工作经费支出")


@dataclass(slots=True)
class BudgetLine:
    """One 项 line of the budget: fiscal 基本, 项目 and reserve, and the unit's own money."""

    code: str
    basic: Cents
    project: Cents
    reserve: Cents = 0  # 单位预留机动经费 (provincial style)
    other: Cents = 0  # the unit's other income, spent on the line's projects

    @property
    def fiscal(self) -> Cents:
        return self.basic + self.project + self.reserve

    @property
    def total(self) -> Cents:
        return self.fiscal + self.other


@dataclass(slots=True)
class Budget:
    lines: list[BudgetLine]
    fund: dict[str, Cents]  # 政府性基金 lines: code → amount (all 项目支出)
    n: Numbers

    @property
    def general(self) -> Cents:
        return sum(line.fiscal for line in self.lines)

    @property
    def fund_total(self) -> Cents:
        return sum(self.fund.values())

    @property
    def fiscal(self) -> Cents:
        return self.general + self.fund_total

    @property
    def other(self) -> Cents:
        return sum(line.other for line in self.lines)

    @property
    def total(self) -> Cents:
        return self.fiscal + self.other

    @property
    def basic(self) -> Cents:
        return sum(line.basic for line in self.lines)

    @property
    def project(self) -> Cents:
        """项目支出 of all money: fiscal projects, the unit's own money and the fund."""
        return sum(line.project + line.other for line in self.lines) + self.fund_total

    @property
    def reserve(self) -> Cents:
        return sum(line.reserve for line in self.lines)


def make_budget(n: Numbers, seed: int, department: int, year: int, *, reserve: bool) -> Budget:
    rng = department_rng(seed, department, year, "budget")
    lines = [BudgetLine(leaf.code, leaf.basic, leaf.project, other=leaf.other_income)
             for leaf in n.leaves]
    if reserve:
        lines[0].reserve = rng.randint(20_00, max(21_00, n.basic // 8))
    return Budget(lines, {f.code: f.amount for f in n.fund_leaves}, n)


# --- tables ------------------------------------------------------------------------


def budget_tables(
    b: Budget, year: int, *, provincial: bool, scope: str = "部门",
    procurement: Procurement | None = None,
) -> list[TableSpec]:
    """The set's tables; ``scope`` 单位 for a unit's own budget (a district's titles say
    ``2025年单位…``); ``procurement`` adds a 政府采购预算表 at the end."""
    from ingest.synth.procurement import procurement_table

    if provincial:
        specs = [_three_part_summary(b), _spending_summary_row(b), _fiscal_by_use(b),
                 _function_amounts(b, "财政拨款支出预算表（功能科目）", fund=True),
                 _economic_amounts(b, "一般公共预算基本支出预算表（经济科目）", public_only=False),
                 _three_public_meetings(b), _fund_amounts(b),
                 _economic_amounts(b, "一般公共预算机关运行经费支出预算表", public_only=True)]
        if procurement is not None:
            specs.append(procurement_table(procurement, "政府采购预算表", "11"))
        for index, spec in enumerate(specs, start=1):
            spec.number = f"公开{index:02d}表"
        return specs
    prefix = f"{year}年{scope}"
    specs = [_two_part_summary(b, prefix), _income_by_function(b, prefix),
             _spending_by_function(b, prefix), _fiscal_summary(b, prefix),
             _general_by_function(b, prefix), _fund_by_function(b, prefix),
             _basic_by_economic(b, prefix), _three_public_operating(b, prefix)]
    if procurement is not None:
        specs.append(procurement_table(procurement, prefix + "政府采购预算表", "09"))
    return specs


def _spec_of(title: str, code: str, sides, rows, **kwargs) -> TableSpec:
    spec, _ = _spec(title, code, sides, rows, **kwargs)
    return spec


def _by_category(amounts: dict[str, Cents]) -> dict[str, Cents]:
    out: dict[str, Cents] = {}
    for code, value in amounts.items():
        out[code[:3]] = out.get(code[:3], 0) + value
    return out


def _category_rows(totals: dict[str, Cents], label: str | Sequence[str]) -> list[ParsedRow]:
    """The 类 rows the budget has, numbered in order (a budget lists only those it uses)."""
    labels = [label] if isinstance(label, str) else list(label)
    present = [(code, name) for code, name in EXPENDITURE_CATEGORIES if totals.get(code)]
    return [ParsedRow(None, numbered(i, name), _values(dict.fromkeys(labels, totals[code])))
            for i, (code, name) in enumerate(present)]


def _spent_by_line(b: Budget) -> dict[str, Cents]:
    spent = {line.code: line.total for line in b.lines}
    for code, amount in b.fund.items():
        spent[code] = spent.get(code, 0) + amount
    return spent


def _two_part_summary(b: Budget, prefix: str) -> TableSpec:
    inc, exp = "本年收入/预算数", "本年支出/预算数"
    left = [
        ParsedRow(None, "一、财政拨款收入", _values({inc: b.fiscal})),
        ParsedRow(None, "1.一般公共预算资金", _values({inc: b.general})),
        ParsedRow(None, "2.政府性基金", _values({inc: b.fund_total})),
        ParsedRow(None, "3.国有资本经营预算", {}),
        ParsedRow(None, "二、事业收入", {}),
        ParsedRow(None, "三、事业单位经营收入", {}),
        ParsedRow(None, "四、其他收入", _values({inc: b.other})),
        ParsedRow(None, "收入总计", _values({inc: b.total})),
    ]
    right = _category_rows(_by_category(_spent_by_line(b)), exp)
    right.append(ParsedRow(None, "支出总计", _values({exp: b.total})))
    sides = [[("name", ("本年收入", "项目")), ("value", ("本年收入", "预算数"))],
             [("name", ("本年支出", "项目")), ("value", ("本年支出", "预算数"))]]
    return _spec_of(prefix + "财务收支预算总表", "01", sides, [left, right], align_last=True)


def _coded(labels: Sequence[str]) -> list[list[tuple[str, tuple[str, ...]]]]:
    return [[("code", FUNCTION_CODE), ("name", FUNCTION_NAME),
             *[("value", tuple(label.split("/"))) for label in labels]]]


def _income_by_function(b: Budget, prefix: str) -> TableSpec:
    labels = ["收入预算/合计", "收入预算/财政拨款收入", "收入预算/事业收入",
              "收入预算/事业单位经营收入", "收入预算/其他收入"]
    by_leaf: dict[str, dict[str, Cents]] = {
        line.code: {labels[0]: line.total, labels[1]: line.fiscal, labels[4]: line.other}
        for line in b.lines}
    for code, amount in b.fund.items():
        by_leaf[code] = {labels[0]: amount, labels[1]: amount}
    rows = functional_rows(by_leaf, labels, total_first=False)
    return _spec_of(prefix + "收入预算总表", "02", _coded(labels), [rows])


def _spending_by_function(b: Budget, prefix: str) -> TableSpec:
    labels = ["支出预算/合计", "支出预算/基本支出", "支出预算/项目支出"]
    by_leaf: dict[str, dict[str, Cents]] = {
        line.code: {labels[0]: line.total, labels[1]: line.basic,
                    labels[2]: line.project + line.other} for line in b.lines}
    for code, amount in b.fund.items():
        by_leaf[code] = {labels[0]: amount, labels[2]: amount}
    rows = functional_rows(by_leaf, labels, total_first=False)
    return _spec_of(prefix + "支出预算总表", "03", _coded(labels), [rows])


def _fiscal_summary(b: Budget, prefix: str) -> TableSpec:
    inc = "财政拨款收入/预算数"
    left = [ParsedRow(None, "一、一般公共预算资金", _values({inc: b.general})),
            ParsedRow(None, "二、政府性基金", _values({inc: b.fund_total})),
            ParsedRow(None, "三、国有资本经营预算", {}),
            ParsedRow(None, "收入总计", _values({inc: b.fiscal}))]
    labels = ["财政拨款支出/合计", "财政拨款支出/一般公共预算", "财政拨款支出/政府性基金预算",
              "财政拨款支出/国有资本经营预算"]
    general = _by_category({line.code: line.fiscal for line in b.lines})
    fund = _by_category(b.fund)
    right = []
    present = [(c, name) for c, name in EXPENDITURE_CATEGORIES if general.get(c) or fund.get(c)]
    for i, (code, name) in enumerate(present):
        g, f = general.get(code, 0), fund.get(code, 0)
        right.append(ParsedRow(None, numbered(i, name),
                               _values(dict(zip(labels, [g + f, g, f, 0], strict=True)))))
    right.append(ParsedRow(None, "支出总计", _values(dict(zip(
        labels, [b.fiscal, b.general, b.fund_total, 0], strict=True)))))
    sides = [[("name", ("财政拨款收入", "项目")), ("value", ("财政拨款收入", "预算数"))],
             [("name", ("财政拨款支出", "项目")),
              *[("value", tuple(x.split("/"))) for x in labels]]]
    return _spec_of(prefix + "财政拨款收支预算总表", "04", sides, [left, right], align_last=True)


def _general_by_function(b: Budget, prefix: str) -> TableSpec:
    labels = ["一般公共预算支出/合计", "一般公共预算支出/基本支出", "一般公共预算支出/项目支出"]
    by_leaf = {line.code: {labels[0]: line.basic + line.project, labels[1]: line.basic,
                           labels[2]: line.project} for line in b.lines}
    rows = functional_rows(by_leaf, labels, total_first=False)
    return _spec_of(prefix + "一般公共预算支出功能分类预算表", "05", _coded(labels), [rows])


def _fund_by_function(b: Budget, prefix: str) -> TableSpec:
    labels = ["政府性基金预算支出/合计", "政府性基金预算支出/基本支出",
              "政府性基金预算支出/项目支出"]
    title = prefix + "政府性基金预算支出功能分类预算表"
    if not b.fund:
        note = "注：本部门无政府性基金预算财政拨款安排的预算，故本表为空表。"
        return _spec_of(title, "06", _coded(labels), [[]], note=note)
    by_leaf = {code: {labels[0]: v, labels[2]: v} for code, v in b.fund.items()}
    rows = functional_rows(by_leaf, labels, total_first=False)
    return _spec_of(title, "06", _coded(labels), [rows])


def _economic_values(b: Budget, codes: Sequence[tuple[str, str]]) -> list[tuple[str, str, Cents]]:
    out = []
    for code, name in codes:
        value = b.n.economic.get(code, 0) if len(code) == 5 else sum(
            v for k, v in b.n.economic.items() if k.startswith(code))
        if value:  # a budget lists the economic lines it uses
            out.append((code, name, value))
    return out


def _economic_codes(*, public_only: bool) -> list[tuple[str, str]]:
    codes = list(PUBLIC_ECONOMIC) if public_only else [*PERSONNEL_ECONOMIC, *PUBLIC_ECONOMIC]
    return sorted(codes, key=lambda pair: pair[0])


def _basic_by_economic(b: Budget, prefix: str) -> TableSpec:
    band = "一般公共预算基本支出"
    labels = [f"{band}/合计", f"{band}/人员经费", f"{band}/公用经费"]
    rows = []
    for code, name, value in _economic_values(b, _economic_codes(public_only=False)):
        column = labels[1] if code[:3] in ("301", "303") else labels[2]
        rows.append(ParsedRow(code, name, _values({labels[0]: value, column: value})))
    rows.append(ParsedRow(None, "合计", _values({labels[0]: b.basic, labels[1]: b.n.personnel,
                                                labels[2]: b.n.public})))
    sides = [[("code", ("项目", "部门预算经济分类科目编码")),
              ("name", ("项目", "经济分类科目名称")),
              *[("value", tuple(x.split("/"))) for x in labels]]]
    return _spec_of(prefix + "一般公共预算基本支出部门预算经济分类预算表", "07", sides, [rows])


def _three_public_operating(b: Budget, prefix: str) -> TableSpec:
    t = three_public_values(b.n)
    band = "“三公”经费预算数"
    columns = [
        ((band, "合计"), t["budget_total"]),
        ((band, "因公出国（境）费"), t["overseas_budget"]),
        ((band, "公务用车购置及运行费", "小计"), t["vehicle_budget"]),
        ((band, "公务用车购置及运行费", "购置费"), t["vehicle_purchase_budget"]),
        ((band, "公务用车购置及运行费", "运行费"), t["vehicle_operation_budget"]),
        ((band, "公务接待费"), t["reception_budget"]),
        (("机关运行经费预算数",), b.n.public),
    ]
    sides = [[("value", path) for path, _ in columns]]
    row = ParsedRow(None, "", _values({"/".join(path): v for path, v in columns}))
    return _spec_of(prefix + "“三公”经费和机关运行经费预算表", "08", sides, [[row]])


# Provincial style ----------------------------------------------------------------------


def _three_part_summary(b: Budget) -> TableSpec:
    inc, fn, use = "收入/金额", "支出/功能分类/金额", "支出/支出用途/金额"
    left = [
        ParsedRow(None, "一、财政拨款", _values({inc: b.fiscal})),
        ParsedRow(None, "1.一般公共预算", _values({inc: b.general})),
        ParsedRow(None, "2.政府性基金预算", _values({inc: b.fund_total})),
        ParsedRow(None, "二、财政专户管理资金", {}),
        ParsedRow(None, "三、其他资金", _values({inc: b.other})),
        ParsedRow(None, "当年收入小计", _values({inc: b.total})),
        ParsedRow(None, "上年结转资金", {}),
        ParsedRow(None, "收入合计", _values({inc: b.total})),
    ]
    middle = _category_rows(_by_category(_spent_by_line(b)), fn)
    middle += [ParsedRow(None, "当年支出小计", _values({fn: b.total})),
               ParsedRow(None, "结转下年资金", {}),
               ParsedRow(None, "支出合计", _values({fn: b.total}))]
    right = [ParsedRow(None, "一、基本支出", _values({use: b.basic})),
             ParsedRow(None, "二、项目支出", _values({use: b.project})),
             ParsedRow(None, "三、单位预留机动经费", _values({use: b.reserve}))]
    sides = [[("name", ("收入", "项目名称")), ("value", ("收入", "金额"))],
             [("name", ("支出", "功能分类", "功能科目名称")),
              ("value", ("支出", "功能分类", "金额"))],
             [("name", ("支出", "支出用途", "项目名称")), ("value", ("支出", "支出用途", "金额"))]]
    spec = _spec_of("收支预算总表", "01", sides, [left, middle, right], align_last=True)
    spec.unaligned_sides = (2,)  # the 支出用途 rows stand at the top, with no total of their own
    return spec


def _spending_summary_row(b: Budget) -> TableSpec:
    columns = [("合计", b.total), ("基本支出", b.basic), ("项目支出", b.project),
               ("单位预留机动经费", b.reserve)]
    sides = [[("value", (label,)) for label, _ in columns]]
    return _spec_of("支出预算总表", "03", sides, [[ParsedRow(None, "", _values(dict(columns)))]])


def _fiscal_by_use(b: Budget) -> TableSpec:
    inc, use = "收入/金额", "支出/支出用途/金额"
    fiscal_basic = b.basic
    left = [ParsedRow(None, "一、一般公共预算", _values({inc: b.general})),
            ParsedRow(None, "二、政府性基金预算", _values({inc: b.fund_total})),
            ParsedRow(None, "收入合计", _values({inc: b.fiscal}))]
    right = [ParsedRow(None, "一、基本支出", _values({use: fiscal_basic})),
             ParsedRow(None, "二、项目支出", _values({use: b.fiscal - fiscal_basic - b.reserve})),
             ParsedRow(None, "三、单位预留机动经费", _values({use: b.reserve})),
             ParsedRow(None, "支出合计", _values({use: b.fiscal}))]
    sides = [[("name", ("收入", "项目名称")), ("value", ("收入", "金额"))],
             [("name", ("支出", "支出用途", "项目名称")), ("value", ("支出", "支出用途", "金额"))]]
    return _spec_of("财政拨款收支预算总表", "04", sides, [left, right], align_last=True)


def _amount_sides(code_header: str, name_header: str, label: str):
    return [[("code", (code_header,)), ("name", (name_header,)), ("value", (label,))]]


def _function_amounts(b: Budget, title: str, *, fund: bool) -> TableSpec:
    by_leaf = {line.code: {"金额": line.fiscal} for line in b.lines}
    if fund:
        for code, amount in b.fund.items():
            by_leaf[code] = {"金额": amount}
    rows = functional_rows(by_leaf, ["金额"])
    return _spec_of(title, "05", _amount_sides("功能科目代码", "功能科目名称", "金额"), [rows])


def _economic_amounts(b: Budget, title: str, *, public_only: bool) -> TableSpec:
    label = "机关运行经费支出" if public_only else "金额"
    rows = [ParsedRow(code, name, _values({label: value}))
            for code, name, value in _economic_values(b, _economic_codes(public_only=public_only))]
    total = b.n.public if public_only else b.basic
    rows.insert(0, ParsedRow(None, "合计", _values({label: total})))
    return _spec_of(title, "06", _amount_sides("科目编码", "科目名称", label), [rows])


def _three_public_meetings(b: Budget) -> TableSpec:
    t = three_public_values(b.n)
    band, car = "“三公”经费", "公务用车购置及运行维护费"
    three = t["budget_total"]
    columns = [
        (("合计",), three + b.n.meeting_fee + b.n.training_fee),
        ((band, "小计"), three),
        ((band, "因公出国（境）费"), t["overseas_budget"]),
        ((band, car, "小计"), t["vehicle_budget"]),
        ((band, car, "公务用车购置费"), t["vehicle_purchase_budget"]),
        ((band, car, "公务用车运行维护费"), t["vehicle_operation_budget"]),
        ((band, "公务接待费"), t["reception_budget"]),
        (("会议费",), b.n.meeting_fee),
        (("培训费",), b.n.training_fee),
    ]
    sides = [[("value", path) for path, _ in columns]]
    row = ParsedRow(None, "", _values({"/".join(path): v for path, v in columns}))
    return _spec_of("“三公”经费、会议费、培训费支出预算表", "09", sides, [[row]])


def _fund_amounts(b: Budget) -> TableSpec:
    title = "政府性基金预算财政拨款支出预算表"
    sides = _amount_sides("功能科目编码", "功能科目名称", "金额")
    if not b.fund:
        return _spec_of(title, "10", sides, [[]], note="注：本部门无相关收支项目。")
    rows = functional_rows({c: {"金额": v} for c, v in b.fund.items()}, ["金额"])
    return _spec_of(title, "10", sides, [rows])


# --- narrative ---------------------------------------------------------------------------


def budget_narrative(
    s: Stream, department: str, year: int, b: Budget, *, provincial: bool = False,
    procurement: Procurement | None = None,
) -> None:
    """The 情况说明: totals, the function lines with their budget only, 基本支出, 三公,
    机关运行经费. Every figure the tables print as a unit total is stated here too.
    A district names each line in full (``…（类）…（款）行政运行（项）12,268.62万元``), a
    province by its 款 and 项 only (``…（款）行政运行（项）支出12268.62万元``)."""
    n = b.n
    s.heading("一、收支预算总体情况")
    s.paragraph(f"{year}年，{department}收支预算总计{s.money(b.total, 'grand_total')}万元。")
    income = (f"收入预算{s.money(b.total, 'income_total')}万元，其中："
              f"财政拨款收入{s.money(b.fiscal, 'fiscal_appropriation_income')}万元")
    if b.other:
        income += f"；其他收入{s.money(b.other)}万元"
    spending = (f"支出预算{s.money(b.total, 'expenditure_total')}万元，其中：基本支出"
                f"{s.money(b.basic, 'basic_expenditure')}万元，占{percent(b.basic, b.total)}%；"
                f"项目支出{s.money(b.project, 'project_expenditure')}万元，"
                f"占{percent(b.project, b.total)}%")
    if b.reserve:
        spending += f"；单位预留机动经费{s.money(b.reserve)}万元，占{percent(b.reserve, b.total)}%"
    s.paragraph(income + "。")
    s.paragraph(spending + "。")
    s.heading("二、财政拨款支出预算情况")
    s.paragraph(
        f"{year}年财政拨款支出预算{s.money(b.fiscal)}万元，其中：一般公共预算财政拨款支出预算"
        f"{s.money(b.general, 'general_budget_expenditure')}万元"
        + (f"，政府性基金预算财政拨款支出预算"
           f"{s.money(b.fund_total, 'government_fund_expenditure')}万元。"
           if b.fund else "。本部门无政府性基金预算财政拨款支出预算。")
        + "财政拨款支出主要内容如下：")
    amounts = [(line.code, line.fiscal) for line in b.lines if line.fiscal]
    amounts += sorted(b.fund.items())
    for index, (code, amount) in enumerate(amounts, start=1):
        name = f"{item_of(code)}（款）{subitem_of(code)}（项）支出" if provincial else \
            line_name(code)
        s.paragraph(f"{index}.{name}{s.money(amount)}万元，{PURPOSES[index % len(PURPOSES)]}。")
        s.lines.append(ParsedLine(category=category_of(code), item=item_of(code),
                                  subitem=subitem_of(code), budget=wan(amount), actual=None,
                                  code=code))
    s.heading("三、一般公共预算基本支出预算情况")
    s.paragraph(
        f"{year}年一般公共预算基本支出预算{s.money(b.basic)}万元，其中：人员经费"
        f"{s.money(n.personnel, 'personnel_expenditure')}万元，主要包括基本工资、津贴补贴、"
        f"绩效工资等；公用经费{s.money(n.public, 'public_expenditure')}万元，主要包括办公费、"
        f"邮电费、差旅费等。")
    t = three_public_values(n)
    s.heading("四、“三公”经费预算情况")
    s.paragraph(
        f"{year}年“三公”经费预算数为{s.money(t['budget_total'], 'three_public_budget')}万元，"
        f"其中：因公出国（境）费{s.money(t['overseas_budget'], 'overseas_travel_budget')}万元，"
        f"公务用车购置及运行费{s.money(t['vehicle_budget'], 'vehicle_budget')}万元，"
        f"公务接待费{s.money(t['reception_budget'], 'reception_budget')}万元。"
        f"会议费预算{s.money(n.meeting_fee, 'meeting_fee')}万元，培训费预算"
        f"{s.money(n.training_fee, 'training_fee')}万元。")
    s.heading("五、机关运行经费预算情况")
    s.paragraph(f"{year}年{department}机关运行经费预算为"
                f"{s.money(n.public, 'operating_expenses')}万元。")
    if procurement is not None:
        p = procurement.totals
        s.heading("六、政府采购预算情况")
        s.paragraph(
            f"{year}年{department}政府采购预算总额{s.money(p['total'], 'procurement_total')}万元，"
            f"其中：政府采购货物预算{s.money(p['goods'], 'procurement_goods')}万元、"
            f"政府采购工程预算{s.money(p['works'], 'procurement_works')}万元、政府采购服务预算"
            f"{s.money(p['services'], 'procurement_services')}万元。")
