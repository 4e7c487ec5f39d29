"""Figures of the contract vocabulary, read from sentences and table cells.

A sentence is cut at each amount ("…支出预算为3.63万元，支出决算为3.63万元").
The text between the previous amount and this one is its *label*. The label
names a subject (三公经费, 基本支出, …) at its end, followed only by connector
words (为, 支出, 决算数, …) that may say which measure (预算/决算/收入/支出) is
meant. A label with connectors only ("，支出决算为") continues the previous
subject of the same sentence. Anything else between subject and amount
("比上年减少", "主要为…资金") means the amount is not the subject's value.

Table cells give the same facts as (row label, column label, value) and are
used where the narrative says nothing; when both give a key with different
values the narrative wins, preferring the section whose topic the key is, and
a warning names both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import cast

from core.contract import (
    BUDGET,
    COUNT_KEYS,
    FIGURE_KEYS,
    PERFORMANCE_EVALUATION,
    ParsedFigure,
    ParsedSection,
    ParsedTable,
    conflict_warning,
)
from core.money import (
    NUMBER,
    TEXT_MONEY_UNIT,
    declared_unit,
    is_money_unit,
    to_count,
    to_wan_yuan,
)
from core.statements import TOTAL_WORDS
from core.text import ITEM_NUMBER, fold_width, is_column_numbers, squeeze
from ingest.document import Document, Table
from ingest.extract.identity import identify
from ingest.extract.projects import project_rows
from ingest.extract.sections import Line, body_lines, join_lines
from ingest.extract.vocabulary import (
    BUDGET_TERMS,
    EACH_SIDE_TOTAL,
    EXECUTED_FUNDS,
    FULL_YEAR_FUNDS,
    FUND_ONLY_TABLE,
    LOOSE_SUBJECTS,
    PERFORMANCE_TERMS,
    SUBJECTS,
    TERMS,
    TOPICS,
    UNSURE_TOTALS,
)

# A term followed by these words only still names the amount's subject.
_CONNECTOR = (
    r"(?:为|是|达到|达|共计|合计|总计|共|计|总额|金额|数额|支出|开支|经费|决算数|决算|预算数|预算|"
    r"年初预算数|年初预算|全年|执行数|执行|实际|累计|约|了|的|均|数|总数|小计|财政拨款|安排|"
    r"[：，,/、]|\d{4}年度?|（[^（）]{0,16}）|"
    # "决算为62万元，完成全年预算80万元的77%": the budget of the same subject.
    r"完成(?=(?:全年|年初|调整后?)?预算))*"
)
_OVERALL_TABLE = re.compile(r"收入支出(?:决算|预算)?总表|收支(?:决算|预算)?总表")
_FUND_SECTION = re.compile(r"财政拨款|一般公共预算|政府性基金|国有资本经营|社会保险基金")
_UNIT_TOTALS = {"grand_total", "income_total", "expenditure_total", "carryover_begin",
                "carryover_end"}
_NOT_AMOUNT_COLUMN = re.compile(r"分值|得分|执行率|完成率|占比|比例|比重|增减|增长|权重")
# 基本支出/项目支出 are the unit's (支出决算表); "财政拨款基本支出" is only the
# appropriation part of it, the value to use when nothing else is stated.
# Likewise the 公务用车保有量 of the 三公 section is part of the unit's 车辆.
_PARTS: dict[str, re.Pattern[str]] = {
    # …and so is "基本支出一般公共预算财政拨款支出X万元" (the funds named after it), and a
    # budget's "一般公共预算基本支出X万元".
    "basic_expenditure": re.compile(
        r"(?:财政拨款|一般公共预算(?:拨款)?)基本支出|基本支出(?:一般公共预算)?财政拨款"),
    "project_expenditure": re.compile(
        r"(?:财政拨款|一般公共预算(?:拨款)?)项目支出|项目支出(?:一般公共预算)?财政拨款"),
    "vehicles": re.compile(r"保有量|公务用车"),
}
# "财政拨款支出总计为X万元，其中基本支出Y万元": parts of the appropriation alone.
_APPROPRIATION_PARTS = re.compile(r"财政拨款[^。；]*其中")
_FUNDS_SENTENCE = re.compile(r"全年预算数|全年执行数")
_INITIAL_FUNDS = re.compile(r"年初预算数")
# A 绩效自评 is about the unit's own funds: there the 数 may be left out
# ("年初预算300万元，全年预算320万元，全年执行315万元").
_FUNDS_SENTENCE_PERFORMANCE = re.compile(rf"全年预算|全年执行|{FULL_YEAR_FUNDS}|{EXECUTED_FUNDS}")
_INITIAL_FUNDS_PERFORMANCE = re.compile(r"年初预算数?")
_GENERAL_IN_SECTION = re.compile(r"财政拨款支出")
_BRACKET_ASIDE = re.compile(r"^[^（）]*）")  # the term sits inside an unclosed （…）
# An aside that only names what it follows: （三公经费）, （以下简称三公经费）.
_NAMING_ASIDE = re.compile(r"（(?:以下|下文)?(?:简称|统称|称|下称)?为?$")
_ASIDE = re.compile(r"（[^（）]*）")
_CONNECTOR_RE = re.compile(rf"^{_CONNECTOR}$")
_LEAD = re.compile(r"^[，,；、：\s]*(?:其中[：，,]?)?")

_AMOUNT = re.compile(
    rf"(?P<num>{NUMBER})\s*"
    rf"(?P<unit>{TEXT_MONEY_UNIT}|人次|人|名|个|辆|批次|批|分)(?![\d%])"
)
_COUNT_UNITS = {"人次", "人", "名", "个", "辆", "批次", "批"}
_SENTENCE_SPLIT = re.compile(r"[。！？!?\n]")
_BOTH = re.compile(r"([\u4e00-\u9fff]{2,14})收入[、和及与]支出均为(" + _AMOUNT.pattern + ")")
# A fund named alone; "一般公共预算及政府性基金财政拨款“三公”经费" is both budgets together.
_FUND_SCOPE = re.compile(
    r"(?<!一般公共预算[及和与、])(?<!一般公共预算财政拨款[及和与、])"
    r"(?:政府性基金|国有资本经营|社会保险基金)")
_FUND_KEYS = {"government_fund_income", "government_fund_expenditure"}
_PRIOR = re.compile(r"上年度|上一年度|去年|上年决算")
_COMPARISON_CLAUSE = re.compile(
    r"(?:与|同|比|较)(?:(?:19|20)\d{2}年度?|上年度?|上一年度|去年)[^，,；;：:。]*[，,；;：:]")
_YEAR_END = re.compile(r"((?:19|20)\d{2})年(?:底|末|12月31日)")
_SENTENCE_END = re.compile(r"[。！？]")
# A sentence stating one classification line: 行政运行（项）…, 小学教育（2050202）….
_LINE_STATEMENT = re.compile(r"（项）|（款）|（2\d{6}）|(?<!\d)2\d{6}(?!\d)")
_UNIT_MEASURES = {"budget_initial", "budget_full_year", "budget_executed"}
# A budget's income whose parts, listed after it, include the carry-over: its 收入总计.
_WITH_CARRYOVER = re.compile(r"[^。]*?其中[^。]*?(?:上年结转|上年结余|结转结余|使用非财政拨款结余)")
# A project named as the subject (该项目…, 农村道路养护项目全年预算数…; 项目支出 and
# 项目资金 are the unit's own kinds of spending).
_PROJECT = re.compile(r"项目(?![支经资])|专项(?:资金|经费)")
_PART_LEAD = re.compile(r"^\W*(?:\d+|[一二三四五六七八九十]+)?\W*其中")
# 某某工作经费：年初预算…, 某某经费全年预算数… (the unit's own is 部门/单位经费).
_NAMED_FUND = re.compile(
    r"[\u4e00-\u9fff]{2,}(?<!部门)(?<!单位)经费[：:，,]?(?:(?:年初|全年|调整后?)|$)")
# Tables that list purchases item by item (政府采购预算表): their rows are no unit totals.
_ITEMISED_TABLE = re.compile(r"采购")


@dataclass(slots=True)
class Candidate:
    key: str
    value: str
    source: str
    page: int | None
    order: int
    topical: bool = False
    from_table: bool = False
    scoped: bool = False  # about a fund or a prior year: only for conflict warnings
    snippet: str = ""  # the label's tail and the amount, to find the page it is printed on
    qualified: bool = False  # 财政拨款基本支出: the appropriation part of a unit-wide key
    loose: bool = False  # worded loosely (a budget's bare 收入预算): any other statement wins
    # A 总计 named by one side (收入总计: "income_total"), the key it is when it is no 总计.
    side: str = ""
    unsure: bool = False  # that side's total may be either: other figures must say which


@dataclass(slots=True)
class _Context:
    performance: bool
    fiscal_year: int | None
    terms: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    budget: bool = False  # a 预算 report: every amount is a budget


# --- entry point --------------------------------------------------------------


def extract_figures(
    document: Document,
    *,
    sections: list[ParsedSection],
    tables: list[ParsedTable],
) -> tuple[list[ParsedFigure], list[str]]:
    identity = identify(document)
    context = _make_context(identity.kind == PERFORMANCE_EVALUATION, identity.fiscal_year,
                            budget=identity.kind == BUDGET)
    candidates: list[Candidate] = []
    preamble, page = _preamble(document)
    if not _has_narrative(preamble, sections):
        # A file of tables only is one part of a report (its 附表): the figures are what
        # the report's text states, read from its other part.
        return [], _placeholder_warnings(sections)
    if preamble:
        candidates.extend(_from_text(preamble, "", page, context, 0))
    for path, section in _with_paths(sections):
        candidates.extend(_from_text(section.text, path, section.page, context, len(candidates)))
    for fact in _table_facts(document, tables):
        candidate = _from_fact(fact, context, len(candidates))
        if candidate is not None:
            candidates.append(candidate)
    reconciled, side_warnings = _reconciled(candidates)
    figures, warnings = _resolve(reconciled, document)
    return figures, [*_placeholder_warnings(sections), *side_warnings, *warnings]


def _has_narrative(preamble: str, sections: list[ParsedSection]) -> bool:
    """Whether the document has sentences of its own, not only tables and their captions."""
    texts = (preamble, *(s.text for s in sections))
    return any(_SENTENCE_END.search(text) or _AMOUNT.search(text) for text in texts)


def _preamble(document: Document) -> tuple[str, int | None]:
    """Body text before the first heading: a report with no headings at all is all preamble."""
    lines: list[Line] = []
    for line in body_lines(document):
        if line.heading:
            break
        lines.append(line)
    return join_lines([line.text for line in lines]), (lines[0].page if lines else None)


_PLACEHOLDER_AMOUNT = re.compile(r"[XＸx×]{2,}\s*(?:亿元|万元|元|人次|人|辆|个|%|分)")


def _placeholder_warnings(sections: list[ParsedSection]) -> list[str]:
    """A template left unfilled prints XX where amounts belong; say so once."""
    hits = [
        (section.heading, match.group(0))
        for section in sections
        for match in _PLACEHOLDER_AMOUNT.finditer(section.text)
    ]
    if not hits:
        return []
    where = "、".join(dict.fromkeys(heading for heading, _ in hits[:5]))
    return [f"{len(hits)} 处数值是占位符 (placeholders instead of figures), e.g. in {where}"]


def _make_context(performance: bool, fiscal_year: int | None, *, budget: bool = False) -> _Context:
    # Performance terms first: on equal matches the first listed term wins.
    compiled = [*(_PERFORMANCE_TERMS if performance else ()), *_TERMS,
                *(_BUDGET_TERMS if budget else ())]
    return _Context(performance=performance, fiscal_year=fiscal_year, terms=compiled,
                    budget=budget)


def _compiled(terms: tuple[tuple[str, str], ...]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), subject) for pattern, subject in terms)


# Compiled once on import (a forked parse process inherits them).
_TERMS, _PERFORMANCE_TERMS, _BUDGET_TERMS = map(_compiled, (TERMS, PERFORMANCE_TERMS,
                                                            BUDGET_TERMS))
# Each term at the end of a text: '会议费、培训费N万元' (``_is_combined``).
_ENDS_WITH = {pattern.pattern: re.compile(f"(?:{pattern.pattern})$")
              for pattern, _ in (*_TERMS, *_PERFORMANCE_TERMS, *_BUDGET_TERMS)}
_TOPIC_PATTERNS = {key: re.compile(topic) for key, topic in TOPICS.items()}


def _with_paths(sections: list[ParsedSection]) -> list[tuple[str, ParsedSection]]:
    """Each section with the joined headings above it (its topic path)."""
    stack: list[tuple[int, str]] = []
    out: list[tuple[str, ParsedSection]] = []
    for section in sections:
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        stack.append((section.level, section.heading))
        out.append(("/".join(h for _, h in stack), section))
    return out


# --- sentences ----------------------------------------------------------------


def normalise_sentence_text(text: str) -> str:
    folded = _QUOTE_MARKS.sub("", fold_width(text))
    return _SPACES.sub("", folded)


_QUOTE_MARKS = re.compile(r"[“”\"‘’'「」]")
_SPACES = re.compile(r"[ \t]+")


def _expand_both(sentence: str) -> str:
    """'X收入、支出均为N万元' states two figures; write them out as two.

    Not where X is the unit itself ("本部门收入、支出均为N万元"): equal income and
    spending are its 总计 or its 本年 figures, and the sentence does not say which.
    """
    def both(m: re.Match[str]) -> str:
        if m.group(1).endswith(("本部门", "本单位")):
            return m.group(0)
        return f"{m.group(1)}收入{m.group(2)}，{m.group(1)}支出{m.group(2)}"

    return _BOTH.sub(both, sentence)


# Two amounts, the unit printed after the last only; a comma between them only after
# decimals ("4125.49,4143.91万元"), never inside one amount ("1,234.56万元").
_SIDE_AMOUNTS = re.compile(
    rf"(?P<a>{NUMBER})(?P<unit_a>{TEXT_MONEY_UNIT})?(?P<sep>[、，,和及与])"
    rf"(?P<b>{NUMBER})(?P<unit_b>{TEXT_MONEY_UNIT})")


def _expand_sides(sentence: str) -> str:
    """'收、支总计各是A、B万元' states the income's 总计 and the spending's: write them as two
    (their values may differ, see ``_split_sides``)."""
    out, last = [], 0
    for m in EACH_SIDE_TOTAL.finditer(sentence):
        amounts = _SIDE_AMOUNTS.match(sentence, m.end())
        if amounts is None or m.start() < last or (
                not amounts.group("unit_a") and amounts.group("sep") in ",，"
                and "." not in amounts.group("a")):
            continue
        unit_a = amounts.group("unit_a") or amounts.group("unit_b")
        out += [sentence[last:m.start()],
                f"收入{m.group('what')}{amounts.group('a')}{unit_a}，",
                f"支出{m.group('what')}{amounts.group('b')}{amounts.group('unit_b')}"]
        last = amounts.end()
    return "".join(out) + sentence[last:]


_PAIR_AMOUNTS = (rf"(?P<a>{NUMBER}\s*(?:{TEXT_MONEY_UNIT}))[、，,和及与]"
                 rf"(?P<b>{NUMBER}\s*(?:{TEXT_MONEY_UNIT}))(?![\d%])")
# "X收入、支出分别为A、B": X's income, then X's spending.
_PAIR_SIDES = re.compile(
    r"(?P<x>[\u4e00-\u9fff]{2,14})收入[、和及与]支出分别(?:为|是)?" + _PAIR_AMOUNTS)
# "X预算数、决算数分别为A、B" (in either order): X's budget, then X's account.
_MEASURE = r"(?:年初|全年)?预算数?|(?:支出)?决算数?"
_PAIR_MEASURES = re.compile(
    rf"(?P<m1>{_MEASURE})[、和及与](?P<m2>{_MEASURE})分别(?:为|是)?" + _PAIR_AMOUNTS)


def _expand_pairs(sentence: str) -> str:
    """Two measures or two sides of one subject with their two amounts in turn, written
    out as two statements of that subject."""
    sentence = _PAIR_SIDES.sub(
        lambda m: f"{m['x']}收入{m['a']}，{m['x']}支出{m['b']}", sentence)

    def measures(m: re.Match[str]) -> str:
        if ("预算" in m["m1"]) == ("预算" in m["m2"]):
            return m.group(0)  # not one budget and one account
        return f"{m['m1']}{m['a']}，{m['m2']}{m['b']}"

    return _PAIR_MEASURES.sub(measures, sentence)


def _from_text(
    text: str, path: str, page: int | None, context: _Context, order: int
) -> list[Candidate]:
    out: list[Candidate] = []
    if re.search(r"一般公共预算", path):
        # Inside the 一般公共预算 section a bare 财政拨款支出 is that budget's spending.
        context = _Context(context.performance, context.fiscal_year,
                           [(_GENERAL_IN_SECTION, "general_budget"), *context.terms],
                           context.budget)
    lines_stated = False
    for raw_sentence in _SENTENCE_SPLIT.split(normalise_sentence_text(text)):
        sentence = _UNITLESS_ZERO.sub(r"\g<0>万元", raw_sentence)
        sentence = _expand_respectively(
            _expand_both(_expand_pairs(_expand_sides(sentence))), context)
        local = context
        funds, initial = ((_FUNDS_SENTENCE_PERFORMANCE, _INITIAL_FUNDS_PERFORMANCE)
                          if context.performance else (_FUNDS_SENTENCE, _INITIAL_FUNDS))
        if funds.search(sentence):
            # Beside 全年预算数/全年执行数, 年初预算数 is the unit's 年初预算 (年度资金总额).
            local = _Context(context.performance, context.fiscal_year,
                             [(initial, "initial_funds"), *context.terms], context.budget)
        found = _sentence_candidates(sentence, path, page, local, order + len(out))
        lines_stated = lines_stated or bool(_LINE_STATEMENT.search(sentence))
        if lines_stated or (context.performance and _about_project(sentence, path, funds)):
            # 行政运行（项）。全年预算为X万元: from the first line stated on, a 全年预算 or
            # 年初预算 is a line's, never the unit's 全年预算数; a project's are the
            # project's.
            found = [c for c in found if c.key not in _UNIT_MEASURES]
        if _FUND_SECTION.search(path):
            # "四、财政拨款收入支出决算总体情况说明：收、支总计均为1300万元": the totals a
            # section about one source of funds states are that source's.
            found = [c for c in found if c.key not in _UNIT_TOTALS]
        out.extend(_without_scale(_without_headcount_of_all(found), sentence))
    return out


# "总分100分，其中产出指标50分…", "指标体系总分为100分，经自评得分95分": a 总分 that names
# the scale scored against (its parts follow, a word before it says so, or the score
# itself is stated after it) is no score.
_TOTAL_POINTS = re.compile(
    r"(?P<before>[^，,；;。]*?)(?:自评)?总分(?:值)?(?:为|是|：)?(?P<num>\d+(?:\.\d+)?)分"
    r"(?P<after>[^。]*)")
_SCALE_BEFORE = re.compile(r"满分|百分制|指标体系|设置|分值|采用|评分标准")
_SCALE_AFTER = re.compile(r"^[，,；;：:]?其中|得分")


def _without_scale(found: list[Candidate], sentence: str) -> list[Candidate]:
    if "总分" not in sentence:
        return found  # most sentences: the pattern's open prefix would try every position
    scales = {m.group("num") for m in _TOTAL_POINTS.finditer(sentence)
              if _SCALE_BEFORE.search(m.group("before")) or _SCALE_AFTER.search(m.group("after"))}
    if not scales:
        return found
    return [c for c in found if not (c.key == "self_evaluation_score" and c.value in scales
                                     and "总分" in c.snippet)]


def _about_project(sentence: str, path: str, funds: re.Pattern[str]) -> bool:
    """Whether the funds a self-evaluation's sentence states are a named project's: the
    project is named before them (before the sentence's first amount: "部门年初预算数500
    万元，其中专项资金80万元，全年预算数…" is the unit's), or the section's heading names it."""
    first, amount = funds.search(sentence), _AMOUNT.search(sentence)
    cut = min(m.start() for m in (first, amount) if m) if first or amount else len(sentence)
    before = sentence[:cut]
    heading = path.rsplit("/", 1)[-1]
    # A part named as the subject: 其中：…, or a fund of its own (某某工作经费全年预算数…);
    # a section on the projects' spending (（二）项目支出绩效情况) states a part's funds.
    return bool(_PROJECT.search(before) or _PART_LEAD.match(before)
                or _NAMED_FUND.search(before)
                or _PROJECT.search(heading) or ("项目支出" in heading and "整体" not in heading))


def _without_headcount_of_all(found: list[Candidate]) -> list[Candidate]:
    """"实有人数11人，其中：在职人员10人，…退休人员1人": the first counts the retirees
    too; the staff are the serving part stated after it."""
    staff = [i for i, c in enumerate(found) if c.key == "staff_actual"]
    if len(staff) < 2 or not any(c.key == "retirees" for c in found[staff[0]:]):
        return found
    return [c for i, c in enumerate(found) if i != staff[0]]


# "因公出国（境）费支出为0，": nothing spent needs no unit; the money unit is meant.
_UNITLESS_ZERO = re.compile(r"(?<=[为是])0(?:\.0+)?(?=[，,；;。]|$)")

_RESPECTIVELY = re.compile(
    r"(?P<names>[^，,。；：]{4,80}?)(?P<measure>(?:支出)?(?:预算|决算)?数?)分别(?:为|是|达到|达)?"
    r"(?P<values>(?:" + _AMOUNT.pattern.replace("?P<num>", "").replace("?P<unit>", "")
    + r"\s*[、和及与,，]?\s*){2,})"
)


def _expand_respectively(sentence: str, context: _Context) -> str:
    """'A、B、C支出决算分别为X万元、Y万元、Z万元' → 'A支出决算X万元，B…，C…'.

    The names are found as vocabulary terms; when their count is not the count of
    amounts (a shared prefix left out, say) the sentence is left as it is.
    """
    def rewrite(match: re.Match[str]) -> str:
        text, measure = match.group("names"), match.group("measure")
        values = [m.group(0) for m in _AMOUNT.finditer(match.group("values"))]
        names = _terms_in_order(text, context)
        if len(names) != len(values) and measure == "支出":
            # "基本支出和项目支出分别为…": the 支出 is the last name's own, not a measure.
            text, measure = text + measure, ""
            names = _terms_in_order(text, context)
        if len(names) < 2 or len(names) != len(values):
            return match.group(0)
        lead = text[: text.find(names[0])]
        return lead + "，".join(f"{name}{measure}{value}" for name, value in zip(
            names, values, strict=True))

    return _RESPECTIVELY.sub(rewrite, sentence)


def _terms_in_order(text: str, context: _Context) -> list[str]:
    """Non-overlapping vocabulary terms of a list of names, left to right, longest first."""
    spans: list[tuple[int, int]] = []
    for pattern, _subject in context.terms:
        spans.extend(m.span() for m in pattern.finditer(text))
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return [text[start:end] for start, end in chosen]


def _sentence_candidates(
    sentence: str, path: str, page: int | None, context: _Context, order: int
) -> list[Candidate]:
    out: list[Candidate] = []
    subjects: list[str] = []  # subjects named so far in this sentence, latest last
    # In a self-evaluation a clause's 全年执行数 continues only a part whose own measure
    # the clause before stated (项目支出全年预算数X，全年执行数Y), never any subject named
    # earlier (收入合计X；全年预算数Y is the unit's).
    owner: str | None = None
    start = 0
    for match in _AMOUNT.finditer(sentence):
        label = sentence[start:match.start()]
        prefix = sentence[:match.start()]
        start = match.end()
        subject, measure_text = _subject_of(label, context)
        owned = False  # the measure is another subject's (基本支出全年执行数): that one only
        if subject in _MEASURE_SUBJECTS:
            earlier = subjects if not context.performance else [owner] if owner else []
            measured = _measured_subject(label, earlier, context)
            if measured is not None:
                (subject, measure_text), owned = measured, context.performance
        owner = subject if owned else None
        if subject is None:
            subject = _inherited(label, subjects)
            measure_text = label
        subject = _count_subject(subject, label, subjects, match.group("unit"))
        if subject is None or subject == "blocked":
            if subject == "blocked" and not _inside_aside(label):
                subjects.append(subject)  # an aside's part leaves the subject it interrupts
            continue
        subjects.append(subject)
        key = _key_for(subject, measure_text, context.budget, named=owned)
        if not key:
            continue
        if (context.budget and key == "income_total" and "本年" not in label
                and _WITH_CARRYOVER.match(sentence, match.end())):
            key = "grand_total"  # 收入预算1500万元，其中：…上年结转100万元: all of it
        if key in _BASIC_PARTS and _parent(subjects[:-1]) == "project":
            continue  # "项目支出80万元，其中：人员经费10万元": the project's, not 基本支出's
        value = _value(key, match.group("num"), match.group("unit"))
        if value is None:
            continue
        scoped = bool(_FUND_SCOPE.search(prefix)) and key not in _FUND_KEYS
        scoped = scoped or _mentions_other_year(label, context.fiscal_year, context.budget)
        out.append(Candidate(
            key=key, value=value, source=sentence, page=page, order=order + len(out),
            topical=_topical(key, path), scoped=scoped,
            side=UNSURE_TOTALS.get(subject) or (_total_side(label) if key == "grand_total"
                                                else ""),
            unsure=subject in UNSURE_TOTALS,
            snippet=sentence[max(0, match.start() - 12): match.end()],
            loose=subject in LOOSE_SUBJECTS,
            qualified=bool(key in _PARTS and (_PARTS[key].search(label) or (
                not context.performance and _APPROPRIATION_PARTS.search(prefix)
                and not _FUND_SCOPE.search(prefix)))),
        ))
    return out


_TOTAL_TERM = re.compile(r"(?:收入?)?[、和及与]?(?:支出?)?总(?:计|额)|收支总")


def _total_side(label: str) -> str:
    """The side a 总计 names: 收入总计 the income's, 支出总计 the spending's, 收支总计 none."""
    terms = _TOTAL_TERM.findall(label)
    if not terms or ("收" in terms[-1]) == ("支" in terms[-1]):
        return ""
    return "income_total" if "收" in terms[-1] else "expenditure_total"


_BASIC_PARTS = {"personnel_expenditure", "public_expenditure"}


def _parent(subjects: list[str]) -> str | None:
    """The kind of spending (基本支出 or 项目支出) the sentence named last."""
    return next((s for s in reversed(subjects) if s in ("basic", "project")), None)


def _measured_subject(
    label: str, subjects: list[str], context: _Context
) -> tuple[str, str] | None:
    """全年预算 / 全年执行数 may be the measure of another subject.

    The 财政部 template writes "“三公”经费支出全年预算为X万元" and
    "因公出国（境）费支出0万元，全年预算为0万元"; a self-evaluation "基本支出全年预算数
    300万元，全年执行数298万元": the subject is the term just before the measure
    words, or the subject the clause continues. None when there is no such subject
    (the unit's own 全年预算数).
    """
    spans = [m.span() for pattern, subject in context.terms if subject in _MEASURE_SUBJECTS
             for m in pattern.finditer(label)]
    if not spans:
        return None
    start = min(s for s, _ in spans)
    head, measure = label[:start], label[start:]
    subject, gap = _subject_of(head, context)
    if subject is not None and subject not in _MEASURE_SUBJECTS and subject != "blocked":
        return subject, gap + measure
    rest = _LEAD.sub("", head)
    if rest and not (_CONNECTOR_RE.match(rest) or _CONNECTOR_RE.match(rest + measure)):
        return None
    for earlier in reversed(subjects):
        if earlier not in _MEASURE_SUBJECTS and earlier != "blocked":
            return earlier, measure
    return None


def _after_lead(label: str) -> str:
    """A label without its lead (，/其中：) and the end of an aside before it: "），支出决算为"
    after "（含上年结转20万元" continues the subject the aside interrupted."""
    return _LEAD.sub("", label.removeprefix("）"))


def _inside_aside(label: str) -> bool:
    """Whether the label ends inside an open bracket: （其中外事接待…."""
    return label.rfind("（") > label.rfind("）")


# A count that names only its measure (接待人次, 批次) continues the reception before it.
_RESTATED_COUNT = re.compile(rf"^(?:接待)?(?:人次|批次|团组|人数){_CONNECTOR}$")


def _count_subject(
    subject: str | None, label: str, subjects: list[str], unit: str
) -> str | None:
    """公务接待 with 批次/个 counts groups, with 人次 visitors ("接待12批次、80人次").

    An aside between the two ("12批次（其中外事接待0批次），80人次") ends with its
    closing bracket; the count after it still continues the reception.
    """
    if unit not in _COUNT_UNITS:
        return subject
    reception = {"reception", "reception_groups", "reception_visitors"}
    rest = _after_lead(label)
    if subject is None and subjects and subjects[-1] in reception and _CONNECTOR_RE.match(rest):
        subject = "reception"
    if (subject in ("reception_groups", "reception_visitors") and subjects
            and subjects[-1] == "blocked" and _RESTATED_COUNT.match(rest)):
        # "国（境）外公务接待批次23个，接待人次142人": the visitors of the foreign groups.
        return "blocked"
    if subject in reception:
        # The unit says what is counted: "接待国内外来宾20批次，150人次".
        return "reception_visitors" if unit in ("人次", "人") else "reception_groups"
    return subject


def _subject_of(label: str, context: _Context) -> tuple[str | None, str]:
    """The subject named at the end of a label, and the connector text after it.

    The latest-ending term wins (the longer one on a tie, then the one listed
    first); a term inside a bracket aside ("基本支出（含人员经费）") is passed over
    because the bracket may stand between a subject and its amount.
    """
    found: list[tuple[int, int, int, str]] = []
    for index, (pattern, subject) in enumerate(context.terms):
        for match in pattern.finditer(label):
            found.append((-match.end(), match.start() - match.end(), index, subject))
    for neg_end, neg_length, _index, subject in sorted(found):
        end, length = -neg_end, -neg_length
        gap = label[end:]
        if not _CONNECTOR_RE.match(gap):
            if _BRACKET_ASIDE.match(gap):
                if gap[0] == "）" and _CONNECTOR_RE.match(gap[1:]) and _names_a_list(
                        label[: end - length], context):
                    # "A、B、C（以下简称三公经费）决算总额": the aside names the sum.
                    return subject, gap[1:]
                continue
            return None, ""
        if _is_combined(label[: end - length], subject, context):
            return "blocked", ""
        if _CHANGED.search(label, 0, end - length):
            # "…等原因，增加基本支出844.15万元": the change, not the subject's value.
            return "blocked", ""
        if subject == "general_budget":
            # "“三公”经费一般公共预算财政拨款支出8万元": the budget funds the cost named
            # right before it; the amount is that cost's.
            funded, joint = _subject_of(label[: end - length], context)
            if funded not in (None, "blocked", "general_budget") and not joint:
                return funded, gap
        return subject, gap
    return None, ""


# A change verb right before the subject: the amount is how much it changed by.
_CHANGED = re.compile(
    r"(?:增加|减少|增长|下降|降低|提高|上升|节约|节省|压减|压缩|调增|调减|新增)了?$")


def _names_a_list(before: str, context: _Context) -> bool:
    """Whether an aside opening at the end of ``before`` names what precedes it: it says
    so (（以下简称…）) or follows a list of costs (A、B、C（…）), never one cost alone
    (机关运行经费（公用经费）)."""
    naming = _NAMING_ASIDE.search(before)
    if naming is None:
        return False
    return naming.end() - naming.start() > 1 or len(
        _terms_in_order(before[: naming.start()], context)) >= 2


def _is_combined(before: str, subject: str, context: _Context) -> bool:
    """'会议费、培训费N万元' gives one amount for two keys: neither is stated alone."""
    if not before or before[-1] not in "、和及与":
        return False
    head = before[:-1]
    for pattern, other in context.terms:
        ends_with = _ENDS_WITH.get(pattern.pattern) or re.compile(f"(?:{pattern.pattern})$")
        if other != subject and ends_with.search(head):
            return True
    return False


def _inherited(label: str, subjects: list[str]) -> str | None:
    """'，支出决算为' continues the latest subject that has the measure it names."""
    rest = _after_lead(label)
    if not rest or (not _CONNECTOR_RE.match(rest) and not re.fullmatch(r"(?:收入|支出)为?", rest)):
        return None
    measures = _measures(rest)
    if not measures:
        return None
    for subject in reversed(subjects):
        table = SUBJECTS.get(subject, {})
        if any(m in table for m in measures):
            return subject
    return None


def _measures(text: str) -> list[str]:
    found: list[str] = []
    checks = (
        ("initial", r"年初预算"),
        ("full_year", rf"全年预算|{FULL_YEAR_FUNDS}"),
        ("executed", r"全年执行|执行数"),
        ("budget", r"预算"),
        ("actual", r"决算|实际|执行"),
        ("income", r"收入"),
        ("expenditure", r"支出"),
    )
    for measure, pattern in checks:
        if re.search(pattern, text):
            found.append(measure)
    return found


_FALLBACK = {"initial": "budget", "full_year": "budget", "executed": "actual"}


def _key_for(
    subject: str, measure_text: str, budget_report: bool = False, *, named: bool = False
) -> str:
    """The key a subject has under the measure the text names.

    In a budget report every amount is a budget: 预算 picks the *_budget key where
    the vocabulary has one and the plain key elsewhere. ``named``: the measure is
    the one the text names or nothing (一般公共预算全年执行数 is no 财政拨款收入).
    """
    table = SUBJECTS.get(subject, {})
    if subject in _MEASURE_SUBJECTS:
        # The subject is itself the measure: an aside ("全年预算数（调整后预算）为…")
        # only restates it.
        measure_text = _ASIDE.sub("", measure_text)
    measures = _measures(measure_text)
    if budget_report:
        if "budget" in table:
            return table["budget"]
        measures = [m for m in measures if m not in ("initial", "budget", "full_year")]
    for measure in measures:
        if measure in table:
            return table[measure]
        fallback = _FALLBACK.get(measure)
        if fallback and fallback in table:
            return table[fallback]
        if measure in ("initial", "budget", "full_year"):
            return ""  # a budget of something the vocabulary only has as actual
    return "" if named else table.get("", "")


def _value(key: str, number: str, unit: str) -> str | None:
    if key in COUNT_KEYS:
        return to_count(number) if unit in _COUNT_UNITS else None
    if key == "self_evaluation_score":
        return number.replace(",", "") if unit == "分" else None
    if not is_money_unit(unit):
        return None
    return to_wan_yuan(number, unit)


def _mentions_other_year(label: str, fiscal_year: int | None, budget: bool = False) -> bool:
    # "…，与2022年预算持平：一、2023年因公出国（境）费预算170万元": a closed comparison
    # clause before the subject names the year compared with, not the figure's year.
    label = _COMPARISON_CLAUSE.sub("", label)
    if _PRIOR.search(label):
        return True
    if fiscal_year is None:
        return False
    if budget:
        # A budget states what the unit holds as at the end of the year before it
        # (截至2023年底/2023年12月31日, 本部门共有车辆6辆): that is its own date.
        label = _YEAR_END.sub(
            lambda m: "" if int(m.group(1)) == fiscal_year - 1 else m.group(0), label)
    return any(int(y) != fiscal_year for y in re.findall(r"((?:19|20)\d{2})年", label))


def _topical(key: str, path: str) -> bool:
    prefixes = [prefix for prefix in TOPICS if key.startswith(prefix)]
    if not prefixes:
        return False
    topic = _TOPIC_PATTERNS[max(prefixes, key=len)]  # "vehicles" before "vehicle"
    heads = path.split("/")
    return any(topic.search(h) for h in heads[1:] or heads)


# --- tables -------------------------------------------------------------------


@dataclass(slots=True)
class Fact:
    row: str
    column: str
    value: str
    unit: str
    page: int | None
    source: str
    title: str = ""


def _table_facts(document: Document, tables: list[ParsedTable]) -> list[Fact]:
    """Facts from the statement tables, then from grids the table extractor could not name.

    ParsedTable values are already in 万元. A document grid is read directly only
    when no ParsedTable with named rows comes from its page: text dumps of 绩效
    tables lose cells in ways a statement-table reader does not expect.
    """
    facts: list[Fact] = []
    named_pages: set[int | None] = set()
    for parsed in tables:
        if any(squeeze(row.name) for row in parsed.rows):
            named_pages.add(parsed.page)
        if _ITEMISED_TABLE.search(parsed.title):
            continue  # its rows are items bought, not the unit's 会议费 or 公务用车
        for row in parsed.rows:
            if row.code:
                continue  # classification rows are detail, not unit-level figures
            for label, value in row.values.items():
                if not squeeze(row.name) and "/" not in label:
                    continue  # an unnamed row under a one-level header says too little
                facts.append(Fact(row.name, label, value, "万元", parsed.page,
                                  f"{parsed.title}: {row.name} / {label}", parsed.title))
    projects = project_rows(document)
    for table in document.tables():
        if not named_pages.intersection([table.page, *table.pages]):
            facts.extend(_grid_facts(table, projects.get(id(table), set())))
    return facts


def _is_value(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+(?:\.\d+)?%?|——|—|-|－", squeeze(fold_width(text))))


def _grid_facts(table: Table, of_projects: set[int]) -> list[Fact]:
    """Facts from a grid whose header rows may repeat inside it (stacked sub-tables).

    The rows of a project's self-evaluation (its 年度资金总额, its 总分) state nothing
    about the unit.
    """
    facts: list[Fact] = []
    unit = declared_unit(table.unit) or declared_unit(table.title) or "万元"
    header: list[str] = []
    for index, row in enumerate(table.grid(fill_merged=True)):
        if index in of_projects:
            continue
        cells = [c.strip() for c in row]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if re.fullmatch(r"\d{3,}", squeeze(cells[0])) or is_column_numbers(filled):
            continue  # a classification-code row, or the column numbers (栏次 1 2 3 …)
        facts.extend(_pair_facts(cells, unit, table))
        if len(filled) >= 2 and all(not _is_value(c) for c in filled) and not any(
            _pair(c) for c in filled
        ):
            header = cells
            unit = declared_unit("".join(cells)) or unit
            continue
        facts.extend(_row_facts(cells, header, unit, table))
    return facts


def _pair(cell: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"(?:其中[：:])?(.{2,24}?)[：:]\s*(-?[\d,]+(?:\.\d+)?)", squeeze(cell))
    return (match.group(1), match.group(2)) if match else None


def _pair_facts(cells: list[str], unit: str, table: Table) -> list[Fact]:
    out = []
    for cell in cells:
        pair = _pair(cell)
        if pair:
            out.append(Fact(pair[0], "", pair[1], unit, table.page, f"{table.title}: {cell}",
                            table.title))
    return out


def _row_facts(cells: list[str], header: list[str], unit: str, table: Table) -> list[Fact]:
    first_value = next((i for i, c in enumerate(cells) if c and _is_value(c)), None)
    if first_value is None:
        return []
    label = "".join(c for c in cells[:first_value] if c and not _pair(c))
    values = [(i, c) for i, c in enumerate(cells) if i >= first_value and c]
    value_columns = [i for i, h in enumerate(header) if h and i >= first_value]
    if len(values) == len(value_columns) and [i for i, _ in values] != value_columns:
        # Text dumps lose empty cells or add stray ones; keep the printed order.
        values = [(col, c) for col, (_, c) in zip(value_columns, values, strict=True)]
    out = []
    total_score = bool(re.search(r"总分|合计得分", label))
    own = label  # a form row pairs names and values: 人员编制 | 25 | 实有人数 | 23
    for n, (col, value) in enumerate(values):
        if _names_next_value(value, values[n + 1:]):
            own = _FORM_NAME_END.sub("", value)
            continue
        column = header[col] if col < len(header) else ""
        if total_score and not column:
            continue  # 总分 | 100 | 98 under no header words: only the 得分 below is the score
        out.append(Fact(own, column, value, unit, table.page,
                        f"{table.title}: {own} / {column}".strip(), table.title))
    if total_score and values:
        # The value under the header's 得分, else the last of 分值 and 得分 (a text dump
        # shifts cells; a lone value is the 分值 of a row left unscored).
        last = _score_cell(cells, header) or (values[-1][1] if len(values) >= 2 else "")
        if last:
            out.append(Fact(label, "得分", last, unit, table.page, f"{label}: {last}",
                            table.title))
    elif re.fullmatch(r"合计|总计", label):
        # The 合计 row of a 绩效自评表: its 得分 cell is the total score.
        score = _score_cell(cells, header)
        if score:
            out.append(Fact("总分", "得分", score, unit, table.page, f"{label}: {score}",
                            table.title))
    return out


_FORM_NAME = re.compile(r"[\u4e00-\u9fff]{2,}")
_FORM_NAME_END = re.compile(r"[：:（(]*$")


def _names_next_value(cell: str, rest: list[tuple[int, str]]) -> bool:
    """A name between values (…| 25 | 实有人数 | 23) labels the value after it."""
    return bool(not _is_value(cell) and not _pair(cell) and _FORM_NAME.search(cell)
                and rest and _is_value(rest[0][1]))


def _score_cell(cells: list[str], header: list[str]) -> str:
    """The value under the 得分/评分 column (not 分值), if the header has one."""
    for col, name in enumerate(header):
        if re.search(r"得分|评分", squeeze(name)) and col < len(cells) and _is_value(cells[col]):
            return cells[col]
    return ""


def _from_fact(fact: Fact, context: _Context, order: int) -> Candidate | None:
    value_text = squeeze(fold_width(fact.value))
    if not re.fullmatch(r"-?[\d,]+(?:\.\d+)?", value_text):
        return None
    column = normalise_sentence_text(fact.column)
    row = _clean_label(normalise_sentence_text(fact.row))
    if _mentions_other_year(column, context.fiscal_year):
        return None
    if _NOT_AMOUNT_COLUMN.search(column) and not re.search(r"总分|得分", row):
        return None
    appropriation_only = bool(FUND_ONLY_TABLE.search(squeeze(fact.title)))
    key = ""
    subject: str | None = None
    if row:
        subject, gap = _subject_of(row, context)
        if subject and subject != "blocked" and not _breakdown_column(column, subject, context):
            key = _key_for(subject, gap + "/" + column if column else gap, context.budget)
            if subject == "score":
                key = key if re.search(r"得分", column) or not column else ""
    if not key and row in ("总计", "合计") and _OVERALL_TABLE.search(squeeze(fact.title)):
        key = "grand_total"  # the 总计 (合计) line of 收入支出决算总表 is 收支总计
    if not key and (not row or TOTAL_WORDS.fullmatch(row)) and column:
        subject, _gap = _subject_of(column, context)
        if subject and subject != "blocked":
            # The whole header path says the measure: “三公”经费预算数/公务接待费.
            key = _key_for(subject, column, context.budget)
    if not key and column and (row or column.rpartition("/")[2]) in ("总计", "合计"):
        # The 合计 of a “三公”经费 table is the 三公经费, its measure named by the column.
        title = _TABLE_WORD.sub("", normalise_sentence_text(fact.title))
        subject, _gap = _subject_of(title, context)
        if subject == "three_public" and (_measures(column) or context.budget):
            key = _key_for(subject, column, context.budget)
    if not key or (appropriation_only and key in _UNIT_TOTALS):
        # 财政拨款收入支出决算总表 has 本年收入合计 etc. of appropriations only.
        return None
    if key in COUNT_KEYS:
        value = to_count(value_text)
    elif key == "self_evaluation_score":
        value = value_text
    else:
        value = to_wan_yuan(value_text, fact.unit)
    if value is None:
        return None
    # 一般公共预算财政拨款支出决算表's 基本/项目支出 are the appropriation part only.
    part = appropriation_only and key in _PARTS and key != "vehicles"
    return Candidate(key=key, value=value, source=fact.source, page=fact.page, order=order,
                     from_table=True, qualified=part, loose=subject in LOOSE_SUBJECTS)


_TABLE_WORD = re.compile(r"(?:决算|预算)?(?:明细)?表$")  # 三公经费支出决算表 names 三公经费支出
_BAND_HEADER = re.compile(r"本年度?(?:收入|支出)")
_MEASURE_SUBJECTS = {"full_year", "executed", "initial_funds", "annual_funds"}


def _breakdown_column(column: str, row_subject: str, context: _Context) -> bool:
    """A column naming another subject (总计 row × 人员经费 column) is a breakdown cell."""
    if not column:
        return False
    found: set[str] = set()
    for part in column.split("/"):
        if _BAND_HEADER.fullmatch(part):
            continue  # the 本年收入 / 本年支出 band over a 收支总表's columns
        subject, _gap = _subject_of(part, context)
        if subject:
            found.add(subject)
    return bool(found - {row_subject} - _MEASURE_SUBJECTS)


def _clean_label(label: str) -> str:
    label = ITEM_NUMBER.sub("", label)
    label = re.sub(r"^其中[：:，,]?", "", label)
    return label.rstrip("：:")


# --- choosing -----------------------------------------------------------------


# A 总计 the text states may be the year's income or spending alone: some reports call
# 本年收入合计 their 收入总计. The statement table says which it is.
_TOTAL_MEANINGS = ("income_total", "expenditure_total")
# The parts each side's 总计 is the sum of.
_SIDE_PARTS = {"income_total": "carryover_begin", "expenditure_total": "carryover_end"}


def _reconciled(candidates: list[Candidate]) -> tuple[list[Candidate], list[str]]:
    """A text's grand_total that the tables give as 本年收入/支出合计, not as 总计, is that.

    A 收入总计 and a 支出总计 the text states with two values cannot both be the 总计, and a
    总收入 may or may not count the carry-over: such a total is kept where the tables or
    the text's other totals confirm what it is (equal to their 总计, to the side's 本年
    合计, or to that 合计 and its carry-over together), and left out otherwise.
    """
    table_values: dict[str, set[Decimal]] = {}
    for c in candidates:
        if c.from_table and not c.qualified:
            table_values.setdefault(c.key, set()).add(Decimal(c.value))
    sides = _split_sides(candidates)
    totals = table_values.get("grand_total", set())
    for c in candidates:
        if c.key != "grand_total" or c.from_table or c.scoped:
            continue
        if c.unsure:
            _confirm(c, candidates, table_values)
            continue
        if not totals or Decimal(c.value) in totals:
            continue
        meaning = next((k for k in _TOTAL_MEANINGS
                        if Decimal(c.value) in table_values.get(k, set())), None)
        if meaning is not None:
            c.key = meaning
    if not any(c.scoped for c in sides):
        return candidates, []  # each side is confirmed as what it is
    first = {c.side: c for c in reversed(sides)}
    i, e = first["income_total"], first["expenditure_total"]
    return candidates, [
        f"grand_total: 收入方 {i.value} ≠ 支出方 {e.value} (the two sides of the total differ) "
        f"「{_short(i.source)}」; only a total other figures confirm is used"]


def _split_sides(candidates: list[Candidate]) -> list[Candidate]:
    """The text's 收入总计 and 支出总计, marked unsure, when they differ."""
    sided = [c for c in candidates if c.key == "grand_total" and c.side and not c.from_table
             and not c.scoped]
    by_side: dict[str, set[Decimal]] = {}
    for c in sided:
        by_side.setdefault(c.side, set()).add(Decimal(c.value))
    income, spending = by_side.get("income_total", set()), by_side.get("expenditure_total", set())
    if not income or not spending or income & spending:
        return []
    for c in sided:
        c.unsure = True
    return sided


def _confirm(c: Candidate, candidates: list[Candidate], table_values: dict[str, set[Decimal]]
             ) -> None:
    """Give an unsure total the key other figures confirm, or keep it for warnings only."""
    known: dict[str, set[Decimal]] = {k: set(v) for k, v in table_values.items()}
    for other in candidates:
        if not (other.from_table or other.unsure or other.scoped or other.qualified):
            known.setdefault(other.key, set()).add(Decimal(other.value))
    value = Decimal(c.value)
    side = c.side
    sums = {a + b for a in known.get(side, set())
            for b in known.get(_SIDE_PARTS.get(side, ""), set())}
    if value in known.get("grand_total", set()) or value in sums:
        c.unsure = False
    elif side and value in known.get(side, set()):
        c.key, c.unsure = side, False
    else:
        c.scoped = True


def _resolve(
    candidates: list[Candidate], document: Document
) -> tuple[list[ParsedFigure], list[str]]:
    figures: list[ParsedFigure] = []
    warnings: list[str] = []
    pages = _PageIndex(document)
    by_key: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_key.setdefault(candidate.key, []).append(candidate)
    for key, group in by_key.items():
        usable = [c for c in group if not c.scoped]
        firm = [c for c in usable if not c.loose]
        if firm:
            group, usable = [c for c in group if not c.loose], firm
        if not usable:
            continue
        chosen = min(
            usable, key=lambda c: (c.from_table, c.qualified, not c.topical, c.order)
        )
        for other in group:
            if other.scoped:
                continue  # another fund's or another year's: a different quantity
            if other.qualified != chosen.qualified:
                continue  # a part and the whole are different quantities
            if not _same(other.value, chosen.value):
                warnings.append(conflict_warning(key, chosen.value, _short(chosen.source),
                                                 other.value, _short(other.source)))
                break
        figures.append(ParsedFigure(key=key, value=chosen.value, source=_short(chosen.source, 200),
                                    page=chosen.page if chosen.from_table else pages.find(chosen)))
    order = {key: i for i, key in enumerate(FIGURE_KEYS)}
    figures.sort(key=lambda f: order.get(f.key, 999))
    return figures, warnings


def _same(a: str, b: str) -> bool:
    """Equal, or equal once the more precise one is rounded as the other is printed."""
    try:
        x, y = Decimal(a), Decimal(b)
    except ArithmeticError:
        return a == b
    if x == y:
        return True
    # Both are finite (Decimal() of a printed number): their exponents are ints.
    places = min(-cast(int, x.as_tuple().exponent), -cast(int, y.as_tuple().exponent))
    quantum = Decimal(1).scaleb(-max(places, 0))
    return x.quantize(quantum) == y.quantize(quantum)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _PageIndex:
    """The document's text folded like the sentences, with the page of every character."""

    def __init__(self, document: Document) -> None:
        parts: list[str] = []
        self.pages: list[int] = []
        for block in document.text_blocks():
            text = normalise_sentence_text(block.text).replace("\n", "")
            parts.append(text)
            self.pages.extend([block.page] * len(text))
        self.text = "".join(parts)

    def find(self, candidate: Candidate) -> int | None:
        at = self.text.find(candidate.snippet) if candidate.snippet else -1
        return self.pages[at] if at >= 0 else candidate.page


__all__ = ["extract_figures"]
