"""绩效自评: indicator weights and scores, missed targets, values copied year to year."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from core.money import ZERO, plain, to_decimal
from reports.checks.context import CheckContext, IndicatorData
from reports.checks.registry import PERFORMANCE, Hit, Severity, rule

# The template gives 预算执行率 10 points outside the indicator table, so weights add to 90 or 100.
BUDGET_EXECUTION_POINTS = Decimal(10)
FULL_MARKS = Decimal(100)


def _number(text: str) -> Decimal | None:
    match = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return to_decimal(match.group()) if match else None


def _scored(ctx: CheckContext) -> list[tuple[IndicatorData, Decimal, Decimal]]:
    return [(i, w, s) for i in ctx.indicators
            if (w := _number(i.weight)) is not None and (s := _number(i.score)) is not None]


@rule("performance.weights_sum", name=_("Indicator weights add up to 100"),
      kinds=PERFORMANCE,
      category="performance", severity=Severity.ERROR,
      description=_("Indicator weights add up to 100 (90 when 预算执行率 takes the other 10)."),
      message=_("The indicator weights add up to %(computed)s, not 100."))
def weights_sum(ctx: CheckContext) -> Iterable[Hit]:
    weights = [w for i in ctx.indicators if (w := _number(i.weight)) is not None]
    if not weights:
        return
    total = sum(weights, ZERO)
    if total in (FULL_MARKS, FULL_MARKS - BUDGET_EXECUTION_POINTS):
        return
    yield Hit(key="weights", params={"computed": plain(total)},
              evidence={"computed": plain(total), "weights": [str(w) for w in weights]},
              pages=sorted({i.page for i in ctx.indicators if i.page}))


@rule("performance.scores_sum", name=_("Indicator scores add up to the total score"),
      kinds=PERFORMANCE,
      category="performance", severity=Severity.ERROR,
      description=_("Indicator scores add up to the stated total score; no score "
                    "exceeds its weight."),
      message=_("The stated total score is %(stated)s but the indicator scores give %(computed)s."))
def scores_sum(ctx: CheckContext) -> Iterable[Hit]:
    scored = _scored(ctx)
    total = ctx.figures.get("self_evaluation_score")
    if not scored or total is None:
        return
    weights = sum((w for _, w, _ in scored), ZERO)
    scores = sum((s for _, _, s in scored), ZERO)
    # Where weights add to 90, the 预算执行率 row scores between 0 and 10 on its own.
    slack = FULL_MARKS - weights if weights < FULL_MARKS else ZERO
    if ZERO <= total.value - scores <= slack:
        return
    yield Hit(key="scores", params={"stated": total.value_text, "computed": plain(scores)},
              evidence={"stated": total.value_text, "computed": plain(scores),
                        "weights": plain(weights), "budget_execution_points": plain(slack)},
              pages=[total.page] if total.page else [])


@rule("performance.score_over_weight", name=_("No score above its weight"),
      kinds=PERFORMANCE,
      category="performance", severity=Severity.ERROR,
      description=_("An indicator scores more than its weight."),
      message=_("%(indicator)s scores %(score)s of %(weight)s."))
def score_over_weight(ctx: CheckContext) -> Iterable[Hit]:
    for indicator, weight, score in _scored(ctx):
        if score > weight:
            yield Hit(key=indicator.level3,
                      params={"indicator": indicator.level3, "score": indicator.score,
                              "weight": indicator.weight},
                      evidence={"indicator": indicator.level3, "score": indicator.score,
                                "weight": indicator.weight},
                      pages=[indicator.page] if indicator.page else [])


LOWER_IS_BETTER = re.compile(r"[≤<＜]|不高于|不超过|以内|以下|控制在")
HIGHER_IS_BETTER = re.compile(r"[≥>＞]|不低于|不少于|以上|达到")


def missed(indicator, weight: Decimal | None, score: Decimal | None) -> bool:
    """Lost points, or a numeric result on the wrong side of an explicit bound."""
    if weight is not None and score is not None and score < weight:
        return True
    target, actual = _number(indicator.target), _number(indicator.actual)
    if target is None or actual is None:
        return False
    if LOWER_IS_BETTER.search(indicator.target):
        return actual > target
    if HIGHER_IS_BETTER.search(indicator.target):
        return actual < target
    return False


@rule("performance.missed_without_reason", name=_("A missed target gives a reason"),
      kinds=PERFORMANCE,
      category="performance", severity=Severity.WARNING,
      description=_("A missed target has a deviation reason."),
      message=_("%(indicator)s missed its target (%(target)s, achieved "
                "%(actual)s) without a stated reason."))
def missed_without_reason(ctx: CheckContext) -> Iterable[Hit]:
    for indicator in ctx.indicators:
        if indicator.deviation.strip() or not missed(
            indicator, _number(indicator.weight), _number(indicator.score)
        ):
            continue
        yield Hit(key=indicator.level3,
                  params={"indicator": indicator.level3, "target": indicator.target,
                          "actual": indicator.actual},
                  evidence={"indicator": indicator.level3, "target": indicator.target,
                            "actual": indicator.actual, "weight": indicator.weight,
                            "score": indicator.score},
                  pages=[indicator.page] if indicator.page else [])


@rule("performance.values_repeated", name=_("Indicator values repeat last year's"),
      kinds=PERFORMANCE,
      category="performance", severity=Severity.INFO,
      description=_("An indicator repeats last year's target and actual result exactly."),
      message=_("%(indicator)s has the same target (%(target)s) and result "
                "(%(actual)s) as in %(year)s."))
def values_repeated(ctx: CheckContext) -> Iterable[Hit]:
    previous = ctx.previous()
    if previous is None or not ctx.indicators:
        return
    before = {(i.level3, i.target, i.actual) for i in previous.indicators}
    for indicator in ctx.indicators:
        if not re.search(r"\d", indicator.actual) or indicator.actual == indicator.target:
            continue  # 是/按时完成, or a target met exactly (100%), repeat by nature
        if (indicator.level3, indicator.target, indicator.actual) in before:
            yield Hit(key=indicator.level3,
                      params={"indicator": indicator.level3, "target": indicator.target,
                              "actual": indicator.actual, "year": previous.year},
                      evidence={"indicator": indicator.level3, "target": indicator.target,
                                "actual": indicator.actual, "previous_report": previous.report.pk},
                      pages=[indicator.page] if indicator.page else [])
