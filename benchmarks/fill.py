"""Fill a database with N published reports, fast, for the scale benchmarks.

    .venv/bin/python benchmarks/fill.py --reports 10000           # scratch SQLite in /tmp
    .venv/bin/python benchmarks/fill.py --reports 100000 \\
        --database-url postgres://juesuan:juesuan@127.0.0.1:5432/juesuan_scale

A few template reports (the demo generator's 决算 and 绩效自评, ``ingest.synth``) are
published through the real pipeline (``report_publish``: checks, search entries). Every
other report is a clone of one of them with its amounts scaled, written straight into the
tables with explicit ids (``COPY`` on PostgreSQL, ``executemany`` on SQLite): its
sections, figures, expenditure lines, indicators, statement tables, rows and cells,
findings and search entries, shaped like the template's. Departments are spread over
provinces, cities and counties; each reports for several years, as 决算, 预算 (a 决算's
shape) and 绩效自评, some also for one of their units. A database that already holds N
published reports is reused; ``--reset`` starts from an empty one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_URL = "sqlite:////tmp/juesuan-scale.sqlite3"
PROVINCES = ("河北省", "山西省", "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省",
             "河南省", "湖北省", "湖南省", "广东省", "四川省", "贵州省", "云南省", "陕西省")
CITY_FIRST = "青岚桐沅澄栖枫汀"
CITY_SECOND = "川江溪岫湾岭原宁"
COUNTIES = ("临江区", "望岳区", "松浦区", "白鹭区", "清源县", "东湖区", "南屏县", "西坪区",
            "北塘县")
YEARS = (2019, 2020, 2021, 2022, 2023, 2024)
# How many amount variants each template gets (reports share one at random).
VARIANTS = 24
# Template department → the generator's faults its 决算 is written with.
FAULTS = {0: ("personnel_plus_public", "category_sum"), 2: ("basic_plus_project",)}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reset", action="store_true", help="start from an empty database")
    return parser.parse_args(argv)


def setup(url: str, *, reset: bool = False) -> None:
    """Point Django at ``url`` (created if need be), migrate it."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(REPO))
    if url.startswith("postgres"):
        _postgres_database(url, reset=reset)
    elif reset:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def _postgres_database(url: str, *, reset: bool) -> None:
    import psycopg
    from psycopg import sql

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if reset:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(name)))
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- templates --------------------------------------------------------------------------


@dataclass
class Template:
    """One published report's contents as rows to copy, amounts in ``VARIANTS`` scales."""

    kind: str
    page_count: int
    sections: list[tuple]
    indicators: list[tuple]
    findings: list[tuple]
    search: list[tuple]  # without the department entry, which names the clone's department
    tables: list[tuple]
    rows: list[list[tuple]]  # per table
    figures: list[list[tuple]] = field(default_factory=list)  # per variant
    lines: list[list[tuple]] = field(default_factory=list)  # per variant
    cells: list[list[list[list[tuple]]]] = field(default_factory=list)  # variant/table/row


def _scaled(value: Decimal | None, text: str, factor: Decimal) -> tuple[str | None, str]:
    if value is None:
        return None, text
    scaled = (value * factor).quantize(Decimal("0.01"))
    return str(scaled), str(scaled)


def publish_templates(seed: int) -> list:
    """The demo generator's reports for a few departments, through the real pipeline."""
    from ingest.services import report_publish
    from ingest.synth import generate_report
    from reports.models import Report

    published = list(Report.objects.published().filter(department__name__startswith="模板"))
    if published:
        return published
    templates = []
    for index in range(4):
        for kind in ("final_accounts", "performance_evaluation"):
            # Two of the 决算 carry the demo's slips, so clones have findings to list.
            faults = FAULTS.get(index, ()) if kind == "final_accounts" else ()
            parsed = generate_report(seed, index, 2023, kind, faults=faults)
            parsed.department = "模板" + parsed.department  # never clashes with a clone's name
            templates.append(report_publish(parsed=parsed))
    return templates


