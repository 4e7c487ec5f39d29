"""Search and public-page latency on a large generated data set.

    .venv/bin/python benchmarks/search.py                     # scratch SQLite in /tmp
    .venv/bin/python benchmarks/search.py --database-url postgres://juesuan:juesuan@127.0.0.1:5432/juesuan_bench

The scratch database is created, migrated and filled once (``--departments`` ×
``--years`` × both kinds, from ``ingest.synth.generate_corpus`` through
``report_publish``); later runs reuse it. Each figure is the median of
``--runs`` timings, in milliseconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reports.models import Report
    from reports.querysets import ReportQuerySet

REPO = Path(__file__).resolve().parents[1]
QUERIES = ("三公经费", "机关运行", "科学技术支出", "一般公共预算财政拨款", "2080505", "2010601",
           "201", "经费", "绩效", "服务对象满意度", "政府采购")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="sqlite:////tmp/juesuan-bench.sqlite3")
    parser.add_argument("--departments", type=int, default=60)
    parser.add_argument("--years", type=int, nargs="+", default=[2021, 2022, 2023, 2024])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DEBUG"] = "1"
    sys.path.insert(0, str(REPO))
    if url.startswith("postgres"):
        _create_postgres_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_postgres_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def fill(departments: int, years: list[int], seed: int) -> float:
    from ingest.services import report_publish
    from ingest.synth import generate_corpus
    from reports.models import Report

    if Report.objects.exists():
        return 0.0
    started = time.perf_counter()
    for parsed in generate_corpus(seed=seed, departments=departments, years=years):
        report_publish(parsed=parsed)
    return time.perf_counter() - started


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm caches (jieba's dictionary, the database's pages)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000


def first_page(reports: ReportQuerySet, query: str) -> list[Report]:
    """The first page of search results, best first."""
    return list(reports.search(query).order_by("-search_score")[:25])


def main() -> None:
    args = parse_args()
    setup(args.database_url)
    from django.db import connection
    from django.test import Client

    from reports.models import Department, Report, SearchEntry, StatementRow

    seconds = fill(args.departments, args.years, args.seed)
    client = Client()
    published = Report.objects.published()
    print(f"database: {connection.vendor}; {published.count()} published reports, "
          f"{Department.objects.count()} departments, {SearchEntry.objects.count()} search "
          f"entries, {StatementRow.objects.count()} statement rows"
          + (f"; filled in {seconds:.0f} s" if seconds else ""))
    print("\n| query | reports found | search (ms) | search page (ms) |\n|---|---:|---:|---:|")
    for query in QUERIES:
        count = published.search(query).count()
        search = median_ms(partial(first_page, published, query), args.runs)
        page = median_ms(partial(client.get, "/search/", {"q": query}), args.runs)
        print(f"| {query} | {count} | {search:.1f} | {page:.1f} |")

    report = published.filter(kind="final_accounts").order_by("pk").first()
    assert report is not None, "no published final accounts"
    pages = {
        "home": "/",
        "regions": "/regions/",
        "department": f"/departments/{report.department_id}/",
        "report (final accounts)": f"/reports/{report.pk}/",
        "reports list, filtered": "/reports/?year=2023&kind=final_accounts&sort=department",
        "lines list, code prefix": "/lines/?code=201&amount_min=10",
        "indicators list, missed": "/indicators/?result=missed",
        "lines export CSV (code 2080505)": "/lines/export.csv?code=2080505",
        "reports export XLSX": "/reports/export.xlsx",
    }
    print("\n| page | (ms) |\n|---|---:|")
    for name, url in pages.items():
        def get(u=url):
            response = client.get(u)
            assert response.status_code == 200, (u, response.status_code)
            if response.streaming:
                b"".join(response.streaming_content)
        print(f"| {name} | {median_ms(get, args.runs):.1f} |")


if __name__ == "__main__":
    main()
