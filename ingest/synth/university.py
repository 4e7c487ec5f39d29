"""A central-level 高等学校 部门决算: four ``表N：高等学校…`` tables and a 决算报表说明.

Modelled on a 教育部直属 university's disclosure: the 收支决算总表 with a 栏次 row under
its header, 财政拨款收入 with its ``其中：政府性基金预算财政拨款`` row, 事业收入 printed as a
band of 金额 and ``其中：教育收费`` in the 收入决算表 (7-digit codes), the 支出决算表 with
every column a 支出决算表 has, and the 财政拨款支出决算表 with 科目编码 over 类/款/项
columns and an of-which 基本建设资金支出 column under 项目支出. The narrative is a
决算报表说明: one paragraph per table, the 财政拨款 lines listed as
``1.高等教育（2050205），2024年度决算数为…万元，比2023年度决算数增长…%``.
"""

from __future__ import annotations

import random

from core.contract import ParsedLine, ParsedRow
from ingest.synth.codes import (
    EXPENDITURE_CATEGORIES,
    UNIVERSITY_SUFFIXES,
    category_of,
    item_of,
    subitem_of,
)
from ingest.synth.model import HeaderCell, TableSpec
from ingest.synth.narrative import Stream, percent
from ingest.synth.numbers import Cents, Numbers, department_rng
from ingest.synth.tables import (
    _category_totals,
    _income_table,
    _leaf_spent,
    _of_which_income_rows,
    _spec,
    _values,
    functional_rows,
    numbered,
    wan,
)

PROJECT_BUILDING = "本年支出/项目支出/其中：基本建设资金支出"


def university_name(region: str, index: int) -> str:
    """A university's name from its city (``青川师范大学``)."""
    return region.split("市")[0] + UNIVERSITY_SUFFIXES[index % len(UNIVERSITY_SUFFIXES)]


def add_tuition(n: Numbers, seed: int, department: int, year: int) -> Numbers:
    """A university's large 事业收入: each teaching line gets its own income, spent on its
    projects the same year (carry-overs stay as they are)."""
    rng = department_rng(seed, department, year, "tuition")
    for leaf in n.leaves:
        if leaf.code.startswith("205"):
            income = int(leaf.actual * rng.uniform(0.3, 0.7))
            leaf.other_income += income
            # Part pays salaries (基本支出 beyond the appropriation's), the rest projects.
            leaf.other_basic += int(income * rng.uniform(0.2, 0.6)) if leaf.basic else 0
            leaf.other_spent += income - leaf.other_basic
    return n


def university_tables(n: Numbers, building_rng: random.Random) -> list[TableSpec]:
    specs = [_summary(n), _income(n), _spending(n), _appropriations(n, building_rng)]
    for index, spec in enumerate(specs, start=1):
        spec.title_prefix = f"表{index}："
    return specs


def _summary(n: Numbers) -> TableSpec:
    inc, exp = "收入/决算数", "支出/决算数"
    left = _of_which_income_rows(n, inc)
    left += [
        ParsedRow(None, "本年收入合计", _values({inc: n.income_total})),
        ParsedRow(None, "使用非财政拨款结余（含专用结余）", {}),
        ParsedRow(None, "上年结转和结余", _values({inc: n.carryover_begin})),
        ParsedRow(None, "合计", _values({inc: n.grand_total})),
    ]
    totals = _category_totals(n, _leaf_spent)
    right = [ParsedRow(None, numbered(i, name), _values({exp: totals.get(code, 0)}))
             for i, (code, name) in enumerate(EXPENDITURE_CATEGORIES)]
    right += [
        ParsedRow(None, "本年支出合计", _values({exp: n.expenditure_total})),
        ParsedRow(None, "结余分配", {}),
        ParsedRow(None, "年末结转和结余", _values({exp: n.carryover_end})),
        ParsedRow(None, "合计", _values({exp: n.grand_total})),
    ]
    sides = [[("name", ("收入", "项目")), ("value", ("收入", "决算数"))],
             [("name", ("支出", "项目（按功能分类）")), ("value", ("支出", "决算数"))]]
    spec, _ = _spec("高等学校收支决算总表", "01", sides, [left, right], align_last=True)
    # The 栏次 row under the header: each side's 项目 column says 栏次, its amounts 1, 2 ….
    texts = ["栏次", "1", "栏次", "2"]
    spec.header += [HeaderCell(spec.header_rows, col, text) for col, text in enumerate(texts)]
    spec.header_rows += 1
    return spec


def _income(n: Numbers) -> TableSpec:
    spec, _ = _income_table(n, of_which=True, total_first=False)
    spec.title = "高等学校收入决算表"
    return spec


