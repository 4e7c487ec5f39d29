"""Keyset pagination for the big browse lists: a page is "the rows after this one".

A page costs the same however deep it is (no OFFSET), and the query stops after one
page when an index serves the order (``Report.sort_key``). The number of matching
rows is counted up to a cap, and said as "more than N" beyond it, never guessed.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet

# Rows counted at most; beyond it the page says "more than COUNT_CAP".
COUNT_CAP = 1000


@dataclass
class KeysetPage:
    object_list: list
    next_cursor: str | None  # the "after" of the next page, None on the last one
    first: bool  # no "after" was given: this is the first page
    count: int  # matching rows, at most COUNT_CAP
    count_capped: bool  # more than COUNT_CAP rows match

    @property
    def has_other_pages(self) -> bool:
        return self.next_cursor is not None or not self.first


def _encode(ordering: Sequence[str], values: list[Any]) -> str:
    """The last row's key, with the order it belongs to (a cursor of another sort is
    not used)."""
    raw = json.dumps({"o": list(ordering), "v": values}, ensure_ascii=False,
                     separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str, ordering: Sequence[str]) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        found = json.loads(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(found, dict) or found.get("o") != list(ordering):
        return None
    values = found.get("v")
    if not isinstance(values, list) or len(values) != len(ordering):
        return None
    if not all(isinstance(v, str | int) and not isinstance(v, bool) for v in values):
        return None
    return values


def after(ordering: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows that come after ``values`` in ``ordering`` (names, "-" for descending).

    The lexicographic comparison spelled out; the first key's own bound is repeated
    so an index on it can start at the cursor.
    """
    names = [o.lstrip("-") for o in ordering]
    later = Q()
    for i, order in enumerate(ordering):
        step = Q(**{f"{names[i]}__{'lt' if order.startswith('-') else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{names[j]: values[j]})
        later |= step
    first = f"{names[0]}__{'lte' if ordering[0].startswith('-') else 'gte'}"
    return Q(**{first: values[0]}) & later


def keyset_page(queryset: QuerySet, ordering: Sequence[str], cursor: str | None,
                per_page: int) -> KeysetPage:
    """One page of ``queryset`` in ``ordering`` (field paths, unique together, a
    primary key last), after ``cursor`` (from a previous page's ``next_cursor``).

    Three queries at most whatever the size of the table: the capped count, the page
    and whatever ``queryset`` prefetches. A cursor that cannot be read starts over.
    """
    keys = [f"_k{i}" for i in range(len(ordering))]
    annotated = queryset.annotate(**{k: F(o.lstrip("-")) for k, o in zip(keys, ordering,
                                                                         strict=True)})
    directed = [("-" if o.startswith("-") else "") + k for k, o in zip(keys, ordering,
                                                                      strict=True)]
    count = queryset.order_by().values("pk")[:COUNT_CAP + 1].count()
    values = _decode(cursor, ordering) if cursor else None
    found = annotated.order_by(*directed)
    if values is not None:
        try:
            found = found.filter(after(directed, values))
        except (ValueError, TypeError, ValidationError):  # a value of the wrong type
            values = None
            found = annotated.order_by(*directed)
    rows = list(found[:per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = _encode(ordering, [getattr(rows[-1], k) for k in keys]) if more else None
    return KeysetPage(rows, next_cursor, values is None, min(count, COUNT_CAP),
                      count > COUNT_CAP)
