"""manage.py bench_scale: fills a database, serves it with gunicorn, times every page type."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import dj_database_url
import pytest

from tests.conftest import REPO


@pytest.fixture
def bench_database_url(tmp_path):
    """A database of its own beside the test database: gunicorn must see what was filled."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = f"test_{config['NAME']}_bench_scale"
    yield f"{url.rsplit('/', 1)[0]}/{name}"
    with psycopg.connect(dbname="postgres", user=config["USER"], password=config["PASSWORD"],
                         host=config["HOST"], port=config["PORT"] or None,
                         autocommit=True) as server:
        server.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                       .format(sql.Identifier(name)))


def test_bench_scale_fills_every_table_and_times_every_page_over_http(bench_database_url):
    done = subprocess.run(
        [sys.executable, "manage.py", "bench_scale", "--reports", "30", "--runs", "2", "--json",
         "--reset", "--database-url", bench_database_url],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)  # one JSON object, nothing else on stdout

    assert result["reports"] == 30
    assert 0 < result["trivial"]["p50_ms"] <= result["trivial"]["p95_ms"]
    # Every table a page reads got rows: a page reading an empty table measures nothing.
    fill = result["fill"]
    for table in ("department", "report", "part", "section", "figure", "line", "indicator",
                  "table", "row", "cell", "spending", "spending totals", "finding",
                  "search", "scoreboard"):
        assert fill[table] > 0, table
    pages = result["pages"]
    for name in ("home", "report list", "search 三公经费", "search 经 (one character)",
                 "line list, code 201", "report page (决算)", "explorer", "compare years",
                 "findings list", "API search 三公经费", "reports CSV, a year (first byte)",
                 "reports CSV, a year (whole file)"):
        assert name in pages, name
    for name, page in pages.items():
        assert page["status"] == 200, (name, page)
        assert page["url"].startswith("/"), name
        assert 0 < page["p50_ms"] <= page["p95_ms"], (name, page)
        assert isinstance(page["queries"], int), name
    csv = pages["reports CSV, a year (first byte)"]
    assert csv["p50_ms"] <= pages["reports CSV, a year (whole file)"]["p50_ms"]


def test_bench_scale_names_the_pages_it_can_time_in_its_help():
    done = subprocess.run([sys.executable, "manage.py", "bench_scale", "--only", "nothing"],
                          cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "home" in done.stderr
    assert "report list, filtered" in done.stderr
