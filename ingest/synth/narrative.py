"""The printed stream of a report: cover, headings, sentences, tables.

Sentences are this project's own templates in the usual phrasing of published
reports (``本年收入合计1,234.56万元``). Each figure a sentence states is recorded
in the truth at the same time, so the truth holds exactly what is printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from core.contract import ParsedIndicator, ParsedLine, ParsedSection
from ingest.synth.codes import category_of, item_of, subitem_of
from ingest.synth.model import Part, TableSpec
from ingest.synth.numbers import Cents
from ingest.synth.tables import wan


@dataclass
class Stream:
    """Collects printed parts and, alongside, the sections and figures they state."""

    thousands: bool = True
    parts: list[Part] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    figures: dict[str, str] = field(default_factory=dict)
    lines: list[ParsedLine] = field(default_factory=list)
    indicators: list[ParsedIndicator] = field(default_factory=list)
    _open: ParsedSection | None = None

    def cover(self, text: str) -> None:
        self.parts.append(Part("cover", text))

    def part_heading(self, text: str) -> None:
        """A 第X部分 heading: closes the open section, is not a section itself."""
        self._open = None
        self.parts.append(Part("heading", text, level=1))

    def heading(self, text: str) -> None:
        self._open = ParsedSection(heading=text, text="", level=1)
        self.sections.append(self._open)
        self.parts.append(Part("heading", text, level=2))

    def paragraph(self, text: str) -> None:
        self.parts.append(Part("paragraph", text))
        if self._open is not None:
            self._open.text = f"{self._open.text}\n{text}" if self._open.text else text

    def table(self, spec: TableSpec) -> None:
        self._open = None
        self.parts.append(Part("table", table=spec))

    def page_break(self) -> None:
        self.parts.append(Part("page_break"))

    def money(self, cents: Cents, key: str | None = None) -> str:
        """The amount as printed in a sentence; records it under ``key`` if given."""
        if key is not None:
            self.figures.setdefault(key, wan(cents))
        whole, frac = divmod(abs(cents), 100)
        digits = f"{whole:,}" if self.thousands else str(whole)
        return f"{'-' if cents < 0 else ''}{digits}.{frac:02d}"

    def count(self, value: int, key: str) -> str:
        self.figures.setdefault(key, str(value))
        return str(value)


def percent(part: Cents, whole: Cents) -> str:
    if whole == 0:
        return "0.00"
    ratio = Decimal(part) * 100 / Decimal(whole)
    return str(ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def change_phrase(s: Stream, now: Cents, before: Cents) -> str:
    diff = now - before
    if diff == 0:
        return "与上年持平"
    verb, rate_verb = ("增加", "增长") if diff > 0 else ("减少", "下降")
    return f"与上年相比，{verb}{s.money(abs(diff))}万元，{rate_verb}{percent(abs(diff), before)}%"


def line_name(code: str) -> str:
    return f"{category_of(code)}（类）{item_of(code)}（款）{subitem_of(code)}（项）"


def state_line(
    s: Stream, index: int, code: str, budget: Cents, actual: Cents, reason: str,
    *, own_paragraph: bool = False,
) -> None:
    """One 五、(三) line sentence, and its truth line.

    ``own_paragraph``: the line's name is a paragraph of its own (``1.X（类）Y（款）Z（项）。``)
    and the figures follow in the next one, as many reports print it.
    """
    if own_paragraph:
        s.paragraph(f"{index}.{line_name(code)}。")
        sentence = f"年初预算为{s.money(budget)}万元，支出决算为{s.money(actual)}万元"
    else:
        sentence = (f"{index}.{line_name(code)}：年初预算为{s.money(budget)}万元，"
                    f"支出决算为{s.money(actual)}万元")
    if budget:
        sentence += f"，完成年初预算的{percent(actual, budget)}%"
    if actual > budget:
        sentence += f"。决算数大于年初预算数的主要原因是：{reason}。"
    elif actual < budget:
        sentence += f"。决算数小于年初预算数的主要原因是：{reason}。"
    else:
        sentence += "。"
    s.paragraph(sentence)
    s.lines.append(ParsedLine(category=category_of(code), item=item_of(code),
                              subitem=subitem_of(code), budget=wan(budget), actual=wan(actual),
                              code=code, reason=reason))




def state_full_year_line(
    s: Stream, index: int, code: str, full_year: Cents, actual: Cents, reason: str,
    *, own_paragraph: bool = False,
) -> None:
    """A line of a unit set up during the year: its 全年预算 and 决算, no 年初预算.

    The truth line's ``budget`` (年初预算) stays empty; ``budget_full_year`` carries it.
    """
    figures = f"全年预算为{s.money(full_year)}万元，支出决算为{s.money(actual)}万元"
    if own_paragraph:
        s.paragraph(f"{index}.{line_name(code)}。")
        sentence = figures
    else:
        sentence = f"{index}.{line_name(code)}：{figures}"
    if full_year:
        sentence += f"，完成全年预算的{percent(actual, full_year)}%"
    if actual != full_year:
        word = "大于" if actual > full_year else "小于"
        sentence += f"。决算数{word}全年预算数的主要原因是：{reason}。"
    else:
        sentence += "。"
    s.paragraph(sentence)
    s.lines.append(ParsedLine(category=category_of(code), item=item_of(code),
                              subitem=subitem_of(code), budget=None, actual=wan(actual),
                              code=code, reason=reason if actual != full_year else "",
                              budget_full_year=wan(full_year)))