def load_template(report) -> Template:
    from core.contract import MONEY_KEYS
    from reports.models import SearchEntry

    sections = list(report.sections.order_by("order")
                    .values_list("order", "level", "heading", "text", "page"))
    indicators = list(report.indicators.order_by("order").values_list(
        "order", "level1", "level2", "level3", "target", "actual", "weight", "score",
        "deviation", "page"))
    findings = [
        (rule, category, severity, message, json.dumps(evidence, ensure_ascii=False), print_)
        for rule, category, severity, message, evidence, print_ in report.findings.values_list(
            "rule_id", "category", "severity", "message", "evidence", "fingerprint")
    ]
    search = list(report.search_entries.exclude(kind=SearchEntry.Kind.DEPARTMENT)
                  .order_by("id").values_list("kind", "title", "text", "tokens", "codes",
                                              "page", "anchor", "weight"))
    tables = list(report.tables.order_by("order").prefetch_related("rows__cells"))
    template = Template(
        kind=report.kind, page_count=report.page_count, sections=sections,
        indicators=indicators, findings=findings, search=search,
        tables=[(t.order, t.title, t.page, json.dumps(t.columns, ensure_ascii=False),
                 t.verified, json.dumps(t.unbalanced, ensure_ascii=False), t.note)
                for t in tables],
        rows=[[(r.order, r.code, r.name, r.level) for r in t.rows.all()] for t in tables],
    )
    figures = list(report.figures.all())
    lines = list(report.expenditure_lines.order_by("order"))
    for variant in range(VARIANTS):
        factor = Decimal(40 + variant * 13) / 100  # 0.40 … 3.39
        template.figures.append([
            (f.key, *(_scaled(f.value, f.value_text, factor) if f.key in MONEY_KEYS
                      else (str(f.value), f.value_text)), f.source, f.page)
            for f in figures
        ])
        template.lines.append([
            (x.order, x.code, x.category, x.item, x.subitem,
             *(_scaled(x.budget, x.budget_text, factor)),
             *(_scaled(x.actual, x.actual_text, factor)),
             *(_scaled(x.budget_full_year, x.budget_full_year_text, factor)),
             x.reason, x.page)
            for x in lines
        ])
        template.cells.append([
            [[(c.order, c.label, *_scaled(c.value, c.value_text, factor)) for c in r.cells.all()]
             for r in t.rows.all()]
            for t in tables
        ])
    return template


# --- where the clones go ----------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    department: int  # index into the department plan
    year: int
    kind: str
    scope: str


def plan(count: int) -> tuple[list[tuple[str, str, str, str]], list[Identity]]:
    """Departments (province, city, county, name) and the report identities to fill."""
    from ingest.synth.codes import DEPARTMENT_KINDS

    places = (
        (province, CITY_FIRST[(p + c) % 8] + CITY_SECOND[(p * 3 + c) % 8] + "市", county)
        for p, province in enumerate(PROVINCES)
        for c in range(8)
        for county in COUNTIES
    )
    suffixes = [k.suffix for k in DEPARTMENT_KINDS]
    departments: list[tuple[str, str, str, str]] = []
    identities: list[Identity] = []
    kinds = ("final_accounts", "budget", "performance_evaluation")
    for province, city, county in itertools.cycle(places):
        round_ = len(departments) // (len(PROVINCES) * 8 * len(COUNTIES) * len(suffixes))
        for suffix in suffixes:
            index = len(departments)
            prefix = f"第{round_ + 1}" if round_ else ""
            name = f"{province}{city}{county}{prefix}{suffix}"
            departments.append((province, city, county, name))
            # Some departments started publishing later; every fourth also has a unit report.
            first_year = YEARS[index % 3]
            for year in (y for y in YEARS if y >= first_year):
                scopes = ("department", "unit") if index % 4 == 0 else ("department",)
                for kind in kinds:
                    for scope in scopes if kind == "final_accounts" else ("department",):
                        identities.append(Identity(index, year, kind, scope))
                        if len(identities) >= count:
                            return departments[: index + 1], identities
    raise AssertionError("unreachable")


