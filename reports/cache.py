"""What pages derive from the whole published corpus, cached until the data changes.

Values are kept in the default cache under the published data's version
(``DataVersion``, bumped by ``reports.services.data_changed``): one primary-key
read a request tells every web worker whether its copy is still current, so a
publication, a check run or a review mark shows on the very next request.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import suppress
from typing import TypeVar

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.utils.translation import get_language

from reports.models import DataVersion
from reports.services import DATA_VERSION_KEY

T = TypeVar("T")
# Entries of an older version are never read again; they expire after this long.
TIMEOUT = 3600


# Within one request the version is read once, however many values the page takes from
# the cache (a list's region and department options, its filter menus): set when a
# request starts, forgotten when it ends or the data changes (reports.services).
_request = Local()
_UNKNOWN = object()  # outside a request, or after a write: always read


def _started(**kwargs) -> None:
    _request.version = None


def _finished(**kwargs) -> None:
    forget_version()


def forget_version() -> None:
    """The next ``data_version()`` reads the database again (the data just changed)."""
    with suppress(AttributeError):
        del _request.version


request_started.connect(_started, dispatch_uid="reports_cache_request_started")
request_finished.connect(_finished, dispatch_uid="reports_cache_request_finished")


def data_version() -> int:
    known = getattr(_request, "version", _UNKNOWN)
    if isinstance(known, int):
        return known
    value = (DataVersion.objects.filter(pk=DATA_VERSION_KEY)
             .values_list("value", flat=True).first()) or 0
    if known is None:  # in a request that has not read it yet
        _request.version = value
    return value


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
