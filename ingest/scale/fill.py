"""Fill the database with N published reports, fast, for the scale benchmark.

A few template reports (the demo generator's 决算 and 绩效自评, ``ingest.synth``) are
published through the real pipeline (``report_publish``: checks, search entries, the
explorer's spending). Every other report is a clone of one of them with its amounts
scaled, written straight into the model's tables with explicit ids (``COPY`` on
PostgreSQL, ``executemany`` on SQLite): its sections, figures, expenditure lines,
indicators, statement tables, rows and cells, spending by code, findings, search
entries and, for one report in ten, its parts (two files). Departments are spread over
provinces, cities and counties; each reports for several years, as 决算, 预算 (a 决算's
shape) and 绩效自评, some also for one of their units.

The secondary indexes and foreign keys of the filled tables are dropped for the fill
and built again at its end, in the same transaction (on SQLite: the indexes and the
search triggers, then the FTS table is rebuilt), then the planner's statistics are
refreshed (``VACUUM (ANALYZE)`` on PostgreSQL, ``ANALYZE`` on SQLite).
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

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
TEMPLATE_PREFIX = "模板"  # the templates' department names: never a clone's
# One report in PARTS_EVERY is published as two files (report parts).
PARTS_EVERY = 10


class FillError(Exception):
    """The database cannot be filled as asked (it holds other reports)."""


# --- encoding rows ----------------------------------------------------------------------

Encoded = Any  # a row without its leading columns: COPY text on PostgreSQL, else a tuple


def _copy_value(value: Any) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
                .replace("\r", "\\r"))
    return text


def encoder() -> Callable[[Sequence[Any]], Encoded]:
    """How a row's trailing columns are kept for this database's writer."""
    if connection.vendor == "postgresql":
        return lambda row: "".join("\t" + _copy_value(v) for v in row)
    return tuple


# --- templates --------------------------------------------------------------------------


@dataclass
class Template:
    """One published report's contents, encoded for the writers, amounts in variants."""

    kind: str
    page_count: int
    sections: list[Encoded]
    indicators: list[Encoded]
    findings: list[Encoded]
    search: list[Encoded]  # without the department entry, which names the clone's department
    tables: list[Encoded]
    rows: list[list[Encoded]]  # per table
    figures: list[list[Encoded]] = field(default_factory=list)  # per variant
    lines: list[list[Encoded]] = field(default_factory=list)  # per variant
    cells: list[list[list[list[Encoded]]]] = field(default_factory=list)  # variant/table/row
    # per variant: (index of the table, its spending rows)
    spending: list[list[tuple[int, list[Encoded]]]] = field(default_factory=list)


def _scaled(value: Decimal | None, text: str, factor: Decimal) -> tuple[str | None, str]:
    if value is None:
        return None, text
    scaled = (value * factor).quantize(Decimal("0.01"))
    return str(scaled), str(scaled)


def _scale(value: Decimal | None, factor: Decimal) -> str | None:
    return None if value is None else str((value * factor).quantize(Decimal("0.01")))


def publish_templates(seed: int) -> list:
    """The demo generator's reports for a few departments, through the real pipeline."""
    from ingest.services import report_publish
    from ingest.synth import generate_report
    from reports.models import Report

    published = list(Report.objects.published()
                     .filter(department__name__startswith=TEMPLATE_PREFIX).order_by("pk"))
    if published:
        return published
    templates = []
    for index in range(4):
        for kind in ("final_accounts", "performance_evaluation"):
            # Two of the 决算 carry the demo's slips, so clones have findings to list.
            faults = FAULTS.get(index, ()) if kind == "final_accounts" else ()
            parsed = generate_report(seed, index, 2023, kind, faults=faults)
            parsed.department = TEMPLATE_PREFIX + parsed.department
            templates.append(report_publish(parsed=parsed))
    return templates


