"""The compiled rules on Apache Spark, over the same Parquet snapshot as the columnar engine.

Beyond one machine: a national registry (30 M households, 90 M members) is evaluated where
the snapshot lies, by as many executors as the cluster gives, and only the results come back.
The statement is the one the compiler writes for every engine; Spark gets its own dialect.

**How the compiler targets Spark: rendered per dialect, not transpiled.** The compiler
already writes one statement per engine from one expression tree (``compiler.Dialect``):
what differs between SQLite, PostgreSQL, DuckDB and Spark is a handful of spellings — the
year of a date, how a bound value is written (``:name`` here), the evidence object (a
``named_struct`` here, as DuckDB's ``struct_pack``) and whether ``concat_ws`` exists. A
SQL transpiler such as sqlglot would parse the finished text of one dialect and print
another: a second parser in the path of every run, a dependency whose output changes from
release to release (its generated SQL is not a stable interface), and the loss of what the
compiler knows (that the evidence is only built for failing rows, which placeholders are
bound) — for four spellings. A dialect is twenty lines, is tested by running it, and keeps
the SQL each engine runs readable in one place. sqlglot would pay once the rules had to
reach many engines whose SQL differs in grammar, not in spelling; here they do not.

Spark runs in local mode in tests and on one machine (``local[N]``); a cluster is named by
``JINGZHUN_SPARK_MASTER`` (``spark://…``, ``yarn``, ``k8s://…``) and the snapshot by any
path Spark reads (``s3a://…``, ``hdfs://…``): see benchmarks/README.md, "A national
deployment".
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jingzhun.core.bulk import insert_rows
from jingzhun.registry.models import HouseholdMemberCounts
from jingzhun.standards.compiler import OUTPUT_COLUMNS, Dialect, Statement
from jingzhun.standards.engines import HOUSEHOLDS_KEPT, _jsonable
from jingzhun.standards.models import EvaluationResult
from jingzhun.standards.snapshot import MEMBER_COUNTS_SQL, SNAPSHOT_COLUMNS


@dataclass(frozen=True)
class SparkDialect(Dialect):
    """Spark SQL: named parameter markers and a struct for the evidence."""

    def placeholder(self, name: str) -> str:
        return f":{name}"

    def evidence(self, pairs: list[tuple[str, str]]) -> str:
        return "named_struct(" + ", ".join(f"'{key}', {column}" for key, column in pairs) + ")"


SPARK = SparkDialect("spark", "CAST(year(mm.birth_date) AS INT)", "named_struct")


def spark_available() -> str:
    """Return why Spark cannot run here, in Chinese ("" when it can): pyspark and a Java runtime are needed."""
    import shutil

    try:
        import pyspark  # noqa: F401
    except ImportError:
        return "未安装 pyspark"
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        return "未找到 Java 运行环境（java）"
    return ""


def spark_session(*, master: str | None = None, threads: int | None = None, partitions: int | None = None) -> Any:
    """Return a Spark session: the cluster of ``JINGZHUN_SPARK_MASTER``, else local mode."""
    from pyspark.sql import SparkSession

    master = master or os.environ.get("JINGZHUN_SPARK_MASTER") or f"local[{threads or '*'}]"
    builder = (
        SparkSession.builder.master(master)
        .appName("jingzhun-standards")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        # A county of villages is small: a few shuffle partitions per core, not Spark's 200.
        .config("spark.sql.shuffle.partitions", str(partitions or os.environ.get("JINGZHUN_SPARK_PARTITIONS", "8")))
    )
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


class SparkEngine:
    """Runs compiled statements on Spark over the Parquet snapshot in ``path`` (a local or remote URI)."""

    dialect = SPARK

    def __init__(self, path: Any, *, session: Any | None = None) -> None:
        self.path = str(path).rstrip("/")
        self.kept: Any = None
        self.session = session or spark_session()
        self.tables = [model._meta.db_table for model in SNAPSHOT_COLUMNS]
        counts = HouseholdMemberCounts._meta.db_table
        local = "://" not in self.path
        for table in self.tables:
            parquet = f"{self.path}/{table}.parquet"
            if local and table == counts and not Path(parquet).exists():
                # A snapshot written without the counts (an older one, or a synthetic registry):
                # counted from its members, as the columnar engine does.
                self.session.sql(MEMBER_COUNTS_SQL).createOrReplaceTempView(table)
            elif local and not Path(parquet).exists():  # say which file is missing, as the columnar engine does
                raise FileNotFoundError(parquet)
            else:
                self.session.read.parquet(parquet).createOrReplaceTempView(table)

    def close(self) -> None:
        """Drop the snapshot's views. The session stays for the next run: starting one takes seconds."""
        for table in self.tables:
            self.session.catalog.dropTempView(table)
        if self.kept is not None:
            self.session.catalog.dropTempView(HOUSEHOLDS_KEPT)
            self.kept.unpersist()
            self.kept = None

    def _frame(self, statement: Statement) -> Any:
        return self.session.sql(statement.sql, args=statement.params)

    def rows(self, statement: Statement) -> Iterator[tuple[Any, ...]]:
        """Yield the result rows (evidence as a dict), streamed partition by partition."""
        for row in self._frame(statement).toLocalIterator(prefetchPartitions=True):
            *values, evidence, incidence = tuple(row)
            # Spark divides decimals into decimals: the incidence is a float in every other engine.
            yield (
                *values,
                evidence.asDict() if evidence is not None else None,
                None if incidence is None else float(incidence),
            )

    def count(self, statement: Statement) -> tuple[int, int]:
        """Return (entities, passed), every output aggregated so no work is skipped (as ColumnarEngine.count)."""
        from pyspark.sql import functions as f

        frame = self._frame(statement)
        row = frame.agg(
            f.count(f.lit(1)),
            f.sum(f.col("passed").cast("int")),
            f.sum(f.length("failed_rules")),
            f.count("evidence"),
        ).first()
        return int(row[0]), int(row[1] or 0)

    def households_keep(self, statement: Statement) -> None:
        """Evaluate households once, cached as the view HOUSEHOLDS_KEPT (as the other engines' tables).

        ``statement`` is the household statement compiled with ``figures=True``; the statements
        of the same evaluation compiled with ``households_from=HOUSEHOLDS_KEPT`` read the cache.
        """
        frame = self._frame(statement).cache()
        frame.count()  # evaluated now, once
        frame.createOrReplaceTempView(HOUSEHOLDS_KEPT)
        self.kept = frame

    def store(self, statement: Statement, *, run_id: int) -> None:
        """Store the results in the database, as the columnar engine does."""
        rows = ((run_id, *row) for row in self.rows(statement))
        insert_rows(EvaluationResult, ("run_id", *OUTPUT_COLUMNS), (_jsonable(row) for row in rows))
