"""Time every page type on a filled database, beside a trivial view measured in the same run.

    .venv/bin/python benchmarks/pages.py --reports 10000                   # scratch SQLite
    .venv/bin/python benchmarks/pages.py --reports 100000 \\
        --database-url postgres://juesuan:juesuan@127.0.0.1:5432/juesuan_scale

The database is filled first if it holds fewer than ``--reports`` published reports
(``fill.py``). Each page is requested ``--runs`` times through Django's test client
(the whole middleware, URL, view and template stack, no network) after one warm-up
request; the trivial view (a view returning "ok", through the same stack) is timed the
same way, interleaved with the pages, so the ratio stays fair on a busy machine.
Prints a Markdown table, or one JSON object with ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fill import DEFAULT_URL, fill, setup

TRIVIAL = "/__bench_trivial__/"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", nargs="*", help="page names to time (default: all)")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def add_trivial_view() -> None:
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    from config import urls

    urls.urlpatterns.insert(0, path(TRIVIAL.strip("/") + "/", lambda request: HttpResponse("ok")))
    clear_url_caches()


def pages() -> dict[str, tuple[str, dict]]:
    """One URL per page type, on the busiest department, its region and its 决算."""
    from django.db.models import Count
    from django.urls import reverse

    from reports.models import Department, Report

    department = (Department.objects.annotate(n=Count("reports")).order_by("-n", "pk").first())
    assert department is not None, "the database holds no reports"
    report = (Report.objects.published().filter(department=department, kind="final_accounts")
              .order_by("-fiscal_year__year").first())
    assert report is not None
    region = department.region
    province = region.parent.parent if region and region.parent else region
    others = list(Department.objects.filter(region=region).exclude(pk=department.pk)
                  .values_list("pk", flat=True)[:3])
    api = "api:{}-list".format
    return {
        "home": (reverse("home"), {}),
        "report list": (reverse("report_list"), {}),
        "report list, filtered": (reverse("report_list"), {
            "region": province.pk, "year": 2023, "kind": "final_accounts", "sort": "department"}),
        "report list, page 200": (reverse("report_list"), {"page": 200}),
        "search 三公经费": (reverse("search"), {"q": "三公经费"}),
        "search 2010601": (reverse("search"), {"q": "2010601"}),
        "search 一个字 (经)": (reverse("search"), {"q": "经"}),
        "line list, code 201": (reverse("line_list"), {"code": "201"}),
        "indicator list": (reverse("indicator_list"), {}),
        "region list": (reverse("region_list"), {}),
        "region page (province)": (reverse("region_detail", args=[province.pk]), {}),
        "region page (county)": (reverse("region_detail", args=[region.pk]), {}),
        "department page": (reverse("department_detail", args=[department.pk]), {}),
        "report page": (reverse("report_detail", args=[report.pk]), {}),
        "report json": (reverse("report_json", args=[report.pk]), {}),
        "compare years": (reverse("audit:compare_years"), {"department": department.pk}),
        "compare departments": (reverse("audit:compare_departments"),
                                {"year": report.fiscal_year.year,
                                 "departments": [department.pk, *others]}),
        "findings list": (reverse("audit:finding_list"), {}),
        "findings list, filtered": (reverse("audit:finding_list"),
                                    {"year": 2023, "severity": "error"}),
        "api reports": (reverse(api("report")), {"year": 2023}),
        "api report": (reverse("api:report-detail", args=[report.pk]), {}),
        "api statement rows": (reverse(api("statement-row")), {"code": "201"}),
        "api expenditure lines": (reverse(api("expenditure-line")), {}),
        "api findings": (reverse(api("finding")), {}),
        "api search": (reverse("api:search"), {"q": "三公经费"}),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(runs: int, only: Sequence[str] | None) -> dict:
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    targets = {name: target for name, target in pages().items() if not only or name in only}
    trivial: list[float] = []
    results = {}

    def timed(url: str, params: dict) -> float:
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    for name, (url, params) in targets.items():
        reset_queries()  # DEBUG keeps the last 9000 queries only: count from an empty log
        with CaptureQueriesContext(connection) as captured:
            first = timed(url, params)  # warm-up, and the query count
        times = []
        for _ in range(runs):
            trivial.append(timed(TRIVIAL, {}))
            times.append(timed(url, params))
        results[name] = {"url": url + ("?" + _query(params) if params else ""),
                         "first_ms": round(first, 1),
                         "p50_ms": round(statistics.median(times), 1),
                         "p95_ms": round(percentile(times, 0.95), 1),
                         "queries": len(captured)}
        print(f"{name}: {results[name]['p50_ms']} ms", file=sys.stderr)
    return {"trivial": {"p50_ms": round(statistics.median(trivial), 2),
                        "p95_ms": round(percentile(trivial, 0.95), 2)},
            "pages": results}


def _query(params: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(params, doseq=True)


def table(result: dict) -> str:
    trivial = result["trivial"]["p50_ms"]
    lines = [f"{result['reports']:,} published reports, {result['vendor']}, "
             f"load average {result['load']}; trivial view p50 {trivial} ms, "
             f"p95 {result['trivial']['p95_ms']} ms.", "",
             "| page | p50 (ms) | p95 (ms) | p50 ÷ trivial | queries |",
             "|---|---:|---:|---:|---:|"]
    for name, page in result["pages"].items():
        lines.append(f"| {name} | {page['p50_ms']} | {page['p95_ms']} | "
                     f"{page['p50_ms'] / trivial:.0f}× | {page['queries']} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    os.environ.setdefault("API_RATE_LIMIT", "")  # the benchmark is one busy client
    setup(args.database_url)
    from django.db import connection

    from reports.models import Report

    fill(args.reports, seed=7)
    add_trivial_view()
    result = {"reports": Report.objects.published().count(), "vendor": connection.vendor,
              "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
              **measure(args.runs, args.only)}
    result["load_after"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else table(result))


if __name__ == "__main__":
    main()
