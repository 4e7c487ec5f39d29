"""A per-client request limit, counted in the database cache.

Counting in the database (the ``api`` cache, table ``juesuan_cache``) makes the
limit hold across gunicorn workers; a per-process cache would multiply it by
their number. A client is its address (``REMOTE_ADDR``, or the address the
trusted proxies in front of the site saw: ``API_TRUSTED_PROXIES``).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.cache import caches
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import ErrorDetail, Throttled
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler

PERIODS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api"

    @property
    def cache(self):
        return caches[settings.API_CACHE]

    def get_rate(self) -> str | None:
        return settings.API_RATE_LIMIT or None

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def rate_text(rate: str) -> str:
    """``"120/minute"`` → "120 requests a minute" in the active language."""
    number, period = rate.split("/")
    count = int(number)
    unit = PERIODS.get(period[:1], period)
    periods = {"second": _("a second"), "minute": _("a minute"), "hour": _("an hour"),
               "day": _("a day")}
    return ngettext("%(count)d request %(period)s", "%(count)d requests %(period)s", count) % {
        "count": count, "period": periods.get(unit, unit)}


def api_exception_handler(exc, context):
    """DRF's handler, with a 429 that says what the limit is and when to come back."""
    if isinstance(exc, Throttled) and settings.API_RATE_LIMIT:
        seconds = max(1, math.ceil(exc.wait or 1))
        message = _("Too many requests from this address: the API allows %(rate)s for each "
                    "client.") % {"rate": rate_text(settings.API_RATE_LIMIT)}
        retry = ngettext("Try again in %(seconds)d second, or download the data in bulk.",
                         "Try again in %(seconds)d seconds, or download the data in bulk.",
                         seconds) % {"seconds": seconds}
        exc.detail = ErrorDetail(f"{message} {retry}", code=exc.default_code)
    return exception_handler(exc, context)
