"""Across years: last year's figures, the carry-over chain, text copied from another year."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext_noop as _

from core.contract import MONEY_KEYS
from core.money import equal_printed, interval, overlaps, plain
from core.text import squeeze
from reports.checks.context import CheckContext
from reports.checks.figures import change_claims, claim_fits
from reports.checks.numbers import distinctive
from reports.checks.registry import ACCOUNTS, Hit, Severity, rule


@rule("years.change_vs_previous", name=_("The change from last year fits last year's report"),
      category="years", severity=Severity.ERROR,
      description=_("A claim 与上年相比增加X万元 agrees with the previous year's "
                    "report, where present; the figure is the one the sentence is about."),
      message=_("%(key)s: the text implies %(implied)s for %(year)s, the "
                "%(year)s report states %(previous)s."))
def change_vs_previous(ctx: CheckContext) -> Iterable[Hit]:
    previous = ctx.previous()
    if previous is None:
        return
    for claim in change_claims(ctx):
        for current in claim["candidates"]:
            if not claim_fits(current, claim) and len(claim["candidates"]) > 1:
                continue
            for key in _subjects(ctx, claim["sentence"], current[0]):
                before = previous.figures.get(key)
                if before is None:
                    continue
                change = claim["change"][0]
                implied = current[0] - change if claim["increase"] else current[0] + change
                low, high = interval(*current)
                spread = interval(*claim["change"])
                implied_range = (low - spread[1], high - spread[0]) if claim["increase"] else \
                    (low + spread[0], high + spread[1])
                if overlaps(implied_range, interval(before.value, before.value_text)):
                    continue
                yield Hit(
                    key=f"{key}|{claim['section'].heading}",
                    params={"key": key, "implied": plain(implied), "year": previous.year,
                            "previous": before.value_text},
                    evidence={"figure": key, "current": current[1], "sentence": claim["sentence"],
                              "change": claim["change"][1], "implied_previous": plain(implied),
                              "previous": {"report": previous.report.pk, "year": previous.year,
                                           "value": before.value_text, "source": before.source}},
                    pages=[p for p in (claim["section"].page,) if p],
                )


def _subjects(ctx: CheckContext, sentence: str, value: object) -> list[str]:
    """The figures a change sentence is about: those read from this very sentence with this
    value; where no figure records its sentence, the one figure with this value. Never a
    key whose value merely coincides (财政拨款 = 总计 in some years)."""
    same = [k for k, f in ctx.figures.items() if f.value == value]
    stated = squeeze(sentence)
    from_here = [k for k in same
                 if (source := squeeze(ctx.figures[k].source)) and len(source) >= 12
                 and (source[:24] in stated or stated[:24] in source)]
    if from_here:
        return from_here
    known = any(len(squeeze(ctx.figures[k].source)) >= 12 for k in same)
    return same if len(same) == 1 and not known else []


@rule("years.carryover_chain", name=_("Carry-over continues from last year"),
      category="years", severity=Severity.ERROR, kinds=ACCOUNTS,
      description=_("年初结转和结余 equals the previous year's 年末结转和结余."),
      message=_("年初结转和结余 is %(begin)s but the %(year)s report ends with "
                "年末结转和结余 %(end)s."))
def carryover_chain(ctx: CheckContext) -> Iterable[Hit]:
    previous = ctx.previous()
    if previous is not None and previous.report.kind != ctx.report.kind:
        return  # a budget's carry-over is planned, an account's is what was left
    begin = ctx.figures.get("carryover_begin")
    end = previous.figures.get("carryover_end") if previous else None
    if previous is None or begin is None or end is None:
        return
    if equal_printed(begin.value, begin.value_text, end.value, end.value_text):
        return
    yield Hit(
        key="carryover",
        params={"begin": begin.value_text, "year": previous.year, "end": end.value_text},
        evidence={"carryover_begin": begin.value_text, "previous_carryover_end": end.value_text,
                  "previous_report": previous.report.pk,
                  "difference": plain(begin.value - end.value)},
        pages=[begin.page] if begin.page else [],
    )


@rule("years.figure_repeated", name=_("A figure repeats an earlier year's exactly"),
      category="years", severity=Severity.WARNING,
      description=_("A figure with five or more significant digits is identical to a figure "
                    "of an earlier year's report: copied, not computed."),
      message=_("%(key)s %(value)s is the same as %(other_key)s in the %(year)s report."))
def figure_repeated(ctx: CheckContext) -> Iterable[Hit]:
    for key, figure in ctx.figures.items():
        if key not in MONEY_KEYS or not distinctive(figure.value):
            continue
        for other in reversed(ctx.earlier):
            match = next((k for k, f in other.figures.items()
                          if k in MONEY_KEYS and f.value == figure.value), None)
            if match:
                yield Hit(
                    key=f"{key}|{other.year}",
                    params={"key": key, "value": figure.value_text, "other_key": match,
                            "year": other.year},
                    evidence={"figure": key, "value": figure.value_text, "source": figure.source,
                              "other": {"report": other.report.pk, "year": other.year, "key": match,
                                        "source": other.figures[match].source}},
                    pages=[figure.page] if figure.page else [],
                )
                break


# Sections that are the same every year by design: definitions, mandates, structure.
BOILERPLATE = re.compile(r"名词解释|职能|职责|机构设置|机构情况|单位构成|部门构成")
MIN_SECTION_CHARS = 120
MIN_SHARE = 0.8


def section_sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。；！？\n])", text) if len(s.strip()) >= 8]


def repeated_share(text: str, others: set[str]) -> float:
    parts = section_sentences(text)
    total = sum(len(s) for s in parts)
    if not total:
        return 0.0
    return sum(len(s) for s in parts if s in others) / total


@rule("years.passage_repeated", name=_("A passage repeats an earlier year's text"),
      category="years", severity=Severity.INFO,
      description=_("A section repeats an earlier year's text word for word."),
      message=_("%(section)s repeats %(share)s%% of its text word for word "
                "from the %(year)s report."))
def passage_repeated(ctx: CheckContext) -> Iterable[Hit]:
    for other in reversed(ctx.earlier):
        seen = {s for section in other.sections for s in section_sentences(section.text)}
        for section in ctx.sections:
            # A part heading (第四部分) may leave its title (名词解释) to the text.
            opening = f"{section.heading} {section.text[:30]}"
            if len(section.text) < MIN_SECTION_CHARS or BOILERPLATE.search(opening):
                continue
            share = repeated_share(section.text, seen)
            if share >= MIN_SHARE:
                yield Hit(
                    key=f"{section.heading}|{other.year}",
                    params={"section": section.heading, "share": round(share * 100),
                            "year": other.year},
                    evidence={"section": section.heading, "share": round(share, 4),
                              "other_report": other.report.pk, "other_year": other.year},
                    pages=[section.page] if section.page else [],
                )
