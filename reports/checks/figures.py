"""Figures stated in the text: their sums, their table cells, their percentages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext_noop as _

from core.money import (
    UNSIGNED_NUMBER,
    ZERO,
    amounts_in,
    equal_printed,
    interval,
    overlaps,
    plain,
    ratio_interval,
    rounded,
    sum_matches,
    to_decimal,
)
from core.text import fold_width, squeeze
from reports.checks.context import CheckContext, FigureData
from reports.checks.numbers import is_ten_thousand_fold
from reports.checks.registry import ACCOUNTS, STATEMENTS, Hit, Severity, rule
from reports.checks.tables import TOTAL_SOURCES, one_unit_apart, stated_in_tables

# (total, parts): identities between vocabulary figures, checked where all are stated.
FIGURE_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("basic_expenditure", ("personnel_expenditure", "public_expenditure")),
    ("three_public_actual", ("overseas_travel_actual", "vehicle_actual", "reception_actual")),
    ("three_public_budget", ("overseas_travel_budget", "vehicle_budget", "reception_budget")),
    ("vehicle_actual", ("vehicle_purchase_actual", "vehicle_operation_actual")),
    ("procurement_total", ("procurement_goods", "procurement_works", "procurement_services")),
)

# A printed amount as a capturing group.
AMOUNT = f"({UNSIGNED_NUMBER})"


def _pages(ctx: CheckContext, keys: Iterable[str]) -> list[int]:
    return sorted({page for k in keys if k in ctx.figures and (page := ctx.figures[k].page)})


@lru_cache(maxsize=2048)  # every figure looks through the same sections' texts
def _plain_text(text: str) -> str:
    return _QUOTES_AND_ELLIPSES.sub("", squeeze(fold_width(text)))


_QUOTES_AND_ELLIPSES = re.compile(r"[“”\"‘’'「」…]")


def _where_stated(ctx: CheckContext, figure: FigureData) -> object:
    """The section whose text states the figure, or the table it was read from."""
    title, colon, _cell = figure.source.partition(": ")
    if colon and any(t.title == title for t in ctx.tables):
        return ("table", title)
    needle = _plain_text(figure.source)[:40]
    for index, section in enumerate(ctx.sections):
        if needle and needle in _plain_text(section.text):
            return ("section", index)
    return ("unknown",)  # where it was stated is not known: assume together


def _same_scope(ctx: CheckContext, keys: tuple[str, ...]) -> bool:
    """Whether the figures are stated together: in one section of the text, or one table.
    基本支出 of the 支出决算 section is all funds; 人员经费 and 公用经费 of the
    一般公共预算财政拨款基本支出 section are the appropriation's: they are not summed."""
    return len({_where_stated(ctx, ctx.figures[k]) for k in keys}) == 1


def _sum_hit(ctx: CheckContext, total_key: str, part_keys: tuple[str, ...]) -> Hit | None:
    if total_key not in ctx.figures or not all(k in ctx.figures for k in part_keys):
        return None
    if not _same_scope(ctx, (total_key, *part_keys)):
        return None
    total = ctx.figures[total_key].value, ctx.figures[total_key].value_text
    parts = [(ctx.figures[k].value, ctx.figures[k].value_text) for k in part_keys]
    if sum_matches(total[0], total[1], parts):
        return None
    computed = sum((p[0] for p in parts), ZERO)
    return Hit(
        key=total_key,
        params={"total": total_key, "stated": total[1], "parts": " + ".join(part_keys),
                "computed": plain(computed)},
        evidence={
            "total": {"key": total_key, "value": total[1],
                      "source": ctx.figures[total_key].source},
            "parts": [{"key": k, "value": ctx.figures[k].value_text,
                       "source": ctx.figures[k].source} for k in part_keys],
            "computed": plain(computed), "difference": plain(total[0] - computed),
        },
        pages=_pages(ctx, (total_key, *part_keys)),
    )


@rule("figures.personnel_public_sum", name=_("人员经费 and 公用经费 make up 基本支出"),
      category="figures", severity=Severity.ERROR,
      description=_("人员经费 + 公用经费 = 基本支出, where the text states the three together."),
      message=_("基本支出 is %(stated)s but 人员经费 + 公用经费 add up to %(computed)s."))
