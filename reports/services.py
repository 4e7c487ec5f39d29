"""Writes to the reference data: regions, departments and their aliases."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from core.contract import FINAL_ACCOUNTS
from core.text import squeeze
from reports.models import (
    DataProblem,
    Department,
    DepartmentAlias,
    FiscalYear,
    Region,
    Report,
    Spending,
    StatementCell,
    StatementRow,
    StatementTable,
)
from reports.review import AUDITORS_GROUP
from reports.spending import spending_for_report, spending_tables

# A printed name starts with its administrative places: 株洲市芦淞区…, 湖南省…
PLACE_PREFIX = re.compile(
    r"^(?:(?P<province>[^省市区县]{2,7}省))?"
    r"(?:(?P<city>[^省市区县]{2,7}(?:市|州|盟)))?"
    r"(?:(?P<county>[^省市区县]{1,7}(?:区|县|市|旗)))?"
)


@lru_cache(maxsize=2048)
def place_names(name: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) that the printed name itself names.

    jionlp knows the real administrative divisions and fills in the province of
    a city; a level is kept only where its full name is printed in ``name``, so
    an invented place is never mapped onto a real one that merely sounds alike.
    """
    import jionlp  # slow to import: only when a department is placed

    found = jionlp.parse_location(name)
    levels: list[str | None] = []
    for level in ("province", "city", "county"):
        value = found.get(level)
        levels.append(value if value and _printed(value, name) else None)
    province, city, county = levels
    if city and not province and found.get("province"):
        province = found["province"]  # the city is real and printed: its province is known
    if not (city or county):
        return _places_from_pattern(name)
    if province == city:  # 直辖市: 上海市 is both
        province = None
    return province, city, county


def _printed(place: str, name: str) -> bool:
    return place in name


def _places_from_pattern(name: str) -> tuple[str | None, str | None, str | None]:
    match = PLACE_PREFIX.match(name)
    if not match:
        return None, None, None
    return match.group("province"), match.group("city"), match.group("county")


def region_for_name(*, name: str) -> Region | None:
    """The most specific region named by a department's printed name, created as needed."""
    parent = None
    for level, place in zip(Region.Level.values, place_names(name), strict=True):
        if place:
            parent, _ = Region.objects.get_or_create(name=place, parent=parent, level=level)
    return parent


def department_find(*, name: str) -> Department | None:
    return Department.objects.matching_name(name).first()


def department_get_or_create(*, name: str, region: Region | None = None) -> Department:
    # No transaction of its own: get_or_create keeps a savepoint for the creation.
    name = squeeze(name)
    department = department_find(name=name)
    if department is None:
        # get_or_create: another publication may be creating the same body right now.
        department, _ = Department.objects.get_or_create(
            name=name, defaults={"region": region or region_for_name(name=name)}
        )
    return department


def department_alias_add(*, department: Department, name: str) -> DepartmentAlias | None:
    """Record another printed form of ``department``'s name; None if it is the name itself."""
    name = squeeze(name)
    if not name or name == department.name:
        return None
    alias, _ = DepartmentAlias.objects.get_or_create(name=name, defaults={"department": department})
    return alias


def fiscal_year_get(*, year: int) -> FiscalYear:
    return FiscalYear.objects.get_or_create(year=year)[0]


def reports_spending_save(*, reports: Sequence[Report]) -> int:
    """(Re)write the explorer's spending by code for ``reports`` from their statement
    tables: their tables read, their spending replaced, in a few queries for them all.
    The totals they count in are the caller's to refresh, once
    (``spending_totals_refresh``). How many rows were written."""
    tables: dict[int, list[StatementTable]] = {report.pk: [] for report in reports}
    finals = [report.pk for report in reports if report.kind == FINAL_ACCOUNTS]
    for table in StatementTable.objects.filter(report__in=finals).order_by("report_id", "order"):
        tables[table.report_id].append(table)
    rows = _amount_rows([chosen for own in tables.values() for chosen in spending_tables(own)])
    with transaction.atomic():
        Spending.objects.filter(report__in=[report.pk for report in reports]).delete()
        return len(Spending.objects.bulk_create(
            [row for report in reports
             for row in spending_for_report(report, tables[report.pk], Spending,
                                            amounts=lambda table, _label: rows[table.pk])]))


