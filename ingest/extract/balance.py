"""Verification while reading: a statement table is checked against the identities it implies.

A table that does not balance as read was either misread or printed with a slip. The
reader's doubtful decisions are tried the other way (``READINGS``: each takes a parsed
table and returns another plausible reading of the same cells, or None) and the reading
with the fewest broken identities is kept; what still does not hold is recorded on the
table (``verified``, ``unbalanced``) so that the checks can tell "we misread it" from
"the report is wrong", and staff see it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from core.contract import ParsedRow, ParsedTable
from core.statements import Imbalance, Row, check_table, identity_count
from core.text import compact

Reading = Callable[[ParsedTable], ParsedTable | None]


def _rows(table: ParsedTable) -> list[Row]:
    return [Row(r.code, r.name, r.values) for r in table.rows]


def imbalances(table: ParsedTable) -> list[Imbalance]:
    return check_table(_rows(table))


def slips(found: list[Imbalance]) -> int:
    """How many of the broken identities the printed rounding cannot explain."""
    return sum(not i.rounding for i in found)


def orphaned(row: ParsedRow) -> bool:
    """Amounts with neither code nor name: a line of amounts that lost its row."""
    return bool(row.values) and not row.code and not compact(row.name)


def _orphans(table: ParsedTable) -> int:
    """How many rows are orphaned amounts. They take part in no identity, so a table read
    with every row's amounts on a line of their own balances for want of anything to check.
    """
    return sum(1 for r in table.rows if orphaned(r))


def _cost(found: list[Imbalance]) -> tuple[int, int]:
    """Slips the printed rounding cannot explain weigh first, then all."""
    return slips(found), len(found)


def _better(other: ParsedTable, other_found: list[Imbalance], best: ParsedTable,
            found: list[Imbalance]) -> bool:
    """Fewer slips; or as few, with amounts given back to their rows and more checked by it.

    Giving orphaned amounts to a row is only worth it when the table then implies more
    identities and they hold: otherwise nothing says which row the amounts belong to.
    """
    if _cost(other_found) != _cost(found):
        return _cost(other_found) < _cost(found)
    return _orphans(other) < _orphans(best) and (
        identity_count(_rows(other)) > identity_count(_rows(best)))


def verify(table: ParsedTable, readings: tuple[Reading, ...] = ()) -> ParsedTable:
    """The reading of ``table`` that balances best, with its verdict recorded."""
    best, found = table, imbalances(table)
    for reading in readings:
        if all(i.rounding for i in found) and not _orphans(best):
            break
        other = reading(best)
        if other is None:
            continue
        other_found = imbalances(other)
        if _better(other, other_found, best, found):
            best, found = other, other_found
    rows = _rows(best)
    best.verified = not found
    best.unbalanced = [i.describe(rows) for i in found]
    return best


def copy_rows(table: ParsedTable, rows: list[ParsedRow]) -> ParsedTable:
    """Another reading of ``table`` with ``rows`` instead of its own."""
    return replace(table, rows=rows)
