"""Plausibility: execution rates, dates, template leftovers, unit slips, copied sections."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext_noop as _

from core.money import UNSIGNED_NUMBER, plain, rounded, to_decimal
from core.text import squeeze
from reports.checks.context import CheckContext
from reports.checks.figures import text_table_pairs
from reports.checks.numbers import is_ten_thousand_fold
from reports.checks.registry import PERFORMANCE, Hit, Severity, rule
from reports.checks.years import section_sentences

# Execution (决算 / 年初预算) outside this band needs a reason in the text.
RATE_LOW, RATE_HIGH = Decimal(50), Decimal(150)
EXPLANATION = re.compile(r"原因|由于|因为|主要是")
RATE_PAIRS: tuple[tuple[str, str], ...] = (
    ("general_budget_initial", "general_budget_expenditure"),
    ("budget_full_year", "budget_executed"),
)


def _printed_forms(value_text: str) -> set[str]:
    """``1451.29`` is printed ``1,451.29`` in the text as often as not."""
    value = to_decimal(value_text)
    if value is None:
        return {value_text}
    return {value_text, f"{value:,}"}


def _explained_near(text: str, needle: str, window: int = 300) -> bool:
    pattern = "|".join(re.escape(form) for form in _printed_forms(needle)) if needle else None
    for match in re.finditer(pattern, text) if pattern else ():
        if EXPLANATION.search(text[match.start(): match.end() + window]):
            return True
    return False


@rule("plausibility.execution_rate", name=_("An unusual execution rate is explained"),
      kinds=PERFORMANCE,
      category="plausibility", severity=Severity.WARNING,
      # A literal per cent, never formatted: xgettext:no-python-format
      description=_("An execution rate (决算 / 年初预算) far outside 50–150% "
                    "is explained in the text."),
      message=_("%(what)s: %(actual)s against a budget of %(budget)s is "
                "%(rate)s%%, with no stated reason."))
def execution_rate(ctx: CheckContext) -> Iterable[Hit]:
    for budget_key, actual_key in RATE_PAIRS:
        budget, actual = ctx.figures.get(budget_key), ctx.figures.get(actual_key)
        if not budget or not actual or budget.value <= 0:
            continue
        rate = actual.value / budget.value * 100
        if RATE_LOW <= rate <= RATE_HIGH or _explained_near(ctx.text, actual.value_text):
            continue
        yield Hit(key=actual_key,
                  params={"what": actual_key, "actual": actual.value_text,
                          "budget": budget.value_text, "rate": rounded(rate)},
                  evidence={"budget": {"key": budget_key, "value": budget.value_text,
                                       "source": budget.source},
                            "actual": {"key": actual_key, "value": actual.value_text,
                                       "source": actual.source},
                            "rate": rounded(rate)},
                  pages=sorted({p for p in (budget.page, actual.page) if p}))
    for line in ctx.lines:
        line_rate = line.execution_rate
        if line_rate is None or RATE_LOW <= line_rate <= RATE_HIGH or line.reason.strip():
            continue
        if _explained_near(ctx.text, line.subitem or line.item):
            continue
        name = "/".join(x for x in (line.category, line.item, line.subitem) if x)
        yield Hit(key=f"line|{line.code or name}",
                  params={"what": name, "actual": line.actual_text, "budget": line.budget_text,
                          "rate": rounded(line_rate)},
                  evidence={"line": name, "code": line.code, "budget": line.budget_text,
                            "actual": line.actual_text, "rate": rounded(line_rate)},
                  pages=[line.page] if line.page else [])


FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
SELF_EVALUATION_YEAR = re.compile(r"对\s*(\d{4})\s*年度[^。]{0,20}绩效自评")
DEADLINE_YEAR = re.compile(r"(\d{4})\s*年\s*(?:底|末)\s*(?:前)?\s*完成")
CUTOFF = re.compile(r"(截至|截止|截止到|至|到)\s*$")


def date_problems(ctx: CheckContext):
    """(printed, reason) for each date that cannot belong to a report on ``ctx.year``."""
    year = ctx.year
    for line in ctx.text.splitlines():
        for match in FULL_DATE.finditer(line):
            printed_year = int(match.group(1))
            if printed_year > year + 1:
                yield match.group(0), "after"
            elif printed_year == year and int(match.group(2)) < 12 and \
                    line.strip() == match.group(0).strip():
                # A date alone on its line is a signing date: the year was not over yet.
                yield match.group(0), "signed_early"
        for match in SELF_EVALUATION_YEAR.finditer(line):
            if int(match.group(1)) != year:
                yield match.group(0), "evaluated_year"
        for match in DEADLINE_YEAR.finditer(line):
            if int(match.group(1)) != year:
                yield match.group(0), "deadline"


@rule("plausibility.date_out_of_year", name=_("Dates fit the fiscal year"),
      category="plausibility", severity=Severity.WARNING,
      description=_("A date or year in the text does not fit the fiscal year."),
      message=_("“%(date)s” does not fit a report on %(year)s."))
def date_out_of_year(ctx: CheckContext) -> Iterable[Hit]:
    for printed, reason in dict.fromkeys(date_problems(ctx)):
        yield Hit(key=f"{printed}|{reason}", params={"date": printed, "year": ctx.year},
                  evidence={"printed": printed, "reason": reason, "fiscal_year": ctx.year})


PLACEHOLDER = re.compile(
    r"(?<![A-Za-z])(?:[XＸ×]{2,}|20[XＸ]{2}|[XＸ]年|[XＸ]月)(?![A-Za-z])|。{4,}|…{6,}"
)


@rule("plausibility.placeholder", name=_("No template placeholders"),
      category="plausibility", severity=Severity.ERROR,
      description=_("No template placeholder (XX) is left in the published text or tables."),
      message=_("Template placeholder “%(placeholder)s” left in %(where)s."))
def placeholder(ctx: CheckContext) -> Iterable[Hit]:
    for section in ctx.sections:
        text = f"{section.heading}\n{section.text}"
        found = list(PLACEHOLDER.finditer(text))
        if not found:
            continue  # one finding per section, however many placeholders it has
        first = found[0]
        context = text[max(0, first.start() - 20): first.end() + 20]
        yield Hit(key=f"{section.heading}|placeholder",
                  params={"placeholder": first.group(0), "where": section.heading},
                  evidence={"section": section.heading, "context": context,
                            "count": len(found)},
                  pages=[section.page] if section.page else [])
    for table in ctx.tables:
        for row in table.rows:
            for label, cell in row.cells.items():
                if cell.value is None and PLACEHOLDER.search(cell.text):
                    yield Hit(key=f"{table.title}|{row.label}|{label}",
                              params={"placeholder": cell.text, "where": table.title},
                              evidence={"table": table.title, "row": row.label, "column": label},
                              pages=[table.page] if table.page else [])


# The largest amount a department can plausibly state: 1万亿 (10⁸ 万元).
IMPLAUSIBLE_WAN = Decimal(10) ** 8
UNIT_FACTORS = {"亿元": Decimal(10000), "万元": Decimal(1)}


@rule("plausibility.unit_slip", name=_("No 元 read as 万元"),
      category="plausibility", severity=Severity.WARNING,
      description=_("No figure is off by 10⁴ (元 read as 万元) against its table cell, last year, "
                    "or common sense."),
      message=_("%(what)s: %(value)s looks like a unit slip (%(reason)s)."))
def unit_slip(ctx: CheckContext) -> Iterable[Hit]:
    for key, figure, stated in text_table_pairs(ctx):
        if is_ten_thousand_fold(figure.value, stated.value):
            yield Hit(key=f"{key}|table", params={"what": key, "value": figure.value_text,
                                                  "reason": stated.table + " " + stated.text},
                      evidence={"figure": key, "text_value": figure.value_text,
                                "table": stated.table, "table_value": stated.text})
    previous = ctx.previous()
    for key, figure in ctx.figures.items() if previous else ():
        before = previous.figures.get(key) if previous else None
        if previous and before and is_ten_thousand_fold(figure.value, before.value):
            yield Hit(key=f"{key}|previous",
                      params={"what": key, "value": figure.value_text,
                              "reason": f"{previous.year}: {before.value_text}"},
                      evidence={"figure": key, "value": figure.value_text,
                                "previous_year": previous.year,
                                "previous_value": before.value_text})
    for section in ctx.sections:
        for match in re.finditer(rf"({UNSIGNED_NUMBER})\s*(亿元|万元)", section.text):
            value = to_decimal(match.group(1))
            if value is not None and value * UNIT_FACTORS[match.group(2)] >= IMPLAUSIBLE_WAN:
                yield Hit(key=f"{section.heading}|{match.group(0)}",
                          params={"what": section.heading, "value": match.group(0),
                                  "reason": "≥ 1万亿"},
                          evidence={"section": section.heading, "printed": match.group(0),
                                    "in_wan": plain(value * UNIT_FACTORS[match.group(2)])},
                          pages=[section.page] if section.page else [])


@rule("plausibility.duplicate_section", name=_("No section copies another"),
      category="plausibility", severity=Severity.WARNING,
      description=_("Two sections of one report do not have the same text."),
      message=_("%(section)s repeats the text of %(other)s."))
def duplicate_section(ctx: CheckContext) -> Iterable[Hit]:
    """Whole chapters first (a chapter with its subsections), then single sections.

    Copying 七 into 八 copies its subsections too: that is one finding about 八,
    not one per repeated （一）.
    """
    reported: set[int] = set()
    for kind, units in (("chapter", _chapters(ctx.sections)), ("section", _singles(ctx.sections))):
        seen: dict[str, tuple[str, list]] = {}
        for heading, members, body in units:
            if len(body) < 50 or any(id(m) in reported for m in members):
                continue
            first = seen.setdefault(body, (heading, members))
            if first[1] is members:
                continue
            reported |= {id(m) for m in members}
            pages = [s.page for s in (first[1][0], members[0]) if s.page]
            yield Hit(key=f"{heading}|{first[0]}",
                      params={"section": heading, "other": first[0]},
                      evidence={"section": heading, "other": first[0], "unit": kind,
                                "sentences": len(section_sentences(body))},
                      pages=pages)


def _body(sections: list) -> str:
    # Sub-headings are part of what was copied; the chapter's own numbering is not.
    parts = [sections[0].text] + [f"{s.heading}{s.text}" for s in sections[1:]]
    return squeeze("".join(parts))


def _chapters(sections: list) -> list[tuple[str, list, str]]:
    """Each top-level section with the deeper sections that follow it."""
    top = min((s.level for s in sections), default=1)
    chapters: list[list] = []
    for section in sections:
        if section.level == top or not chapters:
            chapters.append([section])
        else:
            chapters[-1].append(section)
    return [(c[0].heading, c, _body(c)) for c in chapters if len(c) > 1]


def _singles(sections: list) -> list[tuple[str, list, str]]:
    return [(s.heading, [s], squeeze(s.text)) for s in sections]