def _spending(n: Numbers) -> TableSpec:
    labels = ["合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
    by_leaf: dict[str, dict[str, Cents]] = {}
    for leaf in n.leaves:
        by_leaf[leaf.code] = {"合计": leaf.actual + leaf.other_spent + leaf.other_basic,
                              "基本支出": leaf.basic + leaf.other_basic,
                              "项目支出": leaf.project + leaf.other_spent}
    for fund in n.fund_leaves:
        by_leaf[fund.code] = {"合计": fund.amount, "项目支出": fund.amount}
    rows = functional_rows(by_leaf, labels, total_first=False)
    sides = [[("code", ("科目编码",)), ("name", ("科目名称",)),
              *[("value", (label,)) for label in labels]]]
    spec, _ = _spec("高等学校支出决算表", "04", sides, [rows])
    return spec


def _appropriations(n: Numbers, rng: random.Random) -> TableSpec:
    labels = ["本年支出/合计", "本年支出/基本支出", "本年支出/项目支出/小计", PROJECT_BUILDING]
    by_leaf: dict[str, dict[str, Cents]] = {}
    for leaf in n.leaves:
        building = int(leaf.project * rng.uniform(0.2, 0.6)) if leaf.project and \
            rng.random() < 0.5 else 0
        by_leaf[leaf.code] = {labels[0]: leaf.actual, labels[1]: leaf.basic,
                              labels[2]: leaf.project, labels[3]: building}
    for fund in n.fund_leaves:
        by_leaf[fund.code] = {labels[0]: fund.amount, labels[2]: fund.amount}
    rows = functional_rows(by_leaf, labels)
    sides = [[("code", ("项目", "科目编码")), ("name", ("项目", "科目名称")),
              *[("value", tuple(label.split("/"))) for label in labels]]]
    spec, _ = _spec("高等学校财政拨款支出决算表", "05", sides, [rows])
    spec.split_codes = True
    return spec


def university_narrative(
    s: Stream, year: int, n: Numbers, prev: Numbers
) -> None:
    s.heading("三、决算报表说明")
    s.heading("（一）高等学校收支决算总表说明")
    s.paragraph(
        f"学校{year}年度收入、支出总计{s.money(n.grand_total, 'grand_total')}万元。"
        f"其中：本年收入合计{s.money(n.income_total, 'income_total')}万元，上年结转和结余"
        f"{s.money(n.carryover_begin, 'carryover_begin')}万元；本年支出合计"
        f"{s.money(n.expenditure_total, 'expenditure_total')}万元，年末结转和结余"
        f"{s.money(n.carryover_end, 'carryover_end')}万元。"
    )
    s.heading("（二）高等学校收入决算表说明")
    income = n.income_total
    text = (f"学校{year}年度本年收入合计{s.money(income)}万元，财政拨款收入"
            f"{s.money(n.fiscal_income, 'fiscal_appropriation_income')}万元，占收入总额"
            f"{percent(n.fiscal_income, income)}%")
    if n.fund:
        text += (f"，其中：政府性基金预算财政拨款收入"
                 f"{s.money(n.fund, 'government_fund_income')}万元")
    if n.other_income:
        text += (f"；事业收入{s.money(n.other_income)}万元，占收入总额"
                 f"{percent(n.other_income, income)}%")
    s.paragraph(text + "。")
    s.heading("（三）高等学校支出决算表说明")
    total, basic = n.expenditure_total, n.basic + n.other_basic
    s.paragraph(
        f"学校{year}年度本年支出合计{s.money(total)}万元，其中基本支出"
        f"{s.money(basic, 'basic_expenditure')}万元，占支出总额{percent(basic, total)}%；"
        f"项目支出{s.money(n.project, 'project_expenditure')}万元，占支出总额"
        f"{percent(n.project, total)}%。"
    )
    s.heading("（四）高等学校财政拨款支出决算表说明")
    fiscal, fiscal_basic = n.fiscal_income, n.basic
    fiscal_project = fiscal - fiscal_basic
    # The 财政拨款 part of 基本/项目支出, in the words the unit's totals use above.
    s.paragraph(f"学校{year}年度财政拨款支出总计为{s.money(fiscal)}万元，其中基本支出"
                f"{s.money(fiscal_basic)}万元，占总支出的{percent(fiscal_basic, fiscal)}%；项目支出"
                f"{s.money(fiscal_project)}万元，占总支出的{percent(fiscal_project, fiscal)}%。"
                f"具体包括：")
    before = {leaf.code: leaf.actual for leaf in prev.leaves}
    before.update({f.code: f.amount for f in prev.fund_leaves})
    amounts = [(leaf.code, leaf.actual) for leaf in n.leaves if leaf.actual]
    amounts += [(f.code, f.amount) for f in n.fund_leaves]
    for index, (code, amount) in enumerate(sorted(amounts), start=1):
        sentence = (f"{index}.{subitem_of(code)}（{code}），{year}年度决算数为"
                    f"{s.money(amount)}万元")
        last = before.get(code, 0)
        if last:
            verb = "增长" if amount >= last else "减少"
            sentence += (f"，比{year - 1}年度决算数{verb}"
                         f"{percent(abs(amount - last), last)}%")
        s.paragraph(sentence + "。")
        s.lines.append(ParsedLine(category=category_of(code), item=item_of(code),
                                  subitem=subitem_of(code), budget=None, actual=wan(amount),
                                  code=code))
