"""Tables partitioned by fiscal year on PostgreSQL (docs/scaling.md, "Partitioning").

A partitioned table is ``PARTITION BY LIST (year)``: one partition per fiscal year
(``<table>_y2023``) and a default partition (``<table>_default``) that takes any year
without its own, so a row always has somewhere to go. A query that names the year
(``Spending.objects.for_year(2023)``) reads that year's partition only; the others are
pruned from the plan. ``manage.py partition_years`` adds the partitions of new years
and moves their rows out of the default partition; running it again changes nothing.

Only tables that no foreign key points at are partitioned (PostgreSQL cannot point a
foreign key at part of a composite key), each with the year copied from its report.
Its primary key becomes ``(id, year)`` and each unique constraint includes ``year``, as
PostgreSQL requires; ``id`` keeps coming from one sequence, so it stays unique and
Django goes on using it alone. On SQLite nothing here runs: the tables stay plain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

# Table → partition key column. The migration that partitions a table adds it here.
PARTITIONED = {"reports_spending": "year"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def is_partitioned(table: str, connection: BaseDatabaseWrapper = default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)",
                       [table])
        return cursor.fetchone() is not None


def partitions(table: str, connection: BaseDatabaseWrapper = default_connection) -> dict[str, str]:
    """Each partition of ``table`` and its bound (``FOR VALUES IN (2023)``, ``DEFAULT``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
            "JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = to_regclass(%s) "
            "ORDER BY c.relname", [table])
        return dict(cursor.fetchall())


def partition_name(table: str, year: int) -> str:
    return f"{table}_y{year}"


def _definitions(cursor, table: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The table's indexes (not behind a constraint) and constraints, as SQL to recreate."""
    cursor.execute(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() "
        "AND tablename = %s AND indexname NOT IN "
        "(SELECT conname FROM pg_constraint WHERE conrelid = to_regclass(%s)) "
        "ORDER BY indexname", [table, table])
    indexes = [row[0] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%s) AND contype IN ('p', 'u', 'f') ORDER BY conname",
        [table])
    return indexes, list(cursor.fetchall())


def _columns(definition: str) -> list[str]:
    inside = re.search(r"\(([^()]*)\)", definition)
    return [c.strip().strip('"') for c in inside.group(1).split(",")] if inside else []


def _sequence_restart(cursor, table: str) -> None:
    cursor.execute(
        f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE(MAX(id), 0) + 1, false) "
        f"FROM {_q(table)}", [table])


def partition_table(table: str, key: str, years: Iterable[int], *,
                    connection: BaseDatabaseWrapper = default_connection) -> None:
    """Turn the plain ``table`` into one partitioned by ``key``, keeping rows, ids, indexes.

    Its primary key becomes ``(id, key)``; a unique constraint or index without ``key``
    stops the change with its name (PostgreSQL could not enforce it across partitions).
    """
    new = f"{table}_partitioned"
    with connection.cursor() as cursor:
        indexes, constraints = _definitions(cursor, table)
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) "
                       "AND NOT tgisinternal", [table])
        if triggers := [row[0] for row in cursor.fetchall()]:
            raise ValueError(f"{table}: triggers are not carried over: {', '.join(triggers)}")
        for name, kind, definition in constraints:
            if kind == "u" and key not in _columns(definition):
                raise ValueError(f"{table}: unique constraint {name} must include {key}")
        for definition in indexes:
            if definition.startswith("CREATE UNIQUE") and key not in _columns(definition):
                raise ValueError(f"{table}: unique index must include {key}: {definition}")
        cursor.execute(
            f"CREATE TABLE {_q(new)} (LIKE {_q(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
            f" PARTITION BY LIST ({_q(key)})")
        cursor.execute(f"CREATE TABLE {_q(table + '_default')} PARTITION OF {_q(new)} DEFAULT")
        cursor.execute(f"SELECT DISTINCT {_q(key)} FROM {_q(table)}")
        wanted = set(years) | {row[0] for row in cursor.fetchall() if row[0] is not None}
        for year in sorted(wanted):
            cursor.execute(f"CREATE TABLE {_q(partition_name(table, year))} PARTITION OF "
                           f"{_q(new)} FOR VALUES IN (%s)", [int(year)])
        cursor.execute(f"INSERT INTO {_q(new)} SELECT * FROM {_q(table)}")
        cursor.execute(f"DROP TABLE {_q(table)}")  # its identity sequence goes with it
        cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(table)}")
        sequence = f"{table}_id_seq"
        cursor.execute(f"CREATE SEQUENCE {_q(sequence)} OWNED BY {_q(table)}.id")
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id "
                       f"SET DEFAULT nextval('{sequence}'::regclass)")
        _sequence_restart(cursor, table)
        for name, kind, definition in constraints:
            if kind == "p":
                definition = f"PRIMARY KEY (id, {_q(key)})"
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for definition in indexes:
            cursor.execute(definition)
        cursor.execute(f"ANALYZE {_q(table)}")


def unpartition_table(table: str, key: str, *,
                      connection: BaseDatabaseWrapper = default_connection) -> None:
    """Undo ``partition_table``: one plain table with ``id`` as its primary key again."""
    new = f"{table}_plain"
    with connection.cursor() as cursor:
        indexes, constraints = _definitions(cursor, table)
        cursor.execute(f"CREATE TABLE {_q(new)} "
                       f"(LIKE {_q(table)} INCLUDING CONSTRAINTS)")
        cursor.execute(f"INSERT INTO {_q(new)} SELECT * FROM {_q(table)}")
        cursor.execute(f"DROP TABLE {_q(table)}")  # its partitions and sequence too
        cursor.execute(f"ALTER TABLE {_q(new)} RENAME TO {_q(table)}")
        cursor.execute(f"ALTER TABLE {_q(table)} ALTER COLUMN id "
                       f"ADD GENERATED BY DEFAULT AS IDENTITY")
        _sequence_restart(cursor, table)
        for name, kind, definition in constraints:
            if kind == "p":
                definition = "PRIMARY KEY (id)"
            cursor.execute(f"ALTER TABLE {_q(table)} ADD CONSTRAINT {_q(name)} {definition}")
        for definition in indexes:
            cursor.execute(definition)


def years_wanted(known: Iterable[int], today: date | None = None) -> list[int]:
    """The known fiscal years, this calendar year and the next (budgets come a year ahead)."""
    this_year = (today or date.today()).year
    return sorted(set(known) | {this_year, this_year + 1})


def year_partition_ensure(table: str, year: int, *,
                          connection: BaseDatabaseWrapper = default_connection) -> bool:
    """Give ``year`` its own partition of ``table``, moving its rows out of the default one.

    Returns False if it had one already. Locks the table while it runs (moments on a new
    year, longer if the default partition holds many rows of that year).
    """
    name = partition_name(table, year)
    if name in partitions(table, connection):
        return False
    key = PARTITIONED[table]
    default = _q(table + "_default")
    moving = f"{table}_moving"
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {_q(table)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"CREATE TEMPORARY TABLE {_q(moving)} (LIKE {_q(table)})")
        cursor.execute(f"WITH moved AS (DELETE FROM {default} WHERE {_q(key)} = %s "
                       f"RETURNING *) INSERT INTO {_q(moving)} SELECT * FROM moved", [year])
        cursor.execute(f"CREATE TABLE {_q(name)} PARTITION OF {_q(table)} "
                       f"FOR VALUES IN (%s)", [int(year)])
        cursor.execute(f"INSERT INTO {_q(table)} SELECT * FROM {_q(moving)}")
        cursor.execute(f"DROP TABLE {_q(moving)}")
    return True
