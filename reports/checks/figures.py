"""Figures stated in the text: their sums, their table cells, their percentages."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

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
from reports.checks.context import CheckContext
from reports.checks.numbers import is_ten_thousand_fold
from reports.checks.registry import Hit, Severity, rule
from reports.checks.tables import TOTAL_SOURCES, stated_in_tables

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
    return sorted({ctx.figures[k].page for k in keys if k in ctx.figures and ctx.figures[k].page})


def _sum_hit(ctx: CheckContext, total_key: str, part_keys: tuple[str, ...]) -> Hit | None:
    if total_key not in ctx.figures or not all(k in ctx.figures for k in part_keys):
        return None
    total = ctx.figure_value(total_key)
    parts = [ctx.figure_value(k) for k in part_keys]
    if sum_matches(total[0], total[1], parts):  # type: ignore[index, arg-type]
        return None
    computed = sum((p[0] for p in parts), ZERO)  # type: ignore[index]
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


@rule("figures.personnel_public_sum", category="figures", severity=Severity.ERROR,
      description=_("人员经费 + 公用经费 = 基本支出."),
      message=_("基本支出 is %(stated)s but 人员经费 + 公用经费 add up to %(computed)s."))
def personnel_public_sum(ctx: CheckContext) -> Iterable[Hit]:
    hit = _sum_hit(ctx, "basic_expenditure", ("personnel_expenditure", "public_expenditure"))
    return [hit] if hit else []


@rule("figures.basic_project_sum", category="figures", severity=Severity.ERROR,
      description=_("基本支出 + 项目支出 = 本年支出合计 (or the 一般公共预算 expenditure)."),
      message=_("%(total)s is %(stated)s but 基本支出 + 项目支出 add up to %(computed)s."))
def basic_project_sum(ctx: CheckContext) -> Iterable[Hit]:
    stated = "expenditure_total" in ctx.figures
    total = "expenditure_total" if stated else "general_budget_expenditure"
    hit = _sum_hit(ctx, total, ("basic_expenditure", "project_expenditure"))
    return [hit] if hit else []


@rule("figures.three_public_sum", category="figures", severity=Severity.ERROR,
      description=_("The “三公” total equals its parts (and 公务用车 its 购置 + 运行维护)."),
      message=_("%(total)s is %(stated)s but %(parts)s add up to %(computed)s."))
def three_public_sum(ctx: CheckContext) -> Iterable[Hit]:
    for total, parts in FIGURE_SUMS[1:4]:
        hit = _sum_hit(ctx, total, parts)
        if hit:
            yield hit


@rule("figures.procurement_sum", category="figures", severity=Severity.WARNING,
      description=_("政府采购 goods + works + services = the procurement total."),
      message=_("%(total)s is %(stated)s but %(parts)s add up to %(computed)s."))
def procurement_sum(ctx: CheckContext) -> Iterable[Hit]:
    hit = _sum_hit(ctx, *FIGURE_SUMS[4])
    return [hit] if hit else []


@rule("figures.balance", category="figures", severity=Severity.WARNING,
      description=_("收支总计 = 本年收入合计 + 年初结转和结余 = 本年支出合计 + 年末结转和结余."),
      message=_("收支总计 is %(stated)s but %(parts)s add up to %(computed)s."))
def balance(ctx: CheckContext) -> Iterable[Hit]:
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


@rule("figures.text_vs_table", category="figures", severity=Severity.ERROR,
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


def _completion(section, sentence: str):
    for match in COMPLETION.finditer(sentence):
        budget = (to_decimal(match.group(1)), match.group(1).replace(",", ""))
        actual = (to_decimal(match.group(2)), match.group(2).replace(",", ""))
        rate = (to_decimal(match.group(3)), match.group(3))
        computed = ratio_interval(interval(*actual), interval(*budget))
        if computed and not overlaps(computed, interval(*rate)):
            yield section, sentence.strip(), rate[1], actual[0] / budget[0] * 100, "completion"


def _shares(section, sentence: str):
    for match in SHARE.finditer(sentence):
        part = (to_decimal(match.group(1)), match.group(1).replace(",", ""))
        rate = (to_decimal(match.group(2)), match.group(2))
        wholes = [(v, t) for _, v, t in amounts_in(sentence[: match.start()]) if v >= part[0]]
        if not wholes:
            continue
        fits = [ratio_interval(interval(*part), interval(*w)) for w in wholes]
        if any(f and overlaps(f, interval(*rate)) for f in fits):
            continue
        yield section, sentence.strip(), rate[1], part[0] / wholes[0][0] * 100, "share"


@rule("figures.stated_percentage", category="figures", severity=Severity.ERROR,
      description=_("A stated percentage (growth, share, completion) equals the one computed from "
                    "the figures it gives, within the rounding of the printed digits."),
      message=_("%(section)s: the text states %(stated)s%% but its figures give %(computed)s%%."))
def stated_percentage(ctx: CheckContext) -> Iterable[Hit]:
    for section, sentence, stated, computed, what in percentage_claims(ctx):
        yield Hit(
            key=f"{section.heading}|{what}|{stated}",
            params={"section": section.heading, "stated": stated, "computed": rounded(computed)},
            evidence={"section": section.heading, "sentence": sentence, "stated": stated,
                      "computed": rounded(computed, 4), "kind": what},
            pages=[section.page] if section.page else [],
        )
