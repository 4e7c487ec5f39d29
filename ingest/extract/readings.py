"""Other plausible readings of a statement table that does not balance as read.

Each reading takes a parsed table and returns another reading of the same printed cells,
or None when it has nothing to offer; ``ingest.extract.balance.verify`` keeps whichever
breaks the fewest identities. They undo the reader's doubtful decisions, never the
report's figures:

- a row's amounts printed on a line of their own, above or below its name (a wrapped
  name, amounts centred in a tall cell), read as two rows: the named row empty and an
  unnamed row holding its amounts;
- an amount placed in the column next to its own (unruled tables, where only the
  x-position says which column a number is in). Only kept when the table then balances
  outright: an amount moved to make a slip vanish would hide a real one.
"""

from __future__ import annotations

from core.contract import ParsedRow, ParsedTable
from core.statements import Imbalance
from core.text import compact
from ingest.extract.balance import Reading, copy_rows, imbalances, orphaned, slips

# How many amounts one table may have moved to a neighbouring column, and how many
# trial readings it may cost (each checks the whole table): a table misread throughout
# is not worth a slow parse.
MAX_MOVES = 3
MAX_TRIALS = 120


def _named_empty(row: ParsedRow) -> bool:
    return not row.values and bool(row.code or compact(row.name))


def _merged(table: ParsedTable, *, amounts_first: bool) -> ParsedTable | None:
    """Each named row without amounts joined to the unnamed amounts next to it."""
    rows, out, i, changed = table.rows, [], 0, False
    while i < len(rows):
        first, second = rows[i], rows[i + 1] if i + 1 < len(rows) else None
        named, amounts = (second, first) if amounts_first else (first, second)
        if second is not None and named is not None and amounts is not None and (
                _named_empty(named) and orphaned(amounts)):
            out.append(ParsedRow(named.code, named.name, dict(amounts.values)))
            i, changed = i + 2, True
            continue
        out.append(first)
        i += 1
    return copy_rows(table, out) if changed else None


def amounts_below_their_name(table: ParsedTable) -> ParsedTable | None:
    return _merged(table, amounts_first=False)


def amounts_above_their_name(table: ParsedTable) -> ParsedTable | None:
    return _merged(table, amounts_first=True)


def _suspects(found: list[Imbalance]) -> list[int]:
    """Rows taking part in an identity that fails beyond rounding."""
    rows: dict[int, None] = {}
    for imbalance in found:
        if not imbalance.rounding:
            rows[imbalance.row] = None
            rows.update((r, None) for r, _ in imbalance.parts)
    return list(rows)


def _moves(row: ParsedRow, labels: list[str]) -> list[dict[str, str]]:
    """The row's amounts with one of them in an empty neighbouring column."""
    out = []
    for label in row.values:
        at = labels.index(label)
        for other in (at - 1, at + 1):
            if 0 <= other < len(labels) and labels[other] not in row.values:
                moved = {labels[other] if k == label else k: v for k, v in row.values.items()}
                out.append(moved)
    return out


def amount_in_the_next_column(table: ParsedTable) -> ParsedTable | None:
    rows = list(table.rows)
    labels = list(dict.fromkeys(label for row in rows for label in row.values))
    found = imbalances(table)
    trials = 0
    for _ in range(MAX_MOVES):
        now = (slips(found), len(found))
        if not now[0]:
            break
        best: tuple[int, int, list[ParsedRow], list[Imbalance]] | None = None
        for index in _suspects(found):
            row = rows[index]
            for values in _moves(row, labels):
                trials += 1
                if trials > MAX_TRIALS:
                    return None
                trial = [*rows[:index], ParsedRow(row.code, row.name, values), *rows[index + 1:]]
                trial_found = imbalances(copy_rows(table, trial))
                cost = (slips(trial_found), len(trial_found))
                if cost < now and (best is None or cost < best[:2]):
                    best = (*cost, trial, trial_found)
        if best is None:
            return None
        rows, found = best[2], best[3]
    return copy_rows(table, rows) if not slips(found) else None


READINGS: tuple[Reading, ...] = (
    amounts_below_their_name, amounts_above_their_name, amount_in_the_next_column,
)
