"""Small template helpers for the public pages."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.urls import reverse

from core import contract
from core.classification import FUNCTIONAL_CODE
from core.money import grouped, to_decimal

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str):
    """``mapping|get_item:key`` — a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def indent(level: str) -> str:
    """CSS class indenting a statement row by its classification level (类/款/项)."""
    return {"category": "lvl-1", "item": "lvl-2", "subitem": "lvl-3"}.get(level or "", "lvl-0")


@register.filter
def money(value) -> str:
    """An amount as every page prints it: ``1,234.50`` (two decimals, half up); "" for none."""
    return grouped(value)


@register.filter
def percent(value, places: int = 2) -> str:
    """A rate or share: ``95.20%``; "" for none."""
    text = grouped(value, int(places))
    return f"{text}%" if text else ""


@register.filter
def count(value) -> str:
    """A count of people or things, or a score, as printed (``1,234``; ``96.5``)."""
    number = to_decimal(None if value is None else str(value))
    if number is None:
        return ""
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    return grouped(number, places)


@register.filter
def is_amount(key: str) -> bool:
    """Whether a figure key is an amount in 万元 (counts and scores are not)."""
    return contract.is_amount(key)


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    leaf: bool = False


@register.filter
def header_bands(labels: list[str]) -> list[list[HeaderCell]]:
    """Column labels (``收入/决算数``) as the table's printed header bands, top row first.

    Neighbouring labels sharing a heading at one depth share one cell spanning them; a
    label shorter than the deepest one spans down to the last header row.
    """
    paths = [label.split("/") for label in labels]
    depth = max((len(p) for p in paths), default=1)
    bands: list[list[HeaderCell]] = [[] for _ in range(depth)]
    for level in range(depth):
        previous_key = None
        for path in paths:
            if level >= len(path):
                continue
            key = tuple(path[:level + 1])
            last = level == len(path) - 1
            row = bands[level]
            if key == previous_key and not last and row and not row[-1].leaf:
                row[-1].colspan += 1
                continue
            row.append(HeaderCell(path[level], 1, depth - level if last else 1, last))
            previous_key = key
    return bands


@register.filter
def amount_rows(rows) -> list:
    """The rows (each with a figure ``key``) that hold amounts in 万元."""
    return [row for row in rows or () if contract.is_amount(row.key)]


@register.filter
def count_rows(rows) -> list:
    """The rows (each with a figure ``key``) that hold counts or scores."""
    return [row for row in rows or () if not contract.is_amount(row.key)]


@register.filter
def functional_code(code: str | None) -> bool:
    """Whether ``code`` is a 功能分类 code the explorer has a page for."""
    return bool(code and FUNCTIONAL_CODE.match(code))


@dataclass(frozen=True, slots=True)
class PageRef:
    url: str  # the original file to open at ``page``; "" when it is not available
    page: int  # the page of that file
    part: int | None = None  # which file (1, 2, …) of a report published as several
    name: str = ""


@register.simple_tag
def page_ref(report, parts, page: int, has_original: bool) -> PageRef:
    """Where a report's page is in its originals: a report in several files numbers its
    pages through the files in order (``ReportPart``), and each link opens the right one."""
    for part in parts or ():
        if part.holds(page):
            url = (reverse("report_part_original", args=[report.pk, part.order])
                   if part.has_original else "")
            return PageRef(url, part.local_page(page), part.order + 1, part.name)
    return PageRef(reverse("report_original", args=[report.pk]) if has_original else "", page)


@register.filter
def department_links(departments, separator: str = "、") -> str:
    """Links to departments' pages, written directly: a province's list of departments
    that did not publish runs to hundreds, and a template loop with a ``reverse()``
    per link took most of its page's time (issue 14)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    # One reverse() for the pattern; each link puts its own id in it.
    marker = 987654321
    pattern = escape(reverse("department_detail", args=[marker])).replace(str(marker), "{}")
    return mark_safe(escape(separator).join(
        f'<a href="{pattern.format(d.pk)}">{escape(d.name)}</a>' for d in departments))


@register.filter
def statement_rows(view) -> str:
    """A statement table's body rows (``selectors.TableView``), written directly: the
    same markup as a template loop, without a template lookup per cell (a 决算's
    tables hold a thousand cells or more)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    parts: list[str] = []
    for row, cells in view.rows:
        parts.append(f'\n    <tr class="{indent(row.level)}"><td class="code">'
                     f'{escape(row.code or "")}</td><th scope="row" class="name">'
                     f'{escape(row.name or "—")}</th>')
        for cell in cells:
            if cell is None:
                text = ""
            elif cell.value is not None:
                text = escape(grouped(cell.value))
            else:
                text = escape(cell.value_text or "")
            parts.append(f'<td class="num">{text}</td>')
        parts.append("</tr>")
    return mark_safe("".join(parts))  # every value above is escaped