def _amount_rows(chosen: list[tuple[StatementTable, str, str]],
                 ) -> dict[int, list[tuple[str, str, Decimal | None]]]:
    """``spending.table_amounts`` of the ``chosen`` tables, read in two queries for them all
    as plain values (a prefetch built a queryset for every row)."""
    label_of = {table.pk: label for table, _source, label in chosen}
    amount_of = {
        row_id: value for row_id, table_id, label, value in StatementCell.objects
        .filter(row__table__in=label_of, label__in=set(label_of.values()))
        .values_list("row_id", "row__table_id", "label", "value")
        if label == label_of[table_id]
    }
    found: dict[int, list[tuple[str, str, Decimal | None]]] = {pk: [] for pk in label_of}
    for pk, table_id, code, name in (StatementRow.objects.filter(table__in=label_of)
                                     .order_by("table_id", "order")
                                     .values_list("pk", "table_id", "code", "name")):
        found[table_id].append((code, name, amount_of.get(pk)))
    return found


def department_demo_mark(*, names: list[str]) -> int:
    """Mark the departments so named as fictional demo data; how many were marked."""
    return Department.objects.filter(name__in=[squeeze(n) for n in names]).update(demo=True)


def auditor_user_set(*, username: str, password: str):
    """Create an auditor (group ``auditors``: reviews findings), or reset their password."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=AUDITORS_GROUP)[0])
    return user


# A sender may send this many data problems an hour (counted in the database).
DATA_PROBLEMS_PER_HOUR = 5


class DataProblemLimitError(Exception):
    """The sender reached the hourly limit: nothing was stored."""


def data_problem_sender(*, address: str) -> str:
    """A keyed hash of a network address: it counts a sender and cannot be reversed."""
    return salted_hmac("reports.DataProblem.sender", address, algorithm="sha256").hexdigest()


def data_problem_report(*, report: Report, description: str, contact: str = "",
                        address: str) -> DataProblem:
    """Store a visitor's note, at most DATA_PROBLEMS_PER_HOUR an hour from one address."""
    sender = data_problem_sender(address=address)
    since = timezone.now() - timedelta(hours=1)
    with transaction.atomic():
        if (DataProblem.objects.filter(sender=sender, created_at__gte=since).count()
                >= DATA_PROBLEMS_PER_HOUR):
            raise DataProblemLimitError
        return DataProblem.objects.create(report=report, description=description.strip(),
                                          contact=contact.strip(), sender=sender)


# --- the published data's version (reports.cache) ------------------------------------

DATA_VERSION_KEY = "published"


@dataclass(slots=True)
class _Deferred:
    changed: bool = False
    departments: set[int] = field(default_factory=set)
    everything: bool = False


_deferred: ContextVar[_Deferred | None] = ContextVar("refreshes_deferred", default=None)


@contextmanager
def refreshes_deferred() -> Iterator[None]:
    """Inside, ``data_changed`` and ``scoreboard_refresh`` are only noted, and done once
    when the outermost block ends without an error (inside the caller's transaction):
    publishing a batch of reports bumps the data version and recomputes each
    department's scoreboard cells once, not after every report, check and index.
    """
    if _deferred.get() is not None:
        yield
        return
    deferred = _Deferred()
    reset = _deferred.set(deferred)
    try:
        yield
    finally:
        _deferred.reset(reset)
    if deferred.everything or deferred.departments:
        scoreboard_refresh(department_ids=None if deferred.everything
                           else sorted(deferred.departments))
    if deferred.changed:
        data_changed()


def data_changed() -> None:
    """Bump the published data's version: cached overviews and counts are recomputed.

    Called by every write that changes what the public or auditors see derived from
    the whole corpus (a publication, a check run, a review mark; see reports.signals).
    Within ``refreshes_deferred``, once at its end.
    """
    from django.db.models import F

    if (deferred := _deferred.get()) is not None:
        deferred.changed = True
        return

    from reports.cache import forget_version
    from reports.models import DataVersion

    if not DataVersion.objects.filter(pk=DATA_VERSION_KEY).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=DATA_VERSION_KEY, defaults={"value": 1})
    forget_version()


# --- the auditors' scoreboard (reports.models.ScoreboardCell) ------------------------

# The finding classes a scoreboard cell counts, and the field each goes to.
SCOREBOARD_COUNTS = {"error": "errors", "warning": "warnings", "info": "notes"}