def personnel_public_sum(ctx: CheckContext) -> Iterable[Hit]:
    parts = ("personnel_expenditure", "public_expenditure")
    hit = _sum_hit(ctx, "basic_expenditure", parts)
    if hit is None and all(k in ctx.figures for k in parts):
        hit = _sum_in_sentence(ctx, "基本支出", "basic_expenditure", parts)
    return [hit] if hit else []


def _sum_in_sentence(
    ctx: CheckContext, whole: str, total_key: str, part_keys: tuple[str, ...]
) -> Hit | None:
    """The identity checked against the whole the parts' own sentence states before them
    ("一般公共预算财政拨款基本支出1,528.48万元，其中：人员经费…；公用经费…"), which may be
    another scope's 基本支出 than the report's ``total_key`` figure."""
    figures = [ctx.figures[k] for k in part_keys]
    if len({f.source for f in figures}) != 1:
        return None  # the parts are not stated together
    source = squeeze(fold_width(figures[0].source))
    amounts = amounts_in(source)
    values = {f.value for f in figures}
    at_parts = [at for at, value, _printed in amounts if value in values]
    if not at_parts:
        return None
    stated = [(at, value, printed) for at, value, printed in amounts
              if source[max(0, at - 12):at].endswith((whole, f"{whole}决算", f"{whole}为"))
              and at < min(at_parts)]
    if not stated:
        return None
    _at, total, total_text = stated[-1]
    parts = [(f.value, f.value_text) for f in figures]
    if sum_matches(total, total_text, parts):
        return None
    computed = sum((p[0] for p in parts), ZERO)
    return Hit(
        key=total_key,
        params={"total": total_key, "stated": total_text, "parts": " + ".join(part_keys),
                "computed": plain(computed)},
        evidence={
            "total": {"key": total_key, "value": total_text, "source": figures[0].source},
            "parts": [{"key": k, "value": ctx.figures[k].value_text,
                       "source": ctx.figures[k].source} for k in part_keys],
            "computed": plain(computed), "difference": plain(total - computed),
        },
        pages=_pages(ctx, part_keys),
    )


# Components of spending besides 基本 and 项目 (a 支出决算表 or 支出预算总表 column).
OTHER_COMPONENTS = re.compile(r"上缴上级|经营支出|对附属单位补助|预留机动|事业单位经营")


def _other_components(ctx: CheckContext) -> bool:
    """Whether the report prints spending outside 基本/项目 (in a table or in its text)."""
    for table in ctx.tables_of(("expenditure", "summary")):
        for row in table.rows:
            for label, cell in row.cells.items():
                if cell.value and OTHER_COMPONENTS.search(label + row.name):
                    return True
    return bool(re.search(rf"(?:{OTHER_COMPONENTS.pattern})[^，。；]{{0,12}}?[1-9]", ctx.text))


@rule("figures.basic_project_sum", name=_("基本支出 and 项目支出 make up the spending"),
      category="figures", severity=Severity.ERROR,
      description=_("基本支出 + 项目支出 = 本年支出合计 (or the 一般公共预算 expenditure), where "
                    "the report prints no other component of spending."),
      message=_("%(total)s is %(stated)s but 基本支出 + 项目支出 add up to %(computed)s."))
def basic_project_sum(ctx: CheckContext) -> Iterable[Hit]:
    if _other_components(ctx):
        return []  # 经营支出, 上缴上级支出 …: the table identities check the whole sum
    stated = "expenditure_total" in ctx.figures
    total = "expenditure_total" if stated else "general_budget_expenditure"
    hit = _sum_hit(ctx, total, ("basic_expenditure", "project_expenditure"))
    return [hit] if hit else []


@rule("figures.three_public_sum", name=_("“三公” parts add up"), category="figures",
      severity=Severity.ERROR,
      description=_("The “三公” total equals its parts (and 公务用车 its 购置 + 运行维护)."),
      message=_("%(total)s is %(stated)s but %(parts)s add up to %(computed)s."))
def three_public_sum(ctx: CheckContext) -> Iterable[Hit]:
    for total, parts in FIGURE_SUMS[1:4]:
        hit = _sum_hit(ctx, total, parts)
        if hit:
            yield hit


@rule("figures.procurement_sum", name=_("Procurement parts add up"), category="figures",
      severity=Severity.WARNING,
      description=_("政府采购 goods + works + services = the procurement total."),
      message=_("%(total)s is %(stated)s but %(parts)s add up to %(computed)s."))
