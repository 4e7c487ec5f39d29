"""Keyset (cursor) pagination: a page is "the rows after this one", not an offset.

A page link stays right while reports are published, and a deep page costs no
more than the first. Each view names its order in ``keyset_ordering`` (a unique
field last, so ties are broken the same way every time).
"""

from __future__ import annotations

from collections.abc import Sequence

from rest_framework.exceptions import NotFound
from rest_framework.pagination import Cursor, CursorPagination


class KeysetPagination(CursorPagination):
    ordering = ("id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        return tuple(getattr(view, "keyset_ordering", self.ordering))


class RankedPagination(KeysetPagination):
    """Pages of a search's ranked list (``reports.search.RankedReports``, kept until the
    data changes): the cursor holds the position of the page's first report, so a page
    reads only its own reports. Same links and response as the other lists."""

    def paginate_queryset(self, queryset: Sequence, request, view=None) -> list:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        cursor = self.decode_cursor(request)
        try:
            self.start = int(cursor.position) if cursor and cursor.position else 0
        except ValueError as error:
            raise NotFound(self.invalid_cursor_message) from error
        if self.start < 0:
            raise NotFound(self.invalid_cursor_message)
        self.total = len(queryset)
        return list(queryset[self.start:self.start + self.page_size])

    def _link(self, start: int) -> str:
        return self.encode_cursor(Cursor(offset=0, reverse=False, position=str(start)))

    def get_next_link(self) -> str | None:
        following = self.start + self.page_size
        return self._link(following) if following < self.total else None

    def get_previous_link(self) -> str | None:
        return self._link(max(self.start - self.page_size, 0)) if self.start > 0 else None
