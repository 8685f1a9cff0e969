"""Tables of figures kept by database triggers (member counts per household, household counts per village).

Why triggers rather than the services: households and members are written by the edit
services, by the spreadsheet import (bulk INSERT, COPY on PostgreSQL, bulk UPDATE), by the
demo generator, by ``QuerySet.update()`` and by cascades; a trigger sees every one of them,
in the same transaction, so the figures can never drift from the rows. Deltas (not recounts)
keep concurrent edits correct: each applies under the figures row's lock.

SQLite runs row triggers. PostgreSQL runs one statement trigger per INSERT/UPDATE/DELETE
over its transition tables, so a COPY of 100,000 rows adds one grouped upsert, not 100,000
row updates.

SQLite drops a table's triggers when a migration rebuilds the table (most column changes
do): ``registry.kept_tables.kept_tables_ensure`` runs after every ``migrate`` and, when a kept table's trigger is
missing, creates its triggers again and recounts the table.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from jingzhun.core.bulk import InsertHook


@dataclass(frozen=True)
class KeptTable:
    """A table of figures, its triggers per database, and the statement that recounts it.

    ``backfill`` recounts the figures from ``source`` (``{where}`` narrows it to some keys:
    ``source_key`` is the source's column, ``key`` the figures' own). ``insert_trigger`` is the
    SQLite trigger that applies an inserted source row; a bulk insert suspends it and recounts
    the keys it touched instead (``insert_hook``).
    """

    table: str
    migration: str  # the registry migration that creates the table and its triggers
    triggers: tuple[str, ...]
    sqlite_forward: str
    sqlite_backward: str
    postgres_forward: str
    postgres_backward: str
    backfill: str
    source: str
    source_key: str
    key: str
    insert_trigger: str

    def create(self, connection: Any) -> None:
        """Create (or replace) the triggers in ``connection``'s database and recount the table."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for drop in self.sqlite_backward.split(";")[:-1]:
                    cursor.execute(drop)
                for trigger in self.sqlite_forward.split("END;")[:-1]:  # sqlite3 runs one statement per call
                    cursor.execute(trigger + "END;")
            elif connection.vendor == "postgresql":
                cursor.execute(self.postgres_backward)
                cursor.execute(self.postgres_forward)
            cursor.execute(f"DELETE FROM {self.table}")
            cursor.execute(self.backfill.format(where=""))

    def drop(self, connection: Any) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                for drop in self.sqlite_backward.split(";")[:-1]:
                    cursor.execute(drop)
            elif connection.vendor == "postgresql":
                cursor.execute(self.postgres_backward)

    def missing(self, connection: Any) -> list[str]:
        """Return the names of this table's triggers that ``connection``'s database lacks."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            elif connection.vendor == "postgresql":
                cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            else:
                return []
            present = {row[0] for row in cursor.fetchall()}
        return [name for name in self.triggers if name not in present]

    def ensure(self, connection: Any, applied: Any) -> None:
        """Recreate the triggers (and recount) if the table exists and a trigger is missing."""
        if ("registry", self.migration) in applied and self.missing(connection):
            self.create(connection)

    def recount(self, cursor: Any, keys: set[Any]) -> None:
        """Recount the figures of ``keys`` from the source rows (rows that count nothing are left out)."""
        listed = json.dumps(list(keys))
        cursor.execute(f"DELETE FROM {self.table} WHERE {self.key} IN (SELECT value FROM json_each(%s))", [listed])
        where = f"WHERE {self.source_key} IN (SELECT value FROM json_each(%s))"
        cursor.execute(self.backfill.format(where=where), [listed])

    @contextmanager
    def inserted(self, connection: Any, keys: set[Any]) -> Iterator[None]:
        """Around a bulk insert into the source on SQLite: no row trigger; the touched ``keys`` recounted after.

        Runs inside the insert's savepoint (``core.bulk.RowWriter``): SQLite has one writer at
        a time, so no other write can happen while the trigger is away, and a failed insert
        takes the dropped trigger back with it. A trigger already missing stays missing (and
        the recount is left to ``ensure``).
        """
        create = next(
            (t + "END;" for t in self.sqlite_forward.split("END;") if f"CREATE TRIGGER {self.insert_trigger} " in t),
            None,
        )
        assert create is not None, f"{self.insert_trigger} is not among {self.table}'s SQLite triggers"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [self.insert_trigger])
            if cursor.fetchone() is None:
                yield
                return
            cursor.execute(f"DROP TRIGGER {self.insert_trigger}")
            yield
            cursor.execute(create)
            self.recount(cursor, keys)

    def insert_hook(self) -> InsertHook:
        """Return the hook that suspends the insert trigger during bulk inserts into the source (SQLite)."""
        return InsertHook(self.source, self.source_key.rpartition(".")[2], self.inserted)


def pg_trigger_function(name: str, body: str) -> str:
    """Return the PostgreSQL function ``name`` of a statement trigger that runs ``body`` over its transition tables."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\n  RETURN NULL;\nEND $$;\n"
    )
