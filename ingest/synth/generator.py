"""Fictional departments and their reports, deterministic by seed.

``generate_report`` builds one ``SyntheticReport`` (truth + printed stream) for
a department index, a year and a kind; ``generate_corpus`` does that for N
departments × years × kinds. Region and department names are invented from
syllables, with the real naming patterns (市/区/县 + 局/委员会).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from core.contract import DEPARTMENT, UNIT, ParsedFigure, ParsedIndicator, ParsedTable
from ingest.synth.budget import Budget, budget_narrative, budget_tables, make_budget
from ingest.synth.codes import DEPARTMENT_KINDS, UNIVERSITY_KIND, DepartmentKind, category_of
from ingest.synth.model import LAYOUTS, HeaderCell, Layout, Part, SyntheticReport, TableSpec
from ingest.synth.narrative import (
    Stream,
    change_phrase,
    percent,
    state_full_year_line,
    state_line,
)
from ingest.synth.numbers import Numbers, add_components, department_rng, make_numbers
from ingest.synth.procurement import Procurement, make_procurement
from ingest.synth.tables import chinese_number, statement_tables, three_public_values, wan
from ingest.synth.university import (
    add_tuition,
    university_name,
    university_narrative,
    university_tables,
)

CITY_FIRST = "青岚桐沅澄栖枫汀"
CITY_SECOND = ("川", "江", "溪", "岫", "湾", "岭", "原", "宁")
DISTRICTS = ("临江区", "望岳区", "松浦区", "白鹭区", "清源县", "东湖区", "南屏县", "西坪区", "")

# The same figure in the wordings published reports use; one is picked per report.
GRAND_TOTAL_WORDS = ("收入、支出总计", "收、支总计", "收入支出总计")
THREE_PUBLIC_BUDGET_WORDS = ("年初预算为", "预算为")
OVER_REASONS = ("年中追加了专项工作经费", "根据工作需要调整了预算", "新增项目追加预算")
# Spending beyond 基本/项目 (Layout.components), as the 支出决算表 heads its columns.
COMPONENT_WORDS = (("上缴上级支出", "upper_remit"), ("经营支出", "operating"),
                   ("对附属单位补助支出", "subsidiary"))
UNDER_REASONS = ("厉行节约、压减一般性支出", "部分项目按进度结转下年实施", "人员变动相应减少支出")


@dataclass(frozen=True, slots=True)
class Department:
    index: int
    name: str
    region: str
    kind: DepartmentKind
    slug: str


def department(index: int) -> Department:
    """The index-th fictional department; names are unique for index < 4608."""
    kind = DEPARTMENT_KINDS[index % len(DEPARTMENT_KINDS)]
    region_index = index // len(DEPARTMENT_KINDS)
    city = CITY_FIRST[region_index % 8] + CITY_SECOND[(region_index // 8) % 8] + "市"
    district = DISTRICTS[(region_index // 64) % len(DISTRICTS)]
    region = city + district
    return Department(index, region + kind.suffix, region, kind, f"d{index:04d}")


def generate_report(
    seed: int,
    department_index: int,
    year: int,
    kind: str = "final_accounts",
    *,
    faults: Iterable[str] = (),
    layout: Layout | None = None,
) -> SyntheticReport:
    """One report's truth and printed stream.

    ``kind``: ``final_accounts``, ``performance_evaluation`` or ``budget`` (a 部门预算: a
    district's set for even department indexes, a province's for odd ones; see
    ``ingest.synth.budget``). Pass the layout you will write with, or leave it for the
    default: it decides how sentences print amounts (``text_thousands``) and, for some
    layouts, what the report holds (``tables_only``, ``of_which``, ``components``,
    ``university``).
    """
    dept = department(department_index)
    fault_set = frozenset(faults)
    university = (layout or LAYOUTS["default"]).university and kind == "final_accounts"
    if university:  # a 高等学校 in the department's city, with its own lines
        dept = replace(dept, name=university_name(dept.region, dept.index), kind=UNIVERSITY_KIND)
    numbers = make_numbers(seed, department_index, year, dept.kind, fault_set)
    previous = make_numbers(seed, department_index, year - 1, dept.kind, frozenset())
    if university:
        add_tuition(numbers, seed, department_index, year)
        add_tuition(previous, seed, department_index, year - 1)
    if (layout or LAYOUTS["default"]).components:
        add_components(numbers, seed, department_index, year)
        add_components(previous, seed, department_index, year - 1)
    stream = Stream(thousands=(layout or LAYOUTS["default"]).text_thousands)
    rng = department_rng(seed, department_index, year, "text")
    if university:
        _university(stream, dept, year, numbers, previous,
                    department_rng(seed, department_index, year, "building"))
    elif (layout or LAYOUTS["default"]).tables_only:
        budget = make_budget(numbers, seed, department_index, year,
                             reserve=department_index % 2 == 1) if kind == "budget" else None
        _tables_only(stream, dept, year, n=numbers, kind=kind,
                     indicator_rng=department_rng(seed, department_index, year, "indicators"),
                     budget=budget)
    elif kind == "final_accounts":
        # About a third of 决算 carry the 绩效自评 as an appendix (its indicators count too).
        appendix = department_rng(seed, department_index, year, "appendix").random() < 0.35
        indicator_rng = department_rng(seed, department_index, year, "indicators")
        _final_accounts(stream, dept, year, numbers, previous, rng,
                        indicator_rng if appendix else None,
                        of_which=(layout or LAYOUTS["default"]).of_which,
                        unit_scope=(layout or LAYOUTS["default"]).unit_scope,
                        mid_year=(layout or LAYOUTS["default"]).mid_year)
    elif kind == "performance_evaluation":
        _performance_evaluation(stream, dept, year, numbers, rng)
    elif kind == "budget":
        procurement = make_procurement(seed, department_index, year, numbers.public) \
            if (layout or LAYOUTS["default"]).procurement else None
        _budget(stream, dept, year, make_budget(numbers, seed, department_index, year,
                                                reserve=department_index % 2 == 1),
                unit_scope=(layout or LAYOUTS["default"]).unit_scope, procurement=procurement)
    else:
        raise ValueError(f"unsupported kind {kind!r}")
    statements = [p.table for p in stream.parts if p.table is not None and p.table.sheet_code]
    if (layout or LAYOUTS["default"]).numbered:
        for index, spec in enumerate(statements, start=1):
            spec.number = (f"公开{index:02d}表" if department_index % 2 == 0
                           else f"表{chinese_number(index)}")
    truth_tables = [_truth_of(spec) for spec in statements]
    unit_scope = (layout or LAYOUTS["default"]).unit_scope and kind in ("final_accounts", "budget")
    return SyntheticReport(
        file=f"{dept.slug}_{year}_{kind}",
        kind=kind,
        department=dept.name,
        fiscal_year=year,
        scope=UNIT if unit_scope else DEPARTMENT,
        figures=[ParsedFigure(k, v) for k, v in stream.figures.items()],
        expenditure_lines=stream.lines,
        tables=truth_tables,
        indicators=stream.indicators,
        sections=stream.sections,
        parts=stream.parts,
        region=dept.region,
        slug=f"{dept.slug}_{year}_{SLUG_KINDS[kind]}",
    )


SLUG_KINDS = {"final_accounts": "final", "performance_evaluation": "perf", "budget": "budget"}


def _truth_of(spec: TableSpec) -> ParsedTable:
    return ParsedTable(title=spec.title, rows=[row for side in spec.side_rows for row in side],
                       note=spec.note)


def generate_corpus(
    seed: int = 0,
    departments: int = 4,
    years: Sequence[int] = (2022, 2023, 2024),
    kinds: Sequence[str] = ("final_accounts", "performance_evaluation"),
    *,
    first_department: int = 0,
) -> list[SyntheticReport]:
    """departments × years × kinds reports, in that order; deterministic by seed."""
    return list(iter_corpus(seed, departments, years, kinds, first_department=first_department))


def iter_corpus(
    seed: int = 0,
    departments: int = 4,
    years: Sequence[int] = (2022, 2023, 2024),
    kinds: Sequence[str] = ("final_accounts", "performance_evaluation"),
    *,
    first_department: int = 0,
) -> Iterator[SyntheticReport]:
    """``generate_corpus`` one report at a time, for corpora too big to hold at once."""
    for index in range(first_department, first_department + departments):
        for year in years:
            for kind in kinds:
                yield generate_report(seed, index, year, kind)


# --- 部门决算 ---------------------------------------------------------------


def _tables_only(
    s: Stream, dept: Department, year: int, *, n: Numbers, kind: str,
    indicator_rng: random.Random, budget: Budget | None = None,
) -> None:
    """A file of tables alone: the year is in each title, the department only in the
    ``部门：`` line the writers print under it (``Layout.caption_with_department``)."""
    if budget is not None:
        specs = budget_tables(budget, year, provincial=dept.index % 2 == 1)
    elif kind == "final_accounts":
        specs = [spec for spec, _truth in statement_tables(n)]
    elif kind == "performance_evaluation":
        indicators, funds, indicator_table, _ = _appendix_tables(n, indicator_rng)
        specs = [funds, indicator_table]
        s.indicators.extend(indicators)
    else:
        raise ValueError(f"unsupported kind {kind!r}")
    for index, spec in enumerate(specs):
        year_words = f"{year}年" if kind in ("final_accounts", "budget") else f"{year}年度"
        if not spec.title.startswith(year_words):  # a district's budget titles carry it
            spec.title = year_words + spec.title
        if index:
            s.page_break()
        s.table(spec)


def _final_accounts(
    s: Stream, dept: Department, year: int, n: Numbers, prev: Numbers, rng: random.Random,
    appendix_rng: random.Random | None = None,
    *,
    of_which: bool = False,
    unit_scope: bool = False,
    mid_year: bool = False,
) -> None:
    scope = "单位" if unit_scope else "部门"  # a unit's own 单位决算, or the department's
    s.cover(f"{dept.name}")
    s.cover(f"{year}年度{scope}决算")
    s.page_break()
    s.part_heading(f"第一部分　{dept.name}概况")
    s.heading("一、主要职能")
    duties = "；".join(dept.kind.duties)
    s.paragraph(f"{dept.name}是{dept.region}人民政府的工作部门，主要职能包括：{duties}。")
    s.heading("二、机构设置及决算单位构成")
    staff = n.counts
    members = (f"本单位{year}年度单位决算仅反映{dept.name}本级的收支情况，不含所属单位。"
               if unit_scope else
               f"本部门{year}年度部门决算汇总公开单位构成包括：{dept.name}本级。")
    s.paragraph(
        f"{members}截至{year}年12月31日，"
        f"本部门编制数{s.count(staff['staff_authorized'], 'staff_authorized')}人，"
        f"实有人数{s.count(staff['staff_actual'], 'staff_actual')}人，"
        f"退休人员{s.count(staff['retirees'], 'retirees')}人。"
    )
    s.page_break()
    s.part_heading(f"第二部分　{year}年度{scope}决算表")
    for spec, _truth in statement_tables(n, of_which=of_which):
        s.table(spec)
        s.page_break()
    s.part_heading(f"第三部分　{year}年度{scope}决算情况说明")
    appendix = _appendix_tables(n, appendix_rng) if appendix_rng is not None else None
    _final_narrative(s, dept, year, n, prev, rng, appendix,
                     other_income_word="事业收入" if of_which else "其他收入", mid_year=mid_year)
    s.part_heading("第四部分　名词解释")
    s.paragraph("一、财政拨款收入：指本级财政当年拨付的资金。")
    s.paragraph("二、年初结转和结余：指以前年度尚未完成、结转到本年按有关规定继续使用的资金。")
    s.paragraph("三、机关运行经费：指为保障行政单位运行用于购买货物和服务的各项资金。")
    if appendix is not None:
        indicators, funds_table, indicator_table, _ = appendix
        s.page_break()
        s.part_heading(f"第五部分　附件：{year}年度部门整体支出绩效自评表")
        s.table(funds_table)
        s.table(indicator_table)
        s.indicators.extend(indicators)
    _insert_contents(s)


def _budget(
    s: Stream, dept: Department, year: int, b: Budget, *, unit_scope: bool = False,
    procurement: Procurement | None = None,
) -> None:
    """A 部门预算: district style for even department indexes, provincial for odd ones
    (see ``ingest.synth.budget``); a 单位预算 with ``unit_scope``."""
    provincial = dept.index % 2 == 1
    scope = "单位" if unit_scope else "部门"
    s.cover(dept.name)
    s.cover(f"{year}年{scope}预算")
    s.page_break()
    s.part_heading(f"第一部分　{dept.name}概况")
    s.heading("一、主要职能")
    s.paragraph(f"{dept.name}是{dept.region}人民政府的工作部门，主要职能包括："
                + "；".join(dept.kind.duties) + "。")
    s.heading("二、部门机构设置及预算单位构成")
    s.paragraph(f"本单位{year}年单位预算仅反映{dept.name}本级的收支预算，不含所属单位。"
                if unit_scope else f"本部门{year}年部门预算汇总单位包括：{dept.name}本级。")
    s.page_break()
    s.part_heading(f"第二部分　{year}年{scope}预算表")
    for spec in budget_tables(b, year, provincial=provincial, scope=scope,
                              procurement=procurement):
        s.table(spec)
        s.page_break()
    s.part_heading(f"第三部分　{year}年{scope}预算情况说明")
    budget_narrative(s, dept.name, year, b, provincial=provincial, procurement=procurement)
    s.part_heading("第四部分　名词解释")
    s.paragraph("一、财政拨款收入：指本级财政当年拨付的资金。")
    s.paragraph("二、基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费。")
    s.paragraph("三、项目支出：指在基本支出之外为完成特定行政任务和事业发展目标所发生的支出。")
    _insert_contents(s)


def _university(
    s: Stream, dept: Department, year: int, n: Numbers, prev: Numbers, rng: random.Random
) -> None:
    """A central-level 高等学校 决算 (see ``ingest.synth.university``)."""
    s.cover(f"{dept.name}{year}年度部门决算")
    s.cover(f"{year + 1}年8月")
    s.page_break()
    s.heading("一、学校概况")
    s.heading("（一）学校基本情况")
    s.paragraph(f"{dept.name}是位于{dept.region}的高等学校，主要职能包括："
                + "；".join(dept.kind.duties) + "。")
    s.heading("（二）部门决算单位构成")
    s.paragraph(f"学校部门决算反映{dept.name}本级的经费收支情况。")
    s.heading(f"二、{year}年度部门决算报表")
    s.page_break()
    for spec in university_tables(n, rng):
        s.table(spec)
        s.page_break()
    university_narrative(s, year, n, prev)
    s.heading("四、名词解释")
    s.paragraph("（一）财政拨款收入：指本年度从本级财政部门取得的财政拨款。")
    s.paragraph("（二）事业收入：指学校开展教学、科研及其辅助活动依法取得的收入。")
    _insert_contents(s, sub_numbered=True)  # the tables listed as （一）… under 二、


def _appendix_tables(
    n: Numbers, rng: random.Random
) -> tuple[list[ParsedIndicator], TableSpec, TableSpec, str]:
    indicators = _indicators(rng)
    fund_score = _fund_score(n)
    total = _total_score(indicators, fund_score)
    return indicators, _funds_table(n, fund_score), _indicator_table(indicators, total), total


def _insert_contents(s: Stream, *, sub_numbered: bool = False) -> None:
    """A 目录 page after the cover, listing the headings and table titles.

    Printed as plain lines straight into the parts, so it adds nothing to the truth: a
    parser must skip it rather than take its lines for sections.
    """
    lines: list[str] = []
    tables = 0
    for part in s.parts:
        if part.kind == "heading":
            lines.append(part.text)
        elif part.table is not None and part.table.sheet_code:
            tables += 1
            lines.append(f"（{chinese_number(tables)}）{part.table.title}" if sub_numbered
                         else f"{chinese_number(tables)}、{part.table.title}")
    cover_end = next(i for i, p in enumerate(s.parts) if p.kind == "page_break")
    contents = [Part("paragraph", "目　录"), *[Part("paragraph", line) for line in lines],
                Part("page_break")]
    s.parts[cover_end + 1: cover_end + 1] = contents


def _final_narrative(
    s: Stream, dept: Department, year: int, n: Numbers, prev: Numbers, rng: random.Random,
    appendix: tuple | None = None,
    other_income_word: str = "其他收入",
    *,
    mid_year: bool = False,
) -> None:
    grand = n.grand_total
    s.heading("一、收入支出决算总体情况说明")
    s.paragraph(
        f"{dept.name}{year}年度{rng.choice(GRAND_TOTAL_WORDS)}{s.money(grand, 'grand_total')}万元，"
        f"{change_phrase(s, grand, prev.grand_total)}。其中：收入总计含年初结转和结余"
        f"{s.money(n.carryover_begin, 'carryover_begin')}万元，支出总计含年末结转和结余"
        f"{s.money(n.carryover_end, 'carryover_end')}万元。"
    )
    s.heading("二、收入决算情况说明")
    income = n.income_total
    text = (f"本年收入合计{s.money(income, 'income_total')}万元，其中：财政拨款收入"
            f"{s.money(n.fiscal_income, 'fiscal_appropriation_income')}万元，"
            f"占{percent(n.fiscal_income, income)}%")
    for word, amount in (("事业收入", n.service_income), ("经营收入", n.operating_income)):
        if amount:  # the unit's own income paying for spending beyond 基本/项目
            text += f"；{word}{s.money(amount)}万元，占{percent(amount, income)}%"
    if n.other_income:
        text += (f"；{other_income_word}{s.money(n.other_income)}万元，"
                 f"占{percent(n.other_income, income)}%")
    s.paragraph(text + "。")
    s.heading("三、支出决算情况说明")
    total, basic = n.expenditure_total, n.basic
    project = n.project + n.offsets.get("project_expenditure", 0)
    text = (
        f"本年支出合计{s.money(total, 'expenditure_total')}万元，其中：基本支出"
        f"{s.money(basic, 'basic_expenditure')}万元，占{percent(basic, total)}%；项目支出"
        f"{s.money(project, 'project_expenditure')}万元，占{percent(project, total)}%"
    )
    for word, name in COMPONENT_WORDS:
        amount = n.component(name)
        if amount:
            text += f"；{word}{s.money(amount)}万元，占{percent(amount, total)}%"
    s.paragraph(text + "。")
    s.heading("四、财政拨款收入支出决算总体情况说明")
    fiscal_total = n.fiscal_income + n.fiscal_carryover
    s.paragraph(
        f"{year}年度财政拨款收入支出总计{s.money(fiscal_total)}万元，其中：年初财政拨款结转和结余"
        f"{s.money(n.fiscal_carryover)}万元，本年财政拨款收入{s.money(n.fiscal_income)}万元。"
    )
    _general_budget_section(s, year, n, rng, mid_year=mid_year)
    s.heading("六、一般公共预算财政拨款基本支出决算情况说明")
    personnel = n.personnel + n.offsets.get("personnel_expenditure", 0)
    s.paragraph(
        f"{year}年度一般公共预算财政拨款基本支出{s.money(basic)}万元，其中：人员经费"
        f"{s.money(personnel, 'personnel_expenditure')}万元，主要包括：基本工资、津贴补贴、"
        f"绩效工资、机关事业单位基本养老保险缴费、住房公积金等；公用经费"
        f"{s.money(n.public, 'public_expenditure')}万元，主要包括：办公费、邮电费、差旅费、"
        f"工会经费、福利费等。"
    )
    _three_public_section(s, year, n, rng.choice(THREE_PUBLIC_BUDGET_WORDS))
    s.heading("八、政府性基金预算财政拨款收入支出决算情况说明")
    if n.fund:
        s.paragraph(
            f"{year}年度政府性基金预算财政拨款收入{s.money(n.fund, 'government_fund_income')}万元，"
            f"支出{s.money(n.fund, 'government_fund_expenditure')}万元，全部为项目支出。"
        )
    else:
        s.paragraph(f"本部门{year}年度无政府性基金预算财政拨款收入，也没有使用政府性基金预算财政拨款安排的支出。")
    s.heading("九、国有资本经营预算财政拨款支出决算情况说明")
    s.paragraph(f"本部门{year}年度无国有资本经营预算财政拨款支出。")
    s.heading("十、预算绩效管理情况")
    s.paragraph(
        f"本部门组织对{year}年度一般公共预算项目支出开展了绩效自评，自评覆盖率100%，"
        f"绩效目标总体实现。"
    )
    if appendix is not None:
        s.figures.setdefault("self_evaluation_score", appendix[3])
        s.paragraph(
            f"部门整体支出年初预算数{s.money(n.general_budget_initial, 'budget_initial')}万元，"
            f"全年预算数{s.money(n.full_year_budget, 'budget_full_year')}万元，全年执行数"
            f"{s.money(n.general_budget, 'budget_executed')}万元。部门整体支出绩效自评得分"
            f"{appendix[3]}分，自评表见第五部分附件。"
        )
    _other_matters(s, year, n)


def _general_budget_section(
    s: Stream, year: int, n: Numbers, rng: random.Random, *, mid_year: bool = False
) -> None:
    g = n.general_budget
    s.heading("五、一般公共预算财政拨款支出决算情况说明")
    s.paragraph("（一）一般公共预算财政拨款支出决算总体情况")
    s.paragraph(
        f"{year}年度一般公共预算财政拨款支出{s.money(g, 'general_budget_expenditure')}万元，"
        f"占本年支出合计的{percent(g, n.expenditure_total)}%。"
    )
    s.paragraph("（二）一般公共预算财政拨款支出决算结构情况")
    by_category: dict[str, int] = {}
    for leaf in n.leaves:
        by_category[leaf.code[:3]] = by_category.get(leaf.code[:3], 0) + leaf.actual
    parts = [f"{category_of(c)}（类）{s.money(v)}万元，占{percent(v, g)}%"
             for c, v in sorted(by_category.items())]
    s.paragraph(f"{year}年度一般公共预算财政拨款支出{s.money(g)}万元，主要用于以下方面："
                + "；".join(parts) + "。")
    s.paragraph("（三）一般公共预算财政拨款支出决算具体情况")
    if mid_year:  # set up during the year: no 年初预算; each line's 全年预算 and 决算
        s.paragraph(f"本单位于{year}年年中设立，无年初预算。{year}年度一般公共预算财政拨款支出"
                    f"决算为{s.money(g)}万元。其中：")
        own_paragraphs = rng.random() < 0.5
        for index, leaf in enumerate(n.leaves, start=1):
            pool = OVER_REASONS if leaf.actual > leaf.budget else UNDER_REASONS
            state_full_year_line(s, index, leaf.code, leaf.budget, leaf.actual, rng.choice(pool),
                                 own_paragraph=own_paragraphs)
        return
    initial = n.general_budget_initial
    s.paragraph(
        f"{year}年度一般公共预算财政拨款支出年初预算为"
        f"{s.money(initial, 'general_budget_initial')}万元，支出决算为{s.money(g)}万元，"
        f"完成年初预算的{percent(g, initial)}%。其中："
    )
    own_paragraphs = rng.random() < 0.5
    for index, leaf in enumerate(n.leaves, start=1):
        pool = OVER_REASONS if leaf.actual > leaf.budget else UNDER_REASONS
        state_line(s, index, leaf.code, leaf.budget, leaf.actual, rng.choice(pool),
                   own_paragraph=own_paragraphs)


def _three_public_section(s: Stream, year: int, n: Numbers, budget_word: str) -> None:
    t = three_public_values(n)
    s.heading("七、财政拨款“三公”经费支出决算情况说明")
    s.paragraph("（一）“三公”经费财政拨款支出决算总体情况说明")
    s.paragraph(
        f"“三公”经费财政拨款支出{budget_word}"
        f"{s.money(t['budget_total'], 'three_public_budget')}万元，"
        f"支出决算为{s.money(t['actual_total'], 'three_public_actual')}万元，"
        f"完成年初预算的{percent(t['actual_total'], t['budget_total'])}%。其中：因公出国（境）费"
        f"年初预算为{s.money(t['overseas_budget'], 'overseas_travel_budget')}万元，支出决算为"
        f"{s.money(t['overseas_actual'], 'overseas_travel_actual')}万元；公务用车购置及运行维护费"
        f"年初预算为{s.money(t['vehicle_budget'], 'vehicle_budget')}万元，支出决算为"
        f"{s.money(t['vehicle_actual'], 'vehicle_actual')}万元；公务接待费年初预算为"
        f"{s.money(t['reception_budget'], 'reception_budget')}万元，支出决算为"
        f"{s.money(t['reception_actual'], 'reception_actual')}万元。"
    )
    s.paragraph("（二）“三公”经费财政拨款支出决算具体情况说明")
    c = n.counts
    s.paragraph(
        f"1.公务用车购置及运行维护费支出决算{s.money(t['vehicle_actual'])}万元，其中：公务用车购置费"
        f"{s.money(t['vehicle_purchase_actual'], 'vehicle_purchase_actual')}万元，"
        f"公务用车运行维护费"
        f"{s.money(t['vehicle_operation_actual'], 'vehicle_operation_actual')}万元。"
    )
    s.paragraph(
        f"2.公务接待费支出决算{s.money(t['reception_actual'])}万元，全年共接待国内来访团组"
        f"{s.count(c['reception_groups'], 'reception_groups')}个、来宾"
        f"{s.count(c['reception_visitors'], 'reception_visitors')}人次。"
    )


def _other_matters(s: Stream, year: int, n: Numbers) -> None:
    p = n.procurement
    s.heading("十一、其他重要事项的情况说明")
    s.paragraph("（一）机关运行经费支出情况")
    s.paragraph(f"{year}年度本部门机关运行经费支出{s.money(n.public, 'operating_expenses')}万元。")
    s.paragraph("（二）一般性支出情况")
    s.paragraph(f"{year}年度本部门开支会议费{s.money(n.meeting_fee, 'meeting_fee')}万元；"
                f"开支培训费{s.money(n.training_fee, 'training_fee')}万元。")
    s.paragraph("（三）政府采购支出情况")
    s.paragraph(
        f"{year}年度本部门政府采购支出总额{s.money(p['total'], 'procurement_total')}万元，其中："
        f"政府采购货物支出{s.money(p['goods'], 'procurement_goods')}万元、政府采购工程支出"
        f"{s.money(p['works'], 'procurement_works')}万元、政府采购服务支出"
        f"{s.money(p['services'], 'procurement_services')}万元。授予中小企业合同金额"
        f"{s.money(p['sme'], 'procurement_sme')}万元，占政府采购支出总额的"
        f"{percent(p['sme'], p['total'])}%。"
    )
    s.paragraph("（四）国有资产占用情况")
    vehicles = s.count(n.counts["vehicles"], "vehicles")
    s.paragraph(f"截至{year}年12月31日，本部门共有车辆{vehicles}辆。")


# --- 部门整体支出绩效自评报告 -------------------------------------------------

INDICATOR_POOL: tuple[tuple[str, str, str, str, str], ...] = (
    # level1, level2, level3, target template, unit
    ("产出指标", "数量指标", "组织开展专项工作次数", "≥{n}", "次"),
    ("产出指标", "数量指标", "完成年度重点任务数", "{n}", "项"),
    ("产出指标", "质量指标", "重点任务完成率", "≥{p}", "%"),
    ("产出指标", "质量指标", "资金使用合规率", "100", "%"),
    ("产出指标", "时效指标", "任务按时完成率", "100", "%"),
    ("效益指标", "社会效益指标", "服务群众覆盖率", "≥{p}", "%"),
    ("效益指标", "可持续影响指标", "长效管理机制运行率", "≥{p}", "%"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{p}", "%"),
)
DEVIATIONS = ("受年度工作安排调整影响，部分任务延后实施", "项目实施进度慢于预期")


def _performance_evaluation(
    s: Stream, dept: Department, year: int, n: Numbers, rng: random.Random
) -> None:
    s.cover(f"{year}年度部门整体支出绩效自评报告")
    s.cover(f"部门（单位）名称：{dept.name}")
    s.cover(f"{year + 1}年4月")
    s.page_break()
    c = n.counts
    s.heading("一、部门（单位）基本情况")
    s.paragraph(f"{dept.name}主要职能包括：" + "；".join(dept.kind.duties) + "。")
    s.paragraph(
        f"截至{year}年12月31日，本部门编制数"
        f"{s.count(c['staff_authorized'], 'staff_authorized')}人，"
        f"实有人数{s.count(c['staff_actual'], 'staff_actual')}人，退休人员"
        f"{s.count(c['retirees'], 'retirees')}人。"
    )
    g, basic = n.general_budget, n.basic
    project = g - basic + n.offsets.get("project_expenditure", 0)
    personnel = n.personnel + n.offsets.get("personnel_expenditure", 0)
    s.heading("二、一般公共预算支出情况")
    s.paragraph(
        f"{year}年度一般公共预算财政拨款收入{s.money(g, 'fiscal_appropriation_income')}万元，"
        f"一般公共预算财政拨款支出{s.money(g, 'general_budget_expenditure')}万元。"
    )
    s.paragraph(
        f"（一）基本支出情况。{year}年度基本支出{s.money(basic, 'basic_expenditure')}万元，其中："
        f"人员经费{s.money(personnel, 'personnel_expenditure')}万元，公用经费"
        f"{s.money(n.public, 'public_expenditure')}万元。"
    )
    stated_project = s.money(project, "project_expenditure")
    s.paragraph(f"（二）项目支出情况。{year}年度项目支出{stated_project}万元。")
    s.heading("三、政府性基金预算支出情况")
    if n.fund:
        s.paragraph(f"{year}年度政府性基金预算财政拨款支出"
                    f"{s.money(n.fund, 'government_fund_expenditure')}万元。")
    else:
        s.paragraph("无。")
    s.heading("四、国有资本经营预算支出情况")
    s.paragraph("无。")
    s.heading("五、社会保险基金预算支出情况")
    s.paragraph("无。")
    indicators = _indicators(rng)
    fund_score = _fund_score(n)
    total_score = _total_score(indicators, fund_score)
    t = three_public_values(n)
    s.heading("六、部门整体支出绩效情况")
    s.paragraph(
        f"{year}年度部门整体支出年初预算数"
        f"{s.money(n.general_budget_initial, 'budget_initial')}万元，"
        f"全年预算数{s.money(n.full_year_budget, 'budget_full_year')}万元，全年执行数"
        f"{s.money(g, 'budget_executed')}万元，预算执行率{percent(g, n.full_year_budget)}%。"
    )
    s.paragraph(
        f"“三公”经费年初预算{s.money(t['budget_total'], 'three_public_budget')}万元，实际支出"
        f"{s.money(t['actual_total'], 'three_public_actual')}万元。"
    )
    s.figures.setdefault("self_evaluation_score", total_score)
    s.paragraph(f"经自评，本部门{year}年度部门整体支出绩效自评得分{total_score}分，评价等级为"
                f"{'优' if Decimal(total_score) >= 90 else '良'}。")
    s.heading("七、存在的问题及原因分析")
    s.paragraph("部分项目绩效目标设置不够细化，个别指标量化程度不高。")
    s.heading("八、下一步改进措施")
    s.paragraph("进一步加强预算绩效管理，细化量化绩效目标，强化绩效监控和结果运用。")
    s.heading("九、部门整体支出绩效自评结果拟应用和公开情况")
    s.paragraph("自评结果将作为以后年度预算安排的重要依据，并随部门决算一并公开。")
    s.page_break()
    s.part_heading(f"附件：{year}年度部门整体支出绩效自评表")
    s.table(_funds_table(n, fund_score))
    s.table(_indicator_table(indicators, total_score))
    s.indicators.extend(indicators)


def _total_score(indicators: list[ParsedIndicator], fund_score: str) -> str:
    total = sum(Decimal(i.score) for i in indicators) + Decimal(fund_score)
    return str(int(total)) if total == total.to_integral() else str(total)


def _fund_score(n: Numbers) -> str:
    if n.full_year_budget == 0:
        return "10.00"
    return wan(min(1000, round(n.general_budget * 1000 / n.full_year_budget)))


def _indicators(rng: random.Random) -> list[ParsedIndicator]:
    chosen = [row for row in INDICATOR_POOL if row[1] != "数量指标" or rng.random() < 0.8]
    weights = _weights(len(chosen))
    result = []
    for (level1, level2, level3, target, unit), weight in zip(chosen, weights, strict=True):
        n, p = rng.randint(4, 40), rng.choice([85, 90, 95])
        target_text = target.format(n=n, p=p) + unit
        short = rng.random() < 0.2
        base = n if "{n}" in target else (p if "{p}" in target else 100)
        actual_value = base - rng.randint(1, 3) if short else base + rng.randint(0, 2)
        if unit == "%":
            actual_value = min(actual_value, 100)
        score = weight - 1 if short else weight
        result.append(ParsedIndicator(
            level1, level2, level3, target=target_text, actual=f"{actual_value}{unit}",
            weight=str(weight), score=str(score),
            deviation=rng.choice(DEVIATIONS) if short else "",
        ))
    return result


def _weights(count: int) -> list[int]:
    base, rest = divmod(90, count)
    return [base + (1 if i < rest else 0) for i in range(count)]


def _funds_table(n: Numbers, fund_score: str) -> TableSpec:
    header = ["项目", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "分值",
              "执行率", "得分"]
    body = ["年度资金总额", wan(n.general_budget_initial), wan(n.full_year_budget),
            wan(n.general_budget), "10", f"{percent(n.general_budget, n.full_year_budget)}%",
            fund_score]
    cells = [HeaderCell(0, i, text) for i, text in enumerate(header)]
    rows = [HeaderCell(0, i, text) for i, text in enumerate(body)]
    title = "部门整体支出绩效自评表（年度预算执行）"
    return TableSpec(title, cells, 1, [[]], money=False, body=rows)


def _indicator_table(indicators: list[ParsedIndicator], total: str) -> TableSpec:
    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
              "偏差原因分析"]
    cells = [HeaderCell(0, i, text) for i, text in enumerate(header)]
    body: list[HeaderCell] = []
    for r, ind in enumerate(indicators):
        for col, level in ((0, ind.level1), (1, ind.level2)):
            above = indicators[r - 1] if r else None
            same = above is not None and (above.level1, above.level2)[: col + 1] == (
                ind.level1, ind.level2)[: col + 1]
            if same:
                _extend_down(body, col)
            else:
                body.append(HeaderCell(r, col, level))
        for col, text in enumerate((ind.level3, ind.target, ind.actual, ind.weight, ind.score,
                                    ind.deviation), start=2):
            body.append(HeaderCell(r, col, text))
    last = len(indicators)
    body.append(HeaderCell(last, 0, "总分", colspan=5))
    body.append(HeaderCell(last, 5, "100"))
    body.append(HeaderCell(last, 6, total))
    body.append(HeaderCell(last, 7, ""))
    return TableSpec("部门整体支出绩效自评表", cells, 1, [[]], money=False, body=body)


def _extend_down(body: list[HeaderCell], col: int) -> None:
    for cell in reversed(body):
        if cell.col == col:
            cell.rowspan += 1
            return
