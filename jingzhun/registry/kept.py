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

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KeptTable:
    """A table of figures, its triggers per database, and the statement that recounts it."""

    table: str
    migration: str  # the registry migration that creates the table and its triggers
    triggers: tuple[str, ...]
    sqlite_forward: str
    sqlite_backward: str
    postgres_forward: str
    postgres_backward: str
    backfill: str

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
            cursor.execute(self.backfill)

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


def pg_trigger_function(name: str, body: str) -> str:
    """Return the PostgreSQL function ``name`` of a statement trigger that runs ``body`` over its transition tables."""
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n{body}\n  RETURN NULL;\nEND $$;\n"
    )
