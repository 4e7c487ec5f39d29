"""Keyset (cursor) pagination: a page is "the rows after this one", not an offset.

A page link stays right while reports are published, and a deep page costs no
more than the first. Each view names its order in ``keyset_ordering`` (a unique
field last, so ties are broken the same way every time).
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    ordering = ("id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return tuple(getattr(view, "keyset_ordering", self.ordering))
