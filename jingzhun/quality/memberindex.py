"""The partial index of the members with a doubtful ID number (``expressions.IdDoubtful``).

Why an index: finding the doubtful members means computing, for every member, the check
digit (17 digits cast and weighted), the sex digit and the birth date of the ID number; at
city scale that pass cost more than any check. A partial index whose condition is that
expression holds only the few hundred doubtful members, and the database keeps it current
on every write to the members (the import, the edit services, the demo), so a run reads it
in milliseconds. The planner uses it only when the query's condition is the same SQL, so
the index's name carries a digest of that SQL: when the expression changes, the next
``migrate`` drops the old index and builds the new one.

On PostgreSQL, statistics on the same expression (``CREATE STATISTICS``) tell the planner how
few members it selects; without them it guesses half the table and joins the households by
walking all of them rather than looking up the few hundred it needs.

SQLite drops a table's indexes that Django does not know when a migration rebuilds the
table: ``doubtful_index_ensure`` runs after every ``migrate`` and creates it again.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jingzhun.quality.expressions import doubtful_sql

TABLE = "registry_member"
PREFIX = "quality_member_id_doubtful_"


def _condition(vendor: str) -> str:
    # Executed without parameters: the doubled percent signs of the query text are single here.
    return doubtful_sql("id_number", "sex", "birth_date", vendor).replace("%%", "%")


def doubtful_index_name(vendor: str) -> str:
    """The index's name for ``vendor``: a fixed prefix and a digest of its condition."""
    return PREFIX + hashlib.sha1(_condition(vendor).encode()).hexdigest()[:8]


def _present(connection: Any) -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [TABLE])
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [TABLE])
        return [row[0] for row in cursor.fetchall() if row[0].startswith(PREFIX)]


def _statistics_present(connection: Any) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT stxname FROM pg_statistic_ext WHERE stxrelid = %s::regclass", [TABLE])
        return [row[0] for row in cursor.fetchall() if row[0].startswith(PREFIX)]


def doubtful_index_create(connection: Any) -> None:
    """Create the index (and, on PostgreSQL, its statistics) if missing, dropping those of an earlier condition."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    name = doubtful_index_name(connection.vendor)
    qn = connection.ops.quote_name
    condition = _condition(connection.vendor)
    present = _present(connection)
    with connection.cursor() as cursor:
        for old in present:
            if old != name:
                cursor.execute(f"DROP INDEX {qn(old)}")
        if name not in present:
            cursor.execute(f"CREATE INDEX {qn(name)} ON {TABLE} (household_id) WHERE {condition}")
            if connection.vendor == "sqlite":
                # Without its own row in sqlite_stat1 the planner takes the index for a large one
                # and looks the members up by household instead (seconds, not milliseconds).
                cursor.execute(f"ANALYZE {qn(name)}")
    if connection.vendor == "postgresql":
        present = _statistics_present(connection)
        with connection.cursor() as cursor:
            for old in present:
                if old != name:
                    cursor.execute(f"DROP STATISTICS {qn(old)}")
            if name not in present:
                cursor.execute(f"CREATE STATISTICS {qn(name)} ON ({condition}) FROM {TABLE}")
                cursor.execute(f"ANALYZE {TABLE}")


def doubtful_index_drop(connection: Any) -> None:
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in _present(connection):
            cursor.execute(f"DROP INDEX {qn(name)}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for name in _statistics_present(connection):
                cursor.execute(f"DROP STATISTICS {qn(name)}")


def doubtful_index_ensure(using: str = "default", **_kwargs: Any) -> None:
    """After ``migrate``: create the index if a table rebuild (SQLite) or a new condition left it missing."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    if ("quality", "0003_member_id_doubtful_index") not in applied:
        return  # migrated back before the index existed
    doubtful_index_create(connection)