def load_template(report: Any, stamp: Any) -> Template:
    from core.contract import MONEY_KEYS
    from reports.models import SearchEntry

    encode = encoder()
    sections = report.sections.order_by("order").values_list(
        "order", "level", "heading", "text", "page")
    indicators = report.indicators.order_by("order").values_list(
        "order", "level1", "level2", "level3", "target", "actual", "weight", "score",
        "deviation", "page")
    findings = [
        encode((rule, category, severity, message, json.dumps(evidence, ensure_ascii=False),
                print_, "open", "", None, None, stamp))
        for rule, category, severity, message, evidence, print_ in report.findings.values_list(
            "rule_id", "category", "severity", "message", "evidence", "fingerprint")
    ]
    search = (report.search_entries.exclude(kind=SearchEntry.Kind.DEPARTMENT).order_by("id")
              .values_list("kind", "title", "text", "tokens", "codes", "page", "anchor",
                           "weight"))
    tables = list(report.tables.order_by("order").prefetch_related("rows__cells"))
    table_index = {t.pk: i for i, t in enumerate(tables)}
    spending = list(report.spending.order_by("table_id", "source", "code").values_list(
        "table_id", "source", "code", "level", "name", "amount", "derived", "children_total"))
    template = Template(
        kind=report.kind, page_count=report.page_count,
        sections=[encode(s) for s in sections], indicators=[encode(i) for i in indicators],
        findings=findings, search=[encode(s) for s in search],
        tables=[encode((t.order, t.title, t.page, json.dumps(t.columns, ensure_ascii=False),
                        t.verified, json.dumps(t.unbalanced, ensure_ascii=False), t.note))
                for t in tables],
        rows=[[encode((r.order, r.code, r.name, r.level)) for r in t.rows.all()]
              for t in tables],
    )
    figures = list(report.figures.all())
    lines = list(report.expenditure_lines.order_by("order"))
    for variant in range(VARIANTS):
        factor = Decimal(40 + variant * 13) / 100  # 0.40 … 3.39
        template.figures.append([
            encode((f.key, *(_scaled(f.value, f.value_text, factor) if f.key in MONEY_KEYS
                             else (str(f.value), f.value_text)), f.source, f.page))
            for f in figures
        ])
        template.lines.append([
            encode((x.order, x.code, x.category, x.item, x.subitem,
                    *(_scaled(x.budget, x.budget_text, factor)),
                    *(_scaled(x.actual, x.actual_text, factor)),
                    *(_scaled(x.budget_full_year, x.budget_full_year_text, factor)),
                    x.reason, x.page))
            for x in lines
        ])
        template.cells.append([
            [[encode((c.order, c.label, *_scaled(c.value, c.value_text, factor)))
              for c in r.cells.all()]
             for r in t.rows.all()]
            for t in tables
        ])
        template.spending.append([
            (table_index[table], [encode((source, code, level, name, _scale(amount, factor),
                                          derived, _scale(children, factor)))
                                  for _t, source, code, level, name, amount, derived, children
                                  in group])
            for table, group in itertools.groupby(spending, key=lambda s: s[0])
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
    if count <= 0:
        return departments, identities
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

    BATCH = 50_000

    def __init__(self, model: type[Model], fields: Sequence[str]) -> None:
        self.table = model._meta.db_table
        columns = {f.name: f.column for f in model._meta.concrete_fields}
        self.columns = [columns[name] for name in fields]
        self.postgres = connection.vendor == "postgresql"
        self.encode = encoder()
        self.pending: list[Any] = []
        self.written = 0
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT MAX(id) FROM "{self.table}"')
            self.next_id = (cursor.fetchone()[0] or 0) + 1

    def extend(self, prefix: tuple, rows: Sequence[Encoded]) -> range:
        """Queue ``prefix + row`` for each encoded row; returns the ids they will have."""
        ids = range(self.next_id, self.next_id + len(rows))
        self.next_id += len(rows)
        if self.postgres:
            head = "".join("\t" + _copy_value(v) for v in prefix)
            self.pending.extend([f"{pk}{head}{row}\n" for pk, row in zip(ids, rows, strict=True)])
        else:
            self.pending.extend([(pk, *prefix, *row) for pk, row in zip(ids, rows, strict=True)])
        if len(self.pending) >= self.BATCH:
            self.flush()
        return ids

    def add(self, row: Sequence[Any]) -> int:
        """Queue one row (without its id); returns the id it will have."""
        return self.extend((), [self.encode(row)])[0]

    def flush(self) -> None:
        if not self.pending:
            return
        columns = ", ".join(f'"{c}"' for c in ["id", *self.columns])
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
                    copy.write("".join(self.pending))
            else:
                marks = ", ".join(["%s"] * (len(self.columns) + 1))
                cursor.executemany(f'INSERT INTO "{self.table}" ({columns}) VALUES ({marks})',
                                   self.pending)
        self.written += len(self.pending)
        self.pending = []

    def finish(self) -> None:
        self.flush()
        if self.postgres:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{self.table}\"', 'id'), "
                               f'(SELECT MAX(id) FROM "{self.table}"))')


# --- indexes around a big fill ----------------------------------------------------------


def _drop_secondary(tables: Sequence[str]) -> list[str]:
    """Drop the tables' non-unique indexes, foreign keys and (SQLite) search triggers.

    Returns the statements that make them again. Unique indexes stay: they are the data's
    rules (one published report per identity, one figure per key).
    """
    again: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
                [list(tables)])
            for table, name, definition in cursor.fetchall():
                again.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
                "AND i.schemaname = current_schema() AND i.indexdef NOT LIKE 'CREATE UNIQUE%%' "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [list(tables)])
            for name, definition in cursor.fetchall():
                again.insert(0, definition)
                cursor.execute(f'DROP INDEX "{name}"')
        else:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND "
                f"tbl_name IN ({marks}) AND (type = 'trigger' OR (type = 'index' AND "
                "sql NOT LIKE 'CREATE UNIQUE%%'))", list(tables))
            for kind, name, sql in cursor.fetchall():
                again.append(sql)
                cursor.execute(f'DROP {kind.upper()} "{name}"')
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'reports_searchentry_fts'")
            if cursor.fetchone():
                again.append("INSERT INTO reports_searchentry_fts(reports_searchentry_fts) "
                             "VALUES ('rebuild')")
    return again


