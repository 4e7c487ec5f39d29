"""Wording: what the text says about its numbers, its year, its tables, its punctuation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from core.contract import BUDGET, read_conflict_warning
from core.money import UNSIGNED_NUMBER, plain, to_decimal
from core.text import squeeze
from reports.checks.context import CheckContext, SectionData
from reports.checks.registry import ACCOUNTS, STATEMENTS, Hit, Severity, rule

AMOUNT = rf"({UNSIGNED_NUMBER})\s*万元"

# --- comparison words against the numbers they compare ----------------------------------

# "预算数为A万元，支出决算为B万元 … 决算数小于预算数" (the 决算 of a line or a total).
BUDGET_ACTUAL = re.compile(
    rf"预算(?:数)?(?:为|是|：)?\s*{AMOUNT}[，,；]?\s*(?:支出)?决算(?:数)?(?:为|是|：)?\s*{AMOUNT}"
)
COMPARISON = re.compile(
    r"决算数?(?:支出)?(?P<word>大于|小于|等于|高于|低于|超过|多于|少于)(?:年初)?预算数?"
    r"|决算数?与(?:年初)?预算数?(?P<same>(?:基本)?(?:持平|一致|相等|相同))"
)
MORE = {"大于", "高于", "超过", "多于"}
LESS = {"小于", "低于", "少于"}
# "基本持平" may hide a difference this small (a share of the budget).
NEARLY = Decimal("0.01")


def _claim_fits(word: str, budget: Decimal, actual: Decimal) -> bool:
    if word in MORE:
        return actual > budget
    if word in LESS:
        return actual < budget
    if word.startswith("基本"):
        return abs(actual - budget) <= NEARLY * abs(budget)
    return actual == budget


def comparison_claims(sections: list[SectionData]) -> Iterable[tuple[SectionData, str, str,
                                                                      Decimal, Decimal]]:
    """(section, sentence, comparison word, budget, actual) for each stated comparison."""
    for section in sections:
        text = section.text
        for match in BUDGET_ACTUAL.finditer(text):
            after = text[match.end(): match.end() + 60]
            nxt = BUDGET_ACTUAL.search(after)
            claim = COMPARISON.search(after[: nxt.start()] if nxt else after)
            budget, actual = to_decimal(match.group(1)), to_decimal(match.group(2))
            if claim is None or budget is None or actual is None:
                continue
            word = claim.group("word") or claim.group("same")
            end = match.end() + claim.end()
            yield section, text[match.start(): end], word, budget, actual


@rule("wording.comparison", name=_("Comparison words fit the numbers"), category="wording",
      severity=Severity.ERROR, kinds=ACCOUNTS,
      description=_("A sentence saying 决算数大于 / 小于 / 等于 / 与预算数持平 says what its own "
                    "budget and 决算 figures show."),
      message=_("%(section)s: the text says 决算%(word)s预算, but 决算 %(actual)s against "
                "预算 %(budget)s."),
      explanation=_("Each line of the 一般公共预算 account states its 年初预算 and 决算 and "
                    "then compares them in words; a comparison the two numbers contradict "
                    "is a slip in the text."))
def comparison(ctx: CheckContext) -> Iterable[Hit]:
    for section, sentence, word, budget, actual in comparison_claims(ctx.sections):
        if _claim_fits(word, budget, actual):
            continue
        yield Hit(key=f"{section.heading}|{sentence[:40]}",
                  params={"section": section.heading, "word": word,
                          "budget": plain(budget), "actual": plain(actual)},
                  evidence={"section": section.heading, "sentence": sentence,
                            "budget": plain(budget), "actual": plain(actual), "stated": word},
                  pages=[section.page] if section.page else [])


# --- the year a report is about ------------------------------------------------------------

CUTOFF_DATE = re.compile(r"截[至止](?:到)?\s*(\d{4})\s*年\s*12\s*月\s*31\s*日")
YEAR_IN_HEADING = re.compile(r"(\d{4})\s*年度?(?:部门|单位)?(?:决算|预算|整体支出|绩效|收入|支出)")


@rule("wording.wrong_year", name=_("The text names the report's own year"),
      category="wording", severity=Severity.WARNING,
      description=_("Headings and the year-end date (截至…年12月31日) name the year the report "
                    "is about (a budget may state the last year-end)."),
      message=_("“%(printed)s” does not fit a report on %(year)s."),
      explanation=_("A report reused from the year before keeps its old year in a heading or "
                    "in 截至…年12月31日; a final account states its own year-end, a budget "
                    "the year-end before it."))
def wrong_year(ctx: CheckContext) -> Iterable[Hit]:
    allowed = {ctx.year - 1} if ctx.report.kind == BUDGET else {ctx.year}
    for section in ctx.sections:
        for match in CUTOFF_DATE.finditer(section.text):
            if int(match.group(1)) not in allowed:
                yield _year_hit(ctx, section, match.group(0))
        for match in YEAR_IN_HEADING.finditer(squeeze(section.heading)):
            if int(match.group(1)) != ctx.year:
                yield _year_hit(ctx, section, section.heading)


def _year_hit(ctx: CheckContext, section: SectionData, printed: str) -> Hit:
    return Hit(key=f"{section.heading}|{printed}", params={"printed": printed, "year": ctx.year},
               evidence={"section": section.heading, "printed": printed,
                         "fiscal_year": ctx.year},
               pages=[section.page] if section.page else [])


# --- punctuation ----------------------------------------------------------------------------

# A mark doubled inside a line of text (拨款。。 / 、、); an ellipsis …… is not one.
DOUBLED = re.compile(r"(?<=\w)([。，、；：])\1(?!\1)")


@rule("wording.doubled_punctuation", name=_("No doubled punctuation"), category="wording",
      severity=Severity.WARNING,
      description=_("No punctuation mark is doubled (。。, ，，) inside a sentence."),
      message=_("%(section)s: “%(context)s” doubles a punctuation mark."))
def doubled_punctuation(ctx: CheckContext) -> Iterable[Hit]:
    for section in ctx.sections:
        for line in section.text.splitlines():
            for match in DOUBLED.finditer(line):
                context = line[max(0, match.start() - 12): match.end() + 4]
                yield Hit(key=f"{section.heading}|{context}",
                          params={"section": section.heading, "context": context},
                          evidence={"section": section.heading, "context": context},
                          pages=[section.page] if section.page else [])


# --- totals the text states, against the tables ----------------------------------------

APPROPRIATION_TOTAL = re.compile(rf"财政拨款收入?支出?总计(?:为|是)?\s*{AMOUNT}")


@rule("wording.appropriation_total", name=_("The 财政拨款 total the text states"),
      category="wording", severity=Severity.ERROR, kinds=STATEMENTS,
      description=_("The 财政拨款收入支出总计 the text states equals the 总计 of the "
                    "财政拨款收入支出总表."),
      message=_("The text states 财政拨款收入支出总计 %(stated)s, the table %(table)s "
                "prints %(printed)s."))
def appropriation_total(ctx: CheckContext) -> Iterable[Hit]:
    total = _fiscal_summary_total(ctx)
    if total is None:
        return
    table, value, text = total
    for section in ctx.sections:
        for match in APPROPRIATION_TOTAL.finditer(section.text):
            stated = to_decimal(match.group(1))
            if stated is None or stated == value:
                continue
            yield Hit(key=f"{section.heading}|{match.group(0)}",
                      params={"stated": match.group(1), "table": table, "printed": text},
                      evidence={"section": section.heading, "sentence": match.group(0),
                                "stated": match.group(1), "table": table, "printed": text},
                      pages=[section.page] if section.page else [],
                      severity=Severity.DOUBT if _doubtful(ctx, table) else None)


def _fiscal_summary_total(ctx: CheckContext) -> tuple[str, Decimal, str] | None:
    for table in ctx.tables_of(("fiscal_summary",)):
        for row in table.rows:
            if squeeze(row.name) not in ("总计", "收入总计"):
                continue
            for label, cell in row.cells.items():
                if label.startswith("收入") and cell.value is not None:
                    return table.title, cell.value, cell.text
    return None


def _doubtful(ctx: CheckContext, title: str) -> bool:
    return any(t.doubtful for t in ctx.tables if t.title == title)


# --- one figure, two values ---------------------------------------------------------------

# Two printings this close are one amount mistyped; further apart they are likely two
# different amounts worded alike (a fund's own 基本支出, a part of the appropriation).
TYPO_SHARE = Decimal("0.01")


@rule("wording.two_values", name=_("One figure, one value"), category="wording",
      severity=Severity.WARNING,
      description=_("A figure the report states twice has the same value both times."),
      message=_("%(key)s is stated as %(first)s and as %(second)s."))
def two_values(ctx: CheckContext) -> Iterable[Hit]:
    for warning in ctx.report.warnings:
        found = read_conflict_warning(warning)
        if found is None:
            continue
        first, second = to_decimal(found["used"]), to_decimal(found["other"])
        if first is None or second is None:
            continue
        close = abs(first - second) <= TYPO_SHARE * max(abs(first), abs(second))
        yield Hit(key=f"{found['key']}|{found['used']}|{found['other']}",
                  params={"key": found["key"], "first": found["used"],
                          "second": found["other"]},
                  evidence={"figure": found["key"], "value": found["used"],
                            "source": found["used_source"], "other": found["other"],
                            "context": found["other_source"]},
                  severity=None if close else Severity.INFO)
