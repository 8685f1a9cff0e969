"""Where a compiled statement runs: in the database, or in DuckDB over a Parquet snapshot.

Both engines take the same rules; the compiler writes each engine's dialect. The database
engine stores results with one ``INSERT … SELECT`` (nothing passes through Python); the
columnar engine reads the snapshot and streams its result rows into the results table.
"""

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import connection

from jingzhun.core.bulk import insert_rows
from jingzhun.standards.compiler import DIALECTS, DUCKDB, OUTPUT_COLUMNS, Dialect, Statement
from jingzhun.standards.models import EvaluationResult
from jingzhun.standards.snapshot import snapshot_attach

RESULT_COLUMNS = OUTPUT_COLUMNS  # the results table stores every column of a compiled statement, in order
BATCH = 20_000
# Where an evaluation of several levels keeps its household rows (with HOUSEHOLD_FIGURES) for the
# village and county statements compiled with ``households_from=HOUSEHOLDS_KEPT``.
HOUSEHOLDS_KEPT = "jz_households_kept"


class DatabaseEngine:
    """Runs statements in the Django database (SQLite or PostgreSQL)."""

    @property
    def dialect(self) -> Dialect:
        return DIALECTS[connection.vendor]

    def rows(self, statement: Statement) -> Iterator[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, statement.params)
            while batch := cursor.fetchmany(BATCH):
                yield from batch

    def households_keep(self, statement: Statement) -> None:
        """Evaluate households once into the temporary table HOUSEHOLDS_KEPT.

        ``statement`` is the household statement compiled with ``figures=True``; the statements
        of the same evaluation compiled with ``households_from=HOUSEHOLDS_KEPT`` then read it.
        """
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL jit = off")
            cursor.execute(f"DROP TABLE IF EXISTS {HOUSEHOLDS_KEPT}")
            cursor.execute(f"CREATE TEMP TABLE {HOUSEHOLDS_KEPT} AS {statement.sql}", statement.params)
            if connection.vendor == "postgresql":
                cursor.execute(f"ANALYZE {HOUSEHOLDS_KEPT}")

    def close(self) -> None:
        """Drop the kept household rows: a web worker's connection should not hold them until its next run."""
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {HOUSEHOLDS_KEPT}")

    def store(self, statement: Statement, *, run_id: int) -> None:
        table = EvaluationResult._meta.db_table
        columns = ", ".join(connection.ops.quote_name(c) for c in ("run_id", *RESULT_COLUMNS))
        select = ", ".join(f"s.{c}" for c in OUTPUT_COLUMNS)
        sql = f"INSERT INTO {table} ({columns})\nSELECT %(run_id)s, {select} FROM (\n{statement.sql}\n) s"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One statement of well under a second: compiling it (JIT) costs more than it saves.
                cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, {**statement.params, "run_id": run_id})


class ColumnarEngine:
    """Runs statements in DuckDB over the Parquet snapshot in ``path``."""

    dialect = DUCKDB

    def __init__(self, path: Path, *, threads: int | None = None, memory_limit: str | None = None) -> None:
        import duckdb

        self.path = path
        self.duck = duckdb.connect()
        self.duck.execute("SET preserve_insertion_order = false")  # results are keyed, not ordered
        if threads:
            self.duck.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.duck.execute("SET memory_limit = $limit", {"limit": memory_limit})
        snapshot_attach(self.duck, path)

    def close(self) -> None:
        self.duck.close()

    def rows(self, statement: Statement) -> Iterator[tuple[Any, ...]]:
        result = self.duck.execute(statement.sql, statement.params)
        while batch := result.fetchmany(BATCH):
            yield from batch

    def count(self, statement: Statement) -> tuple[int, int]:
        """Return (entities, passed) without fetching the rows: how benchmarks time the engine.

        The verdicts, failing rule codes and evidence are all aggregated, so none of the
        work can be skipped by the optimiser.
        """
        row = self.duck.execute(count_sql(statement), statement.params).fetchone()
        entities, passed = (row[0], row[1]) if row else (0, 0)
        return int(entities), int(passed)

    def households_keep(self, statement: Statement) -> None:
        """Evaluate households once into the temporary table HOUSEHOLDS_KEPT (as DatabaseEngine.households_keep)."""
        self.duck.execute(f"CREATE OR REPLACE TEMP TABLE {HOUSEHOLDS_KEPT} AS {statement.sql}", statement.params)

    def store(self, statement: Statement, *, run_id: int) -> None:
        rows = ((run_id, *row) for row in self.rows(statement))
        insert_rows(EvaluationResult, ("run_id", *RESULT_COLUMNS), (_jsonable(row) for row in rows))


def count_sql(statement: Statement) -> str:
    """Return SQL that aggregates every output of ``statement`` into one row (entities, passed, …)."""
    return (
        "SELECT count(*), count(*) FILTER (WHERE passed), sum(length(failed_rules)), count(evidence)"
        f" FROM ({statement.sql}) s"
    )


def _jsonable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """DuckDB gives the evidence as a dict (a struct): make its numbers plain for the JSON column."""
    evidence = row[8]
    if isinstance(evidence, dict):
        return (*row[:8], {k: float(v) if isinstance(v, Decimal) else v for k, v in evidence.items()}, *row[9:])
    return row