def procurement_sum(ctx: CheckContext) -> Iterable[Hit]:
    hit = _sum_hit(ctx, *FIGURE_SUMS[4])
    return [hit] if hit else []


# Other lines of a 收支总表 between the year's total and the grand total.
OTHER_BALANCE_LINES = re.compile(r"使用非财政拨款结余|结余分配|用事业基金弥补")


@rule("figures.balance", name=_("收支总计 is the year's total plus carry-over"),
      category="figures", severity=Severity.WARNING, kinds=ACCOUNTS,
      description=_("收支总计 = 本年收入合计 + 年初结转和结余 = 本年支出合计 + 年末结转和结余, "
                    "where the report has no summary table (which is checked row by row) and "
                    "no other line (使用非财政拨款结余, 结余分配) enters the total."),
      message=_("收支总计 is %(stated)s but %(parts)s add up to %(computed)s."))
def balance(ctx: CheckContext) -> Iterable[Hit]:
    if ctx.tables_of(("summary",)) or OTHER_BALANCE_LINES.search(ctx.text):
        return
    for parts in (("income_total", "carryover_begin"), ("expenditure_total", "carryover_end")):
        hit = _sum_hit(ctx, "grand_total", parts)
        if hit:
            hit.key = f"grand_total|{parts[0]}"
            yield hit


def text_table_pairs(ctx: CheckContext):
    """(key, figure, table statement) for each figure that a statement table also states."""
    for key in TOTAL_SOURCES:
        figure = ctx.figures.get(key)
        if figure is None:
            continue
        for stated in stated_in_tables(ctx, key):
            yield key, figure, stated


@rule("figures.text_vs_table", name=_("Text agrees with the tables"), category="figures",
      severity=Severity.ERROR, kinds=STATEMENTS,
      description=_("A figure stated in the text equals its statement-table cell."),
      message=_("%(key)s is %(text_value)s in the text but %(table_value)s in %(table)s."))
def text_vs_table(ctx: CheckContext) -> Iterable[Hit]:
    for key, figure, stated in text_table_pairs(ctx):
        if equal_printed(figure.value, figure.value_text, stated.value, stated.text):
            continue
        if is_ten_thousand_fold(figure.value, stated.value):
            continue  # reported by plausibility.unit_slip
        yield Hit(
            key=f"{key}|{stated.table}",
            params={"key": key, "text_value": figure.value_text, "table_value": stated.text,
                    "table": stated.table},
            evidence={"figure": {"key": key, "value": figure.value_text, "source": figure.source,
                                 "page": figure.page},
                      "cell": {"table": stated.table, "row": stated.row, "column": stated.column,
                               "value": stated.text, "page": stated.page},
                      "difference": plain(figure.value - stated.value)},
            pages=[p for p in (figure.page, stated.page) if p],
            severity=Severity.DOUBT if stated.doubtful else (
                Severity.ROUNDING if one_unit_apart(figure.value, figure.value_text,
                                                    stated.value, stated.text) else None),
        )


def sentences(text: str) -> list[str]:
    # Only 。 ends a sentence: page layout breaks lines in the middle of one.
    return [s for s in text.split("。") if s.strip()]


CHANGE = re.compile(
    r"(?:与上年(?:相比|同期相比)?|比上年|较上年|与(?P<year>\d{4})年(?:相比)?|比(?P<year2>\d{4})年)"
    r"[，,]?\s*(?:[^，,。；0-9]{0,12})?(?P<dir>增加|减少|下降|增长)\s*"
    r"(?P<change>" + AMOUNT + r")\s*万元"
    r"[，,、]\s*(?:[^0-9%，。；]{0,6}?)(?P<rdir>增长|下降|减少|增加)\s*(?P<rate>\d+(?:\.\d+)?)\s*[%％]"
)


def change_claims(ctx: CheckContext):
    """Claims 「A万元，与上年相比增加X万元，增长Y%」: (sentence, candidates A, X, Y, direction)."""
    for section in ctx.sections:
        for sentence in sentences(section.text):
            for match in CHANGE.finditer(sentence):
                before = [(v, t) for _, v, t in amounts_in(sentence[: match.start()])]
                if not before:
                    continue
                change_text = match.group("change").replace(",", "")
                yield {
                    "section": section, "sentence": sentence.strip(), "candidates": before,
                    "change": (to_decimal(change_text), change_text),
                    "rate": (to_decimal(match.group("rate")), match.group("rate")),
                    "increase": match.group("dir") in ("增加", "增长"),
                }


