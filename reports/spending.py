"""Spending by 功能分类 code: filling the explorer's facts from a report's statement tables.

``spending_for_report`` is shared by the publish service and the data migration (which
passes its historical models), so both read the tables the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from core.classification import amount_column, code_totals, source_of
from core.contract import FINAL_ACCOUNTS

# (code, name, amount) of each row of a table, the amount from the column named.
AmountRows = Callable[[Any, str], list[tuple[str, str, Decimal | None]]]


def table_amounts(table: Any, label: str) -> list[tuple[str, str, Decimal | None]]:
    """(code, name, amount in column ``label``) of each row of a stored table."""
    rows = []
    for row in table.rows.all():
        cell = next((c for c in row.cells.all() if c.label == label), None)
        rows.append((row.code, row.name, cell.value if cell is not None else None))
    return rows


def spending_for_report(report: Any, tables: Any, spending_model: Any,
                        amounts: AmountRows = table_amounts) -> list[Any]:
    """Unsaved ``Spending`` rows for ``report`` from ``tables``, their rows read by
    ``amounts`` (by default through the ORM, a query a table without a prefetch).

    The first table of each source is read; each code once (see ``core.classification``).
    """
    if report.kind != FINAL_ACCOUNTS:
        return []
    found: list[Any] = []
    for table, source, label in spending_tables(tables):
        rows = amounts(table, label)
        found.extend(
            spending_model(report=report, table=table, source=source, code=total.code,
                           level=total.level, name=total.name[:255], amount=total.amount,
                           derived=total.derived, children_total=total.children_total)
            for total in code_totals(rows)
        )
    return found


def spending_tables(tables: Any) -> list[tuple[Any, str, str]]:
    """(table, source, amount column) of the tables spending is read from: the first
    table of each source that has an amount column; their rows alone need reading."""
    chosen: list[tuple[Any, str, str]] = []
    sources: set[str] = set()
    for table in tables:
        source = source_of(table.title)
        if source is None or source in sources:
            continue
        label = amount_column(source, table.columns or [])
        if label is None:
            continue
        sources.add(source)
        chosen.append((table, source, label))
    return chosen