# --- writing ----------------------------------------------------------------------------


class Writer:
    """Rows into one table, in batches: COPY on PostgreSQL, executemany elsewhere."""

    BATCH = 20_000

    def __init__(self, model, fields: Sequence[str]) -> None:
        from django.db import connection

        self.connection = connection
        self.table = model._meta.db_table
        self.columns = [model._meta.get_field(name).column for name in fields]
        self.pending: list[tuple] = []
        self.written = 0
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX(id) FROM "{self.table}"')
            self.next_id = (cursor.fetchone()[0] or 0) + 1

    def extend(self, prefix: tuple, rows: Sequence[tuple]) -> range:
        """Queue ``prefix + row`` for each row; returns the ids they will have."""
        ids = range(self.next_id, self.next_id + len(rows))
        self.next_id += len(rows)
        self.pending.extend([(pk, *prefix, *row) for pk, row in zip(ids, rows, strict=True)])
        if len(self.pending) >= self.BATCH:
            self.flush()
        return ids

    def add(self, row: tuple) -> int:
        """Queue one row (without its id); returns the id it will have."""
        pk = self.next_id
        self.next_id += 1
        self.pending.append((pk, *row))
        if len(self.pending) >= self.BATCH:
            self.flush()
        return pk

    def flush(self) -> None:
        if not self.pending:
            return
        columns = ", ".join(f'"{c}"' for c in ["id", *self.columns])
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
                    for row in self.pending:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * (len(self.columns) + 1))
                cursor.executemany(f'INSERT INTO "{self.table}" ({columns}) VALUES ({marks})',
                                   self.pending)
        self.written += len(self.pending)
        self.pending = []

    def finish(self) -> None:
        self.flush()
        if self.connection.vendor == "postgresql":
            with self.connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), "
                               f'(SELECT MAX(id) FROM "{self.table}"))')


