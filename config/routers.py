"""Read replicas: anonymous visitors' page views read from a replica, everything else the primary.

Turned on by ``DATABASE_REPLICA_URL`` (or ``DATABASE_REPLICA_URLS``, comma-separated):
each becomes a database alias (``replica``, ``replica2``, …) listed in
``settings.DATABASE_REPLICAS``, and ``PrimaryReplicaRouter`` is installed. Without them
no router is installed and every query goes to ``default`` as before.

The policy (docs/scaling.md, "Read replicas"), decided once per request before any query:

- A request may read from a replica only if it is a GET, HEAD or OPTIONS, carries no
  session cookie (visitors who log in, staff and auditors, always read the primary, so
  they see what they have just uploaded, corrected or published), carries no
  ``PIN_COOKIE``, and is not for the staff, audit, admin or login pages.
- Once a request writes (any model but the bookkeeping ones below), every later read of
  that request goes to the primary; so does every read inside a transaction.
- A request that wrote, or was a POST/PUT/PATCH/DELETE, sets ``PIN_COOKIE`` for
  ``REPLICA_PIN_SECONDS``: the same browser reads the primary for that long, longer than
  a replica lags behind, so a visitor who sent a form sees its effect on the next page.
- Outside a request (management commands, the parse worker, the shell) everything goes
  to the primary.
- Sessions, the cache table (the API's request counts), login failures and the task
  queue are read and written on the primary, and writing them does not pin a request.

A visitor who did not write may see a newly published report a moment later than staff
do (as long as the replica lags, typically well under a second); nothing they see is
ever older than what the replica has, and nothing is written to a replica.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "juesuan_primary"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Pages of people who write: they read what they wrote, so never from a replica.
PRIMARY_PATHS = ("/staff/", "/audit/", "/admin/", "/accounts/")
# Bookkeeping that must be exact and is written on reads (the API's rate counts) or
# read right after it is written (sessions, login failures, queued parses).
PRIMARY_APPS = frozenset({"sessions", "django_cache", "axes", "django_tasks_db"})


@dataclass(slots=True)
class RequestReads:
    """Where this request's reads go: ``replica`` (an alias) until it writes."""

    replica: str | None
    wrote: bool = False


_reads: ContextVar[RequestReads | None] = ContextVar("juesuan_request_reads", default=None)


def replica_for(request: HttpRequest) -> str | None:
    """The replica alias this request may read from, or None for the primary."""
    replicas = settings.DATABASE_REPLICAS
    if not replicas or request.method not in SAFE_METHODS:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or PIN_COOKIE in request.COOKIES:
        return None
    if request.path_info.startswith(PRIMARY_PATHS):
        return None
    return random.choice(replicas)  # one replica for the whole request


class PrimaryReplicaRouter:
    """Reads of a replica-eligible request go to its replica; all writes to the primary."""

    def db_for_read(self, model: type, **hints: object) -> str | None:
        reads = _reads.get()
        if reads is None or reads.replica is None or reads.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_APPS:  # type: ignore[attr-defined]
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # a transaction reads what it is about to write
        return reads.replica

    def db_for_write(self, model: type, **hints: object) -> str:
        reads = _reads.get()
        if reads is not None and model._meta.app_label not in PRIMARY_APPS:  # type: ignore[attr-defined]
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: object) -> bool:
        return True  # a replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db == DEFAULT_DB_ALIAS  # replicas copy the primary's schema themselves


class ReplicaMiddleware:
    """Decides where the request reads (see the module docstring); a no-op without replicas."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.DATABASE_REPLICAS:
            return self.get_response(request)
        reads = RequestReads(replica_for(request))
        # Not reset when this returns: a streamed response (a CSV export) goes on reading
        # while the server sends it; request_finished ends it (below).
        _reads.set(reads)
        response = self.get_response(request)
        if reads.wrote or request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS, httponly=True,
                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


def _request_done(**kwargs: object) -> None:
    _reads.set(None)


request_finished.connect(_request_done, dispatch_uid="juesuan_replica_reads_done")