def scoreboard_cells(*, reports, tables, findings, cell_model) -> list:
    """Unsaved scoreboard cells of the published reports in ``reports`` (a queryset),
    from their statement tables and findings (the managers of those models).

    Three grouped queries whatever the number of departments; the table kinds are
    classified once per distinct title. Takes the models as arguments so that the
    migration that made the table fills it the same way.
    """
    from django.db.models import Count

    from reports.checks.context import table_kind

    grid: dict[tuple[int, int], dict] = {}

    def cell(department: int, year: int) -> dict:
        return grid.setdefault((department, year), {
            "reports": [], "tables": set(), "errors": 0, "warnings": 0, "notes": 0})

    rows = (reports.order_by("department_id", "fiscal_year__year", "kind", "scope", "pk")
            .values_list("pk", "department_id", "fiscal_year__year", "kind"))
    for pk, department, year, kind in rows.iterator(chunk_size=5000):
        cell(department, year)["reports"].append([pk, kind])
    kinds: dict[str, str] = {}
    titles = (tables.filter(report__in=reports).order_by()
              .values_list("report__department_id", "report__fiscal_year__year", "title")
              .distinct())
    for department, year, title in titles.iterator(chunk_size=5000):
        if title not in kinds:
            kinds[title] = table_kind(title)
        cell(department, year)["tables"].add(kinds[title])
    counts = (findings.filter(report__in=reports, severity__in=list(SCOREBOARD_COUNTS))
              .exclude(review="dismissed").order_by()
              .values_list("report__department_id", "report__fiscal_year__year", "severity")
              .annotate(n=Count("pk")))
    for department, year, severity, n in counts:
        cell(department, year)[SCOREBOARD_COUNTS[severity]] = n
    return [cell_model(department_id=department, year=year, **{**values,
                       "tables": sorted(values["tables"])})
            for (department, year), values in grid.items()]


def scoreboard_refresh(*, department_ids: Iterable[int] | None = None) -> int:
    """Recompute the scoreboard cells of these departments (None: of every department);
    how many cells they have now (0 within ``refreshes_deferred``: recomputed at its end).

    Called after whatever changes what the scoreboard shows: a publication or check run
    (reports.checks), a review mark or a report's change or deletion (reports.signals).
    """
    from reports.models import Finding, ScoreboardCell, StatementTable

    if (deferred := _deferred.get()) is not None:
        if department_ids is None:
            deferred.everything = True
        else:
            deferred.departments.update(department_ids)
        return 0

    reports = Report.objects.published()
    cells = ScoreboardCell.objects.all()
    if department_ids is not None:
        department_ids = list(department_ids)
        reports = reports.filter(department_id__in=department_ids)
        cells = cells.filter(department_id__in=department_ids)
    with transaction.atomic():
        if department_ids is not None:
            # Two publications of one department's different years refresh the same
            # cells: the second waits for the first (a unique (department, year) each).
            list(Department.objects.select_for_update().filter(pk__in=department_ids)
                 .order_by("pk").values_list("pk", flat=True))
        cells.delete()
        return len(ScoreboardCell.objects.bulk_create(
            scoreboard_cells(reports=reports, tables=StatementTable.objects,
                             findings=Finding.objects, cell_model=ScoreboardCell),
            batch_size=1000))


# --- spending totals by region (the explorer's and the region pages' sums) ----------------

# One region's rows: its own departments' published 部门决算 spending grouped by code, the
# same with an empty code counting the reports (and summing their 类), and the totals of
# the regions right below it. {own} and {below} choose the regions; {region} names the
# region a row is summed into.
_TOTALS_SQL = """
INSERT INTO reports_spendingtotal
    (region_id, year, source, code, level, name, amount, reports, derived, remainder)
SELECT region, year, source, code, level, MAX(name), SUM(amount), SUM(reports),
       SUM(derived), SUM(remainder)
FROM (
    SELECT {own_region} AS region, s.year AS year, s.source AS source, s.code AS code,
           s.level AS level, MAX(s.name) AS name, SUM(s.amount) AS amount,
           COUNT(DISTINCT s.report_id) AS reports,
           SUM(CASE WHEN s.derived THEN 1 ELSE 0 END) AS derived,
           SUM(CASE WHEN NOT s.derived AND s.children_total IS NOT NULL
                    THEN s.amount - s.children_total END) AS remainder
    FROM reports_spending s
    JOIN reports_report r ON r.id = s.report_id
    JOIN reports_department d ON d.id = r.department_id
    WHERE r.status = %s AND r.kind = %s AND r.scope = %s AND {own} AND {years}
    GROUP BY {own_region}, s.year, s.source, s.code, s.level
  UNION ALL
    SELECT {own_region}, s.year, s.source, '', '', '',
           SUM(CASE WHEN s.level = %s THEN s.amount ELSE 0 END),
           COUNT(DISTINCT s.report_id), 0, NULL
    FROM reports_spending s
    JOIN reports_report r ON r.id = s.report_id
    JOIN reports_department d ON d.id = r.department_id
    WHERE r.status = %s AND r.kind = %s AND r.scope = %s AND {own} AND {years}
    GROUP BY {own_region}, s.year, s.source
  UNION ALL
    SELECT {below_region}, t.year, t.source, t.code, t.level, t.name, t.amount, t.reports,
           t.derived, t.remainder
    FROM reports_spendingtotal t
    JOIN reports_region g ON g.id = t.region_id
    WHERE {below} AND {below_years}
) u
GROUP BY region, year, source, code, level
"""


