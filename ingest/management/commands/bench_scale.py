"""The scale benchmark: fill the database with N reports, time every page type over HTTP."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings

from ingest.scale import fill as filling
from ingest.scale import pages as timing


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


class Command(BaseCommand):
    help = (
        "Fill the database DATABASE_URL names with N realistic published reports (or reuse "
        "one already filled), serve it with gunicorn (2 workers, DEBUG=0) on a free loopback "
        "port, and time every page type over HTTP (p50/p95) beside a trivial view requested "
        "in turn with it, counting each page's queries. Prints a Markdown table, or one JSON "
        "object with --json. See benchmarks/README.md."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reports", type=int, default=10_000,
                            help="How many published reports the database should hold "
                            "(default 10000). A database holding as many is reused.")
        parser.add_argument("--json", action="store_true",
                            help="Print one JSON object instead of a Markdown table.")
        parser.add_argument("--database-url", default=None,
                            help="The database to fill and serve (default: DATABASE_URL). "
                            "A PostgreSQL database is created if it does not exist.")
        parser.add_argument("--runs", type=int, default=15,
                            help="Timed requests per page, after warming up (default 15).")
        parser.add_argument("--only", nargs="+", metavar="NAME",
                            choices=timing.page_names(),
                            help="Time only these pages (names as in the table).")
        parser.add_argument("--reset", action="store_true",
                            help="Empty the database first (PostgreSQL: drop and create it; "
                            "SQLite: delete the file).")
        parser.add_argument("--fill-only", action="store_true",
                            help="Fill (and migrate) the database, time nothing.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument("--seed", type=int, default=7, help="Generator seed (7).")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["database_url"]
        if url and url != os.environ.get("DATABASE_URL"):
            # Settings come from the environment: run again with DATABASE_URL set.
            done = subprocess.run(
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench_scale",
                 *_as_argv(options)],
                env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, text=True,
                check=False)
            self.stdout.write(done.stdout, ending="")
            if done.returncode:
                raise CommandError(f"bench_scale on {url} failed ({done.returncode})")
            return
        # Libraries that greet on stdout (jionlp) must not spoil the JSON.
        with contextlib.redirect_stdout(sys.stderr):
            result = self._run(options)
        if options["json"] or options["fill_only"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(timing.markdown(result))

    def _run(self, options: dict[str, Any]) -> dict[str, Any]:
        log = self.stderr.write
        self._database(reset=options["reset"])
        call_command("migrate", verbosity=0, interactive=False)
        call_command("createcachetable", verbosity=0)
        try:
            filled = filling.fill(options["reports"], options["seed"])
        except filling.FillError as error:
            raise CommandError(str(error)) from error
        if filled["written"]:
            log(f"filled {filled['written']} reports in {filled['seconds']} s "
                f"({filled['written'] / max(filled['seconds'], 1e-9):.0f} reports/s; "
                f"{filled['seconds_writing']} s writing rows, the rest building indexes)")
        if options["fill_only"]:
            return filled
        targets = timing.pages()
        if options["only"]:
            targets = [p for p in targets if p.name in options["only"]]
        load = _load()
        static = timing.collect_static()
        # Queries are counted in this process, with the static files gunicorn serves.
        with override_settings(STATIC_ROOT=str(static), ROOT_URLCONF="ingest.scale.urls"), \
                timing.gunicorn(options["workers"]) as address:
            measured = timing.measure(address, targets, options["runs"],
                                      workers=options["workers"], log=log)
        return {"reports": filling.published_count(), **measured,
                "vendor": connection.vendor, "runs": options["runs"], "load": load,
                "load_after": _load(), "date": time.strftime("%Y-%m-%d %H:%M UTC",
                                                               time.gmtime()),
                "fill": filled}

    def _database(self, *, reset: bool) -> None:
        """Create the PostgreSQL database if need be; with ``reset``, empty it first."""
        database = settings.DATABASES["default"]
        connection.close()
        if connection.vendor == "sqlite":
            if reset and database["NAME"] and str(database["NAME"]) != ":memory:":
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{database['NAME']}{suffix}").unlink(missing_ok=True)
            return
        if connection.vendor != "postgresql":
            raise CommandError(f"bench_scale runs on PostgreSQL or SQLite, not "
                               f"{connection.vendor}")
        import psycopg
        from psycopg import sql

        name = database["NAME"]
        with psycopg.connect(dbname="postgres", user=database.get("USER") or None,
                             password=database.get("PASSWORD") or None,
                             host=database.get("HOST") or None,
                             port=database.get("PORT") or None, autocommit=True) as server:
            if reset:
                server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                               .format(sql.Identifier(name)))
            if not server.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [name]).fetchone():
                server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _as_argv(options: dict[str, Any]) -> list[str]:
    """The options again as command-line words (when called through ``call_command``)."""
    argv = ["--reports", str(options["reports"]), "--runs", str(options["runs"]),
            "--workers", str(options["workers"]), "--seed", str(options["seed"])]
    for flag in ("json", "reset", "fill_only"):
        if options[flag]:
            argv.append("--" + flag.replace("_", "-"))
    if options["only"]:
        argv += ["--only", *options["only"]]
    return argv