def claim_fits(current: tuple[Decimal, str], claim: dict) -> bool:
    """Whether the stated rate can come from the stated amount and change, rounding allowed."""
    change = interval(*claim["change"])
    low, high = interval(*current)
    if claim["increase"]:
        base = (low - change[1], high - change[0])
    else:
        base = (low + change[0], high + change[1])
    computed = ratio_interval(change, base)
    return computed is not None and overlaps(computed, interval(*claim["rate"]))


def computed_rate(current: Decimal, claim: dict) -> Decimal | None:
    change = claim["change"][0]
    base = current - change if claim["increase"] else current + change
    return change / base * 100 if base > 0 else None


def within_last_digit(printed: str, computed: Decimal) -> bool:
    """A stated number one unit of its last digit from the computed one: truncated instead
    of rounded, or rounded so that shares total 100 — a 尾差, not a slip."""
    value = to_decimal(printed)
    if value is None:
        return False
    exponent = value.as_tuple().exponent
    unit = Decimal(1).scaleb(exponent) if isinstance(exponent, int) else Decimal(1)
    return abs(value - computed) <= unit


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole × 100, None where the whole is nothing (no rate to state)."""
    if part is None or not whole:
        return None
    return part / whole * 100


SHARE = re.compile(AMOUNT + r"\s*万元[，,]\s*占\s*(\d+(?:\.\d+)?)\s*[%％]")
COMPLETION = re.compile(
    r"预算(?:数)?为\s*" + AMOUNT + r"\s*万元[，,]\s*(?:支出)?决算(?:数)?为\s*" + AMOUNT
    + r"\s*万元[，,]\s*完成(?:年初)?预算的\s*(\d+(?:\.\d+)?)\s*[%％]"
)


def percentage_claims(ctx: CheckContext):
    """(section, sentence, stated rate, computed options, what) for growth, share and completion."""
    for claim in change_claims(ctx):
        if not any(claim_fits(c, claim) for c in claim["candidates"]):
            current = claim["candidates"][-1]
            yield claim["section"], claim["sentence"], claim["rate"][1], \
                computed_rate(current[0], claim), "change"
    for section in ctx.sections:
        for sentence in sentences(section.text):
            yield from _completion(section, sentence)
            yield from _shares(section, sentence)


def _matched(number: str) -> tuple[Decimal, str]:
    """A number the pattern matched: its value, and its text without separators."""
    text = number.replace(",", "")
    return Decimal(text), text


def _completion(section, sentence: str):
    for match in COMPLETION.finditer(sentence):
        budget, actual, rate = (_matched(match.group(i)) for i in (1, 2, 3))
        computed = ratio_interval(interval(*actual), interval(*budget))
        if computed and not overlaps(computed, interval(*rate)):
            yield section, sentence.strip(), rate[1], _ratio(actual[0], budget[0]), "completion"


def _shares(section, sentence: str):
    for match in SHARE.finditer(sentence):
        part, rate = _matched(match.group(1)), _matched(match.group(2))
        wholes = [(v, t) for _, v, t in amounts_in(sentence[: match.start()]) if v >= part[0]]
        if not wholes:
            continue
        fits = [ratio_interval(interval(*part), interval(*w)) for w in wholes]
        if any(f and overlaps(f, interval(*rate)) for f in fits):
            continue
        yield section, sentence.strip(), rate[1], _ratio(part[0], wholes[0][0]), "share"


@rule("figures.stated_percentage", name=_("Stated percentages fit their figures"),
      category="figures", severity=Severity.ERROR,
      description=_("A stated percentage (growth, share, completion) equals the one computed from "
                    "the figures it gives, within the rounding of the printed digits."),
      message=_("%(section)s: the text states %(stated)s%% but its figures give %(computed)s%%."))
def stated_percentage(ctx: CheckContext) -> Iterable[Hit]:
    for section, sentence, stated, computed, what in percentage_claims(ctx):
        if computed is None:
            continue  # no base to compute a rate from
        yield Hit(
            key=f"{section.heading}|{what}|{stated}",
            params={"section": section.heading, "stated": stated, "computed": rounded(computed)},
            evidence={"section": section.heading, "sentence": sentence, "stated": stated,
                      "computed": rounded(computed, 4), "kind": what},
            pages=[section.page] if section.page else [],
            severity=Severity.ROUNDING if within_last_digit(stated, computed) else None,
        )