# The first key of the advisory locks that queue rewrites of a year's totals.
_TOTALS_LOCK = 20_141_126


def _in(column: str, values: list) -> tuple[str, list]:
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _totals_write(cursor, regions: list[int] | None, years: list[int]) -> None:
    """Recompute the totals of ``regions`` (None: the whole country) for ``years``, from
    their own departments' spending and the totals of the regions right below them."""
    from core.classification import CATEGORY
    from core.contract import DEPARTMENT, FINAL_ACCOUNTS

    published = [Report.Status.PUBLISHED, FINAL_ACCOUNTS, DEPARTMENT]
    years_sql, years_params = _in("s.year", years)
    below_years_sql, below_years_params = _in("t.year", years)
    if regions is None:
        parts = {"own_region": "CAST(NULL AS bigint)", "own": "d.region_id IS NULL",
                 "below_region": "CAST(NULL AS bigint)", "below": "g.parent_id IS NULL"}
        own_params: list = []
        below_params: list = []
        cursor.execute(f"DELETE FROM reports_spendingtotal WHERE region_id IS NULL AND "
                       f"{_in('year', years)[0]}", years)
    else:
        own, own_params = _in("d.region_id", regions)
        below, below_params = _in("g.parent_id", regions)
        parts = {"own_region": "d.region_id", "own": own,
                 "below_region": "g.parent_id", "below": below}
        cursor.execute(f"DELETE FROM reports_spendingtotal WHERE {_in('region_id', regions)[0]}"
                       f" AND {_in('year', years)[0]}", [*regions, *years])
    sql = _TOTALS_SQL.format(years=years_sql, below_years=below_years_sql, **parts)
    cursor.execute(sql, [*published, *own_params, *years_params,
                         CATEGORY, *published, *own_params, *years_params,
                         *below_params, *below_years_params])


def _depths(regions: dict[int, int | None]) -> dict[int, int]:
    """Each region's depth below the top (0 for a province), from (id → parent id)."""
    found: dict[int, int] = {}

    def depth(pk: int) -> int:
        if pk not in found:
            parent = regions.get(pk)
            found[pk] = 0 if parent is None or parent not in regions else depth(parent) + 1
        return found[pk]

    for pk in regions:
        depth(pk)
    return found


def _refresh(regions: set[int], years: set[int]) -> None:
    from django.db import connection

    parents: dict[int, int | None] = dict(Region.objects.values_list("pk", "parent_id"))
    depths = _depths(parents)
    chain: set[int] = set()
    for start in regions:  # each region and every one above it
        pk: int | None = start
        while pk is not None and pk not in chain:
            chain.add(pk)
            pk = parents.get(pk)
    by_depth: dict[int, list[int]] = {}
    for pk in chain:
        by_depth.setdefault(depths[pk], []).append(pk)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two publications of a year rewrite the same regions' and the country's rows:
            # each waits for the other's to be committed, then sums what it wrote (a
            # statement sees what was committed before it). Publications queue on the
            # data version's row already (data_changed); this keeps the totals right
            # without it, and for any other writer. SQLite writes one at a time.
            for year in sorted(years):
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_TOTALS_LOCK, year])
        for depth in sorted(by_depth, reverse=True):  # the regions below first
            _totals_write(cursor, sorted(by_depth[depth]), sorted(years))
        _totals_write(cursor, None, sorted(years))


def spending_totals_refresh(*, reports: list[Report] | None = None,
                            regions: set[int] | None = None,
                            years: set[int] | None = None) -> None:
    """Recompute the spending totals that ``reports`` count in (their years, their
    departments' regions and every region above, the whole country): a few set-based
    statements per region level, reading own departments' rows and the totals below.
    ``regions`` and ``years`` add departments' regions and years to recompute."""
    regions, years = set(regions or ()), set(years or ())
    if reports:
        pairs = list(Report.objects.filter(pk__in=[r.pk for r in reports])
                     .values_list("department__region", "fiscal_year__year"))
        regions |= {region for region, _ in pairs if region is not None}
        years |= {year for _, year in pairs}
    if years:
        _refresh(regions, years)


def spending_totals_rebuild() -> None:
    """Every spending total recomputed from ``Spending`` (a migration, the scale fill, a
    spending rebuild): set-based, one level of regions at a time."""
    years = set(Spending.objects.values_list("year", flat=True).distinct())
    from django.db import connection

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM reports_spendingtotal")
    _refresh(set(Region.objects.values_list("pk", flat=True)), years)
