"""What pages derive from the whole published corpus, cached until the data changes.

Values are kept in the default cache under the published data's version
(``DataVersion``, bumped by ``reports.services.data_changed``): one primary-key
read a request tells every web worker whether its copy is still current, so a
publication, a check run or a review mark shows on the very next request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from reports.models import DataVersion
from reports.services import DATA_VERSION_KEY

T = TypeVar("T")
# Entries of an older version are never read again; they expire after this long.
TIMEOUT = 3600


# Within one request the version is read once (DataVersionMiddleware), however many
# cached values the page draws: a dict holding it, or None outside a request.
_request_version: ContextVar[dict[str, int] | None] = ContextVar("data_version", default=None)


def data_version() -> int:
    memo = _request_version.get()
    if memo is not None and "value" in memo:
        return memo["value"]
    value = (DataVersion.objects.filter(pk=DATA_VERSION_KEY)
             .values_list("value", flat=True).first()) or 0
    if memo is not None:
        memo["value"] = value
    return value


def forget_version() -> None:
    """The data changed during this request: read the version again when next asked."""
    memo = _request_version.get()
    if memo is not None:
        memo.clear()


class DataVersionMiddleware:
    """One read of the data version a request, shared by every cached value it draws."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reset = _request_version.set({})
        try:
            return self.get_response(request)
        finally:
            _request_version.reset(reset)


def cached(name: str, compute: Callable[[], T], *, key: str = "") -> T:
    """``compute()``, or its value from the cache while the published data is unchanged.

    ``key`` tells apart the variants of one value (a filter's query string); the
    active language is part of the key, as labels may be translated.
    """
    digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    full = f"juesuan:{name}:{data_version()}:{get_language()}:{digest}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, TIMEOUT)
    return found
