"""Time every page type over HTTP from gunicorn, beside a trivial view in the same run.

The site is served by gunicorn (``--workers 2``, ``DEBUG=0``, static files collected and
served by whitenoise as in production) on a free loopback port, with the settings of
``ingest.scale.settings``: the site's own, plus the trivial view at ``TRIVIAL``. Each page
is requested once per worker to warm up, then ``runs`` times, each time right after the
trivial view, so the ratio between them holds on a busy machine. The queries of each page
are counted once in this process (Django's test client, ``CaptureQueriesContext``).
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from ingest.scale.urls import TRIVIAL

# A year's CSV of reports: timed to its first byte and to its last.
CSV_FIRST_BYTE = "reports CSV, a year (first byte)"
CSV_WHOLE = "reports CSV, a year (whole file)"
# A request answering after this long is recorded as timed out (status 0).
REQUEST_TIMEOUT = 120
# A page whose every warm-up took longer than this is timed once, not ``runs`` times.
SLOW_MS = 15_000


@dataclass(frozen=True)
class Page:
    name: str
    url: str  # with its query string

    @classmethod
    def of(cls, name: str, path: str, params: dict[str, Any] | None = None) -> Page:
        return cls(name, path + ("?" + urlencode(params, doseq=True) if params else ""))


def pages() -> list[Page]:
    """One URL per page type, on the busiest department, its region and its 决算."""
    from django.db.models import Count
    from django.urls import reverse

    from reports.models import Department, Report

    department = (Department.objects.annotate(n=Count("reports")).order_by("-n", "pk").first())
    if department is None:
        raise ValueError("the database holds no reports")
    report = (Report.objects.published().filter(department=department, kind="final_accounts")
              .order_by("-fiscal_year__year").first())
    if report is None:
        raise ValueError(f"{department} has no published 决算")
    region = department.region
    province = region.parent.parent if region and region.parent and region.parent.parent \
        else region
    others = list(Department.objects.filter(region=region).exclude(pk=department.pk)
                  .values_list("pk", flat=True)[:3])
    year = report.fiscal_year.year
    api = "api:{}-list".format
    of = Page.of
    return [
        of("home", reverse("home")),
        of("report list", reverse("report_list")),
        of("report list, filtered", reverse("report_list"), {
            "region": province.pk if province else "", "year": year, "kind": "final_accounts",
            "sort": "department"}),
        of("report list, page 200", reverse("report_list"), {"page": 200}),
        of("search 三公经费", reverse("search"), {"q": "三公经费"}),
        of("search 2010601 (a code)", reverse("search"), {"q": "2010601"}),
        of("search 经 (one character)", reverse("search"), {"q": "经"}),
        of("search 龘龘 (two characters, no match)", reverse("search"), {"q": "龘龘"}),
        of("line list, code 201", reverse("line_list"), {"code": "201"}),
        of("indicator list", reverse("indicator_list")),
        of("region list", reverse("region_list")),
        of("region page (province)", reverse("region_detail", args=[province.pk])),
        of("region page (county)", reverse("region_detail", args=[region.pk])),
        of("department page", reverse("department_detail", args=[department.pk])),
        of("report page (决算)", reverse("report_detail", args=[report.pk])),
        of("report JSON", reverse("report_json", args=[report.pk])),
        of("explorer", reverse("explore")),
        of("explorer, code 201", reverse("explore_code", args=["201"])),
        of(CSV_FIRST_BYTE, reverse("report_export", args=["csv"]), {"year": year}),
        of("compare years", reverse("audit:compare_years"), {"department": department.pk}),
        of("compare departments", reverse("audit:compare_departments"),
           {"year": year, "departments": [department.pk, *others]}),
        of("findings list", reverse("audit:finding_list")),
        of("findings list, year + severity", reverse("audit:finding_list"),
           {"year": year, "severity": "error"}),
        of("audit scoreboard", reverse("audit:scoreboard")),
        of("API reports (a year)", reverse(api("report")), {"year": year}),
        of("API report", reverse("api:report-detail", args=[report.pk])),
        of("API statement rows (code 201)", reverse(api("statement-row")), {"code": "201"}),
        of("API expenditure lines", reverse(api("expenditure-line"))),
        of("API findings", reverse(api("finding"))),
        of("API search 三公经费", reverse("api:search"), {"q": "三公经费"}),
    ]


def page_names() -> list[str]:
    """The names ``--only`` accepts (the CSV export's second row comes with its first)."""
    return ["home", "report list", "report list, filtered", "report list, page 200",
            "search 三公经费", "search 2010601 (a code)", "search 经 (one character)",
            "search 龘龘 (two characters, no match)", "line list, code 201", "indicator list",
            "region list", "region page (province)",
            "region page (county)", "department page", "report page (决算)", "report JSON",
            "explorer", "explorer, code 201", CSV_FIRST_BYTE, "compare years",
            "compare departments", "findings list", "findings list, year + severity",
            "audit scoreboard", "API reports (a year)", "API report",
            "API statement rows (code 201)", "API expenditure lines", "API findings",
            "API search 三公经费"]


def count_queries(url: str) -> tuple[int, int]:
    """(status, queries) of one request to ``url`` in this process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = Client().get(url)
        if response.streaming:
            for _chunk in getattr(response, "streaming_content", ()):
                pass
    return response.status_code, len(captured)


# --- the server -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def collect_static() -> Path:
    """Static files collected for ``DEBUG=0`` (hashed names, compressed), where they go."""
    root = Path(os.environ.get("BENCH_STATIC_ROOT", "/tmp/juesuan-bench-static"))
    if _static_current(root / "staticfiles.json"):
        return root
    environment = {**os.environ, "DEBUG": "0", "STATIC_ROOT": str(root),
                   "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-scale-only"}
    subprocess.run([sys.executable, str(Path(settings.BASE_DIR) / "manage.py"),
                    "collectstatic", "--noinput", "-v0"],
                   env=environment, check=True, cwd=settings.BASE_DIR)
    return root


def _static_current(manifest: Path) -> bool:
    """Whether the files collected there are newer than every static file the site has."""
    from django.contrib.staticfiles.finders import get_finders

    if not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            if storage.path(path) and Path(storage.path(path)).stat().st_mtime > collected:
                return False
    return True


@contextmanager
def gunicorn(workers: int = 2) -> Iterator[str]:
    """Serve the site (the database of this process's settings) on a free port; its address."""
    port = _free_port()
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ingest.scale.settings",
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "bench-scale-only",
        "STATIC_ROOT": str(collect_static()),
        "API_RATE_LIMIT": "",  # the benchmark is one busy client
        # As deployed (README, "Deploying"): a worker keeps its database connection.
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "60"),
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--timeout", str(REQUEST_TIMEOUT + 30),
         "--log-level", "warning"],
        env=environment, cwd=settings.BASE_DIR)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(port, TRIVIAL)[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start (see its messages above)")
            time.sleep(0.2)
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _get(port: int | str, url: str) -> tuple[int, float, float]:
    """(status, ms to the first byte of the body, ms to its last) of one GET."""
    host, _sep, number = str(port).rpartition(":")
    conn = http.client.HTTPConnection(host or "127.0.0.1", int(number),
                                      timeout=REQUEST_TIMEOUT)
    started = time.perf_counter()
    try:
        conn.request("GET", url, headers={"Accept-Language": "zh-hans"})
        response = conn.getresponse()
        response.read(1)
        first = time.perf_counter()
        while response.read(65536):
            pass
        last = time.perf_counter()
        return response.status, (first - started) * 1000, (last - started) * 1000
    except TimeoutError:
        waited = (time.perf_counter() - started) * 1000
        return 0, waited, waited
    finally:
        conn.close()


# --- measuring --------------------------------------------------------------------------


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _summary(times: Sequence[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1)}


def measure(address: str, targets: Sequence[Page], runs: int, *, workers: int = 2,
            log: Any = None) -> dict[str, Any]:
    """Each page's p50/p95 over HTTP, its status and queries, and the trivial view's."""
    trivial: list[float] = []
    results: dict[str, Any] = {}
    for page in targets:
        status, queries = count_queries(page.url)
        # Warm-up: each worker once (more or less). A page is slow when every warm-up was.
        warm = min(_get(address, page.url)[2] for _ in range(max(workers, 1)))
        firsts, totals, statuses = [], [], set()
        for _ in range(1 if warm > SLOW_MS else runs):
            trivial.append(_get(address, TRIVIAL)[2])
            answer, first, total = _get(address, page.url)
            statuses.add(answer)
            firsts.append(first)
            totals.append(total)
        answered = max(statuses, key=lambda s: (s != 200, s))  # a non-200 answer wins
        common = {"queries": queries, "status": answered, "runs": len(totals)}
        if page.name == CSV_FIRST_BYTE:
            results[page.name] = {"url": page.url, **_summary(firsts), **common}
            results[CSV_WHOLE] = {"url": page.url, **_summary(totals), **common}
        else:
            results[page.name] = {"url": page.url, **_summary(totals), **common}
        if status != 200:
            results[page.name]["status"] = status
        if log is not None:
            log(f"{page.name}: p50 {results[page.name]['p50_ms']} ms, {queries} queries, "
                f"status {results[page.name]['status']}")
    return {"trivial": {"p50_ms": round(statistics.median(trivial), 2),
                        "p95_ms": round(percentile(trivial, 0.95), 2)},
            "pages": results}


def markdown(result: dict[str, Any]) -> str:
    trivial = result["trivial"]["p50_ms"]
    lines = [f"{result['reports']:,} published reports, {result['vendor']}, "
             f"load average {result['load']} (before) / {result['load_after']} (after); "
             f"trivial view p50 {trivial} ms, p95 {result['trivial']['p95_ms']} ms; "
             f"{result['runs']} runs per page.", "",
             "| page | p50 (ms) | p95 (ms) | p50 ÷ trivial | queries |",
             "|---|---:|---:|---:|---:|"]
    for name, page in result["pages"].items():
        status = ("" if page["status"] == 200 else " (timed out)" if page["status"] == 0
                  else f" (status {page['status']})")
        if page["runs"] == 1 and result["runs"] > 1:
            status += " (timed once)"
        ratio = page["p50_ms"] / trivial if trivial else float("inf")
        lines.append(f"| {name}{status} | {page['p50_ms']:g} | {page['p95_ms']:g} | "
                     f"{ratio:.0f}× | {page['queries']} |")
    return "\n".join(lines)