# --- the fill ---------------------------------------------------------------------------


def published_count() -> int:
    from reports.models import Report

    return Report.objects.published().count()


def fill(count: int, seed: int = 7, *, progress: bool = True) -> dict[str, Any]:
    """Make the database hold at least ``count`` published reports; returns what it wrote."""
    from reports.models import Report
    from reports.services import data_changed, scoreboard_refresh, spending_totals_rebuild

    have = published_count()
    if have >= count:
        return {"reports": have, "written": 0, "seconds": 0.0}
    started = time.monotonic()
    templates = publish_templates(seed)
    if Report.objects.exclude(pk__in=[t.pk for t in templates]).exists():
        raise FillError(f"The database holds {have} published reports, fewer than {count}, "
                        "and reports other than the templates: start again with --reset.")
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    by_kind: dict[str, list[Template]] = {}
    for report in templates:
        template = load_template(report, stamp)
        by_kind.setdefault(template.kind, []).append(template)
    by_kind["budget"] = by_kind["final_accounts"]
    departments, identities = plan(count - len(templates))

    # SQLite checks a deferred foreign key again when the parent row arrives, by a lookup
    # in the child table: without its indexes that is a scan per row. Off for the fill
    # (only possible outside a transaction), checked once at its end.
    checking_off = connection.disable_constraint_checking()
    try:
        wrote = _write(departments, identities, by_kind, stamp, seed, started,
                       progress=progress)
    finally:
        if checking_off:
            connection.enable_constraint_checking()
    if checking_off:
        connection.check_constraints()
    if connection.vendor == "postgresql":
        from django.core.management import call_command

        # Each year's rows into its own partition, as a deployment's `partition_years` does.
        call_command("partition_years", verbosity=0)
    # The spending rows went in by COPY: the sums by region the explorer reads, set-based.
    spending_totals_rebuild()
    from reports.models import SpendingTotal

    wrote["spending totals"] = SpendingTotal.objects.count()
    data_changed()  # COPY sends no signal: cached overviews and counts are recomputed
    cells = scoreboard_refresh()  # nor does it fill the scoreboard: every department's
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Also sets the visibility maps autovacuum would set in a while, so index-only
            # scans read no table pages: without it the first hours after a fill are slow.
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
    return wrote | {"reports": published_count(), "written": len(identities), "scoreboard": cells,
                    "seconds": round(time.monotonic() - started, 1)}