def fill(count: int, seed: int, *, progress: bool = True) -> dict[str, int]:
    """Make the database hold at least ``count`` published reports; returns row counts."""
    import random

    from django.db import connection, transaction
    from django.utils import timezone

    from reports.models import (
        Department,
        ExpenditureLine,
        Figure,
        Finding,
        FiscalYear,
        Indicator,
        Region,
        Report,
        SearchEntry,
        Section,
        StatementCell,
        StatementRow,
        StatementTable,
        refresh_sort_keys,
    )
    from reports.search import index_tokens
    from reports.services import data_changed

    have = Report.objects.published().count()
    if have >= count:
        return {"reports": have, "written": 0}
    templates = publish_templates(seed)
    if Report.objects.exclude(pk__in=[t.pk for t in templates]).exists():
        raise SystemExit("The database holds other reports: fill an empty one (--reset).")
    by_kind: dict[str, list[Template]] = {}
    for report in templates:
        template = load_template(report)
        by_kind.setdefault(template.kind, []).append(template)
    by_kind["budget"] = by_kind["final_accounts"]
    departments, identities = plan(count - len(templates))
    rng = random.Random(seed)
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # index pages stay in memory while filling
            cursor.execute("PRAGMA cache_size = -400000")
    with transaction.atomic():
        years = {y: FiscalYear.objects.get_or_create(year=y)[0].pk for y in YEARS}
        region_ids: dict[tuple, int] = {}

        def region(names: tuple[str, ...]) -> int:
            if names not in region_ids:
                parent = region(names[:-1]) if len(names) > 1 else None
                level = Region.Level.values[len(names) - 1]
                region_ids[names] = Region.objects.get_or_create(
                    name=names[-1], parent_id=parent, level=level)[0].pk
            return region_ids[names]

        department_writer = Writer(Department, ["name", "short_name", "region", "parent", "demo"])
        department_ids = [department_writer.add((name, "", region((p, c, k)), None, False))
                          for p, c, k, name in departments]
        department_writer.finish()
        department_tokens: dict[int, str] = {}

        writers = {
            "report": Writer(Report, ["department", "fiscal_year", "kind", "scope", "status",
                                      "version", "title", "printed_department", "upload",
                                      "page_count", "warnings", "created_at", "published_at"]),
            "section": Writer(Section, ["report", "order", "level", "heading", "text", "page"]),
            "figure": Writer(Figure, ["report", "key", "value", "value_text", "source", "page"]),
            "line": Writer(ExpenditureLine, [
                "report", "order", "code", "category", "item", "subitem", "budget",
                "budget_text", "actual", "actual_text", "budget_full_year",
                "budget_full_year_text", "reason", "page"]),
            "indicator": Writer(Indicator, ["report", "order", "level1", "level2", "level3",
                                            "target", "actual", "weight", "score", "deviation",
                                            "page"]),
            "table": Writer(StatementTable, ["report", "order", "title", "page", "columns",
                                             "verified", "unbalanced", "note"]),
            "row": Writer(StatementRow, ["table", "order", "code", "name", "level"]),
            "cell": Writer(StatementCell, ["row", "order", "label", "value", "value_text"]),
            "finding": Writer(Finding, ["report", "rule_id", "category", "severity", "message",
                                        "evidence", "fingerprint", "review", "review_note",
                                        "reviewed_by", "reviewed_at", "created_at"]),
            "search": Writer(SearchEntry, ["report", "kind", "title", "text", "tokens", "codes",
                                           "page", "anchor", "weight"]),
        }
        started = time.monotonic()
        for done, identity in enumerate(identities, 1):
            template = rng.choice(by_kind[identity.kind])
            variant = rng.randrange(VARIANTS)
            name = departments[identity.department][3]
            department = department_ids[identity.department]
            report = writers["report"].add((
                department, years[identity.year], identity.kind, identity.scope, "published",
                1, f"{name}{identity.year}", name, None, template.page_count, "[]", stamp,
                stamp))
            _clone(writers, template, variant, report, stamp)
            if department not in department_tokens:
                department_tokens[department] = index_tokens(f"{name}\n{name}")
            writers["search"].add((report, "department", name, f"{name}\n{name}",
                                   department_tokens[department], "", None, "top", 8))
            if progress and (done % 2000 == 0 or done == len(identities)):
                rate = done / max(time.monotonic() - started, 1e-9)
                print(f"\r{done}/{len(identities)} reports, {rate:.0f}/s", end="",
                      file=sys.stderr, flush=True)
        for writer in writers.values():
            writer.finish()
        refresh_sort_keys(Report.objects.filter(sort_key=""))  # the lists' order (0011)
        data_changed()  # COPY sends no signal: cached overviews are recomputed
    if progress:
        print(file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {name: writer.written for name, writer in writers.items()} | {
        "departments": len(departments), "reports": Report.objects.published().count()}


def _clone(writers: dict[str, Writer], t: Template, variant: int, report: int,
           stamp: Any) -> None:
    prefix = (report,)
    writers["section"].extend(prefix, t.sections)
    writers["figure"].extend(prefix, t.figures[variant])
    writers["line"].extend(prefix, t.lines[variant])
    writers["indicator"].extend(prefix, t.indicators)
    table_ids = writers["table"].extend(prefix, t.tables)
    for table_id, rows, row_cells in zip(table_ids, t.rows, t.cells[variant], strict=True):
        row_ids = writers["row"].extend((table_id,), rows)
        for row_id, cells in zip(row_ids, row_cells, strict=True):
            writers["cell"].extend((row_id,), cells)
    writers["finding"].extend(prefix, [(*f, "open", "", None, None, stamp) for f in t.findings])
    writers["search"].extend(prefix, t.search)


def main(argv: Sequence[str] | None = None) -> None:
    args = parse_args(argv)
    setup(args.database_url, reset=args.reset)
    started = time.monotonic()
    counts = fill(args.reports, args.seed)
    seconds = time.monotonic() - started
    print(json.dumps({"seconds": round(seconds, 1), **counts}, ensure_ascii=False))


if __name__ == "__main__":
    main()