def _write(departments: list[tuple[str, str, str, str]],
           identities: list[Identity], by_kind: dict[str, list[Template]], stamp: Any,
           seed: int, started: float, *, progress: bool) -> dict[str, Any]:
    from reports.models import (
        Department,
        ExpenditureLine,
        Figure,
        Finding,
        FiscalYear,
        Indicator,
        Region,
        Report,
        ReportPart,
        SearchEntry,
        Section,
        Spending,
        StatementCell,
        StatementRow,
        StatementTable,
        report_sort_key,
    )
    from reports.search import index_tokens, search_grams_add

    rng = random.Random(seed)
    encode = encoder()
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":  # index pages stay in memory while filling
                cursor.execute("PRAGMA cache_size = -400000")
            else:
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                cursor.execute("SET LOCAL synchronous_commit = off")
        years = {y: FiscalYear.objects.get_or_create(year=y)[0].pk for y in YEARS}
        region_ids: dict[tuple, int] = {}

        def region(names: tuple[str, ...]) -> int:
            if names not in region_ids:
                parent = region(names[:-1]) if len(names) > 1 else None
                level = Region.Level.values[len(names) - 1]
                region_ids[names] = Region.objects.get_or_create(
                    name=names[-1], parent_id=parent, level=level)[0].pk
            return region_ids[names]

        models: dict[str, tuple[type[Model], list[str]]] = {
            "department": (Department, ["name", "short_name", "region", "parent", "demo"]),
            "report": (Report, ["department", "fiscal_year", "kind", "scope", "status",
                                "version", "title", "printed_department", "upload",
                                "page_count", "warnings", "created_at", "published_at",
                                "sort_key"]),
            "part": (ReportPart, ["report", "order", "upload", "name", "first_page",
                                  "page_count"]),
            "section": (Section, ["report", "order", "level", "heading", "text", "page"]),
            "figure": (Figure, ["report", "key", "value", "value_text", "source", "page"]),
            "line": (ExpenditureLine, [
                "report", "order", "code", "category", "item", "subitem", "budget",
                "budget_text", "actual", "actual_text", "budget_full_year",
                "budget_full_year_text", "reason", "page"]),
            "indicator": (Indicator, ["report", "order", "level1", "level2", "level3",
                                      "target", "actual", "weight", "score", "deviation",
                                      "page"]),
            "table": (StatementTable, ["report", "order", "title", "page", "columns",
                                       "verified", "unbalanced", "note"]),
            "row": (StatementRow, ["table", "order", "code", "name", "level"]),
            "cell": (StatementCell, ["row", "order", "label", "value", "value_text"]),
            "spending": (Spending, ["report", "table", "year", "source", "code", "level",
                                    "name", "amount", "derived", "children_total"]),
            "finding": (Finding, ["report", "rule_id", "category", "severity", "message",
                                  "evidence", "fingerprint", "review", "review_note",
                                  "reviewed_by", "reviewed_at", "created_at"]),
            "search": (SearchEntry, ["report", "kind", "title", "text", "tokens", "codes",
                                     "page", "anchor", "weight"]),
        }
        again = _drop_secondary([m._meta.db_table for m, _f in models.values()])
        writers = {name: Writer(model, fields) for name, (model, fields) in models.items()}
        department_ids = [writers["department"].add((name, "", region((p, c, k)), None, False))
                          for p, c, k, name in departments]
        writers["department"].finish()
        department_search: dict[int, Encoded] = {}
        for done, identity in enumerate(identities, 1):
            template = rng.choice(by_kind[identity.kind])
            variant = rng.randrange(VARIANTS)
            name = departments[identity.department][3]
            department = department_ids[identity.department]
            report = writers["report"].add((
                department, years[identity.year], identity.kind, identity.scope, "published",
                1, f"{name}{identity.year}", name, None, template.page_count, "[]", stamp,
                stamp, report_sort_key(identity.year, name, identity.kind, identity.scope)))
            _clone(writers, template, variant, report, identity.year, done)
            if department not in department_search:
                department_search[department] = encode((
                    "department", name, f"{name}\n{name}", index_tokens(f"{name}\n{name}"), "",
                    None, "top", 8))
            writers["search"].extend((report,), [department_search[department]])
            if progress and (done % 2000 == 0 or done == len(identities)):
                rate = done / max(time.monotonic() - started, 1e-9)
                print(f"\rfilling: {done}/{len(identities)} reports, {rate:.0f}/s", end="",
                      file=sys.stderr, flush=True)
        for writer in writers.values():
            writer.finish()
        # The clones' entries hold the templates' texts (whose characters their publication
        # recorded) and their departments' names.
        search_grams_add(texts={f"{name}\n{name}" for _p, _c, _k, name in departments})
        written = time.monotonic() - started
        if progress:
            print(f"\nbuilding {len(again)} indexes and constraints again", file=sys.stderr)
        with connection.cursor() as cursor:
            for statement in again:
                cursor.execute(statement)
    return {name: writer.written for name, writer in writers.items()} | {
        "seconds_writing": round(written, 1)}


def _clone(writers: dict[str, Writer], t: Template, variant: int, report: int, year: int,
           number: int) -> None:
    prefix = (report,)
    writers["section"].extend(prefix, t.sections)
    writers["figure"].extend(prefix, t.figures[variant])
    writers["line"].extend(prefix, t.lines[variant])
    writers["indicator"].extend(prefix, t.indicators)
    table_ids = writers["table"].extend(prefix, t.tables)
    for table_id, rows, row_cells in zip(table_ids, t.rows, t.cells[variant], strict=True):
        row_ids = writers["row"].extend((table_id,), rows)
        cells = writers["cell"]
        for row_id, encoded in zip(row_ids, row_cells, strict=True):
            cells.extend((row_id,), encoded)
    for index, rows in t.spending[variant]:
        writers["spending"].extend((report, table_ids[index], year), rows)
    writers["finding"].extend(prefix, t.findings)
    writers["search"].extend(prefix, t.search)
    if number % PARTS_EVERY == 0:
        first = max(1, t.page_count // 2)
        encode = writers["part"].encode
        writers["part"].extend(prefix, [
            encode((1, None, "正文.pdf", 1, first)),
            encode((2, None, "附件.pdf", first + 1, max(t.page_count - first, 1))),
        ])
