"""Parquet snapshots of the registry for the columnar engine (DuckDB).

A snapshot holds the columns the compiled rules read, one Parquet file per table, named
after the Django table, plus ``manifest.json`` (when, from which database, how many rows).
DuckDB then exposes each file as a view of the same name, so the very statement the
database runs also runs there. Rows leave the database as CSV (PostgreSQL's COPY, or a
cursor on SQLite) and DuckDB turns them into typed Parquet.
"""

import csv
import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, models
from django.utils import timezone

from jingzhun.regions.models import CountyYear, VillageYear
from jingzhun.registry.models import Household, HouseholdMemberCounts, HouseholdYear, Member
from jingzhun.standards.compiler import DUCKDB, OUT_OF_SCHOOL_BIRTHS
from jingzhun.standards.fields import MEMBER_FIELDS

MANIFEST = "manifest.json"
NULL = r"\N"
Progress = Callable[[str], None]

SNAPSHOT_COLUMNS: dict[type[models.Model], tuple[str, ...]] = {
    Household: (
        "id",
        "code",
        "village_id",
        "status",
        "size",
        "identification_year",
        "planned_exit_year",
        "exit_year",
        "attribute",
        "main_cause",
    ),
    Member: (
        "id",
        "household_id",
        "birth_date",
        "sex",
        "relation",
        "health",
        "labour",
        "school_status",
        "dropout_reason",
        "medical_insurance",
        "serious_illness_insurance",
        "dibao",
        "tekun",
        "migrant_months",
        "deceased",
        "moved_out",
    ),
    # The member counts per household (living, insured, heads, as the database keeps them) and
    # OUT_OF_SCHOOL_BIRTHS: the compiled statements read them instead of grouping every member.
    # Counted from the snapshot's members when it is written (MEMBER_AGGREGATES_SQL).
    HouseholdMemberCounts: ("household_id", "living", "insured", "heads"),
    HouseholdYear: (
        "id",
        "household_id",
        "year",
        "wage_income",
        "business_income",
        "property_income",
        "transfer_income",
        "production_cost",
        "net_income",
        "excluded_transfer_income",
        "declared_income_per_capita",
        "food_clothing_secure",
        "housing_rating",
        "relocated",
        "relocation_moved_in",
        "water_safe",
        "water_quality_ok",
        "water_litres_per_day",
        "water_fetch_minutes",
        "water_guarantee_rate",
        "electricity",
    ),
    VillageYear: (
        "village_id",
        "year",
        "rural_population",
        "is_poor_village",
        "is_deep_poverty_village",
        "hardened_road",
        "safe_water",
        "power",
        "standard_clinic",
        "collective_income",
        "broadband",
        "planned_exit_year",
    ),
    CountyYear: (
        "county_id",
        "year",
        "is_poor_county",
        "planned_exit_year",
        "rural_income_per_capita",
        "tap_water_coverage",
        "wrong_exit_rate",
        "missed_rate",
        "recognition_rate",
    ),
}


# The living members neither in school nor out of it for a guaranteed reason, as the rules'
# member fields say it (see compiler.OUT_OF_SCHOOL_BIRTHS).
_OUT_OF_SCHOOL = (
    f"NOT deceased AND NOT moved_out AND NOT {MEMBER_FIELDS['in_school'].sql}"
    f" AND NOT {MEMBER_FIELDS['dropout_guaranteed'].sql}"
)
# DuckDB: the member counts with each household's OUT_OF_SCHOOL_BIRTHS (NULL when there is none),
MEMBER_AGGREGATES_SQL = (
    "SELECT household_id,"
    " CAST(count(*) FILTER (WHERE NOT deceased AND NOT moved_out) AS BIGINT) AS living,"
    " CAST(count(*) FILTER (WHERE NOT deceased AND NOT moved_out AND medical_insurance"
    " AND serious_illness_insurance) AS BIGINT) AS insured,"
    " CAST(count(*) FILTER (WHERE relation = '01') AS BIGINT) AS heads,"
    f" list({DUCKDB.birth_year}) FILTER (WHERE {_OUT_OF_SCHOOL}) AS {OUT_OF_SCHOOL_BIRTHS}"
    " FROM registry_member mm GROUP BY household_id"
).replace("mm.", "")
MEMBER_COUNTS_SQL = (
    "SELECT household_id,"
    " CAST(count(*) FILTER (WHERE NOT deceased AND NOT moved_out) AS BIGINT) AS living,"
    " CAST(count(*) FILTER (WHERE NOT deceased AND NOT moved_out AND medical_insurance"
    " AND serious_illness_insurance) AS BIGINT) AS insured,"
    " CAST(count(*) FILTER (WHERE relation = '01') AS BIGINT) AS heads"
    " FROM registry_member GROUP BY household_id"
)


def duckdb_type(field: Any) -> str:
    """Return the DuckDB type that holds the values of a Django field."""
    if isinstance(field, models.ForeignKey):
        return duckdb_type(field.target_field)
    if isinstance(field, models.GeneratedField):
        return duckdb_type(field.output_field)
    if isinstance(field, models.BooleanField):
        return "BOOLEAN"
    if isinstance(field, models.DateField):
        return "DATE"
    if isinstance(field, models.DecimalField | models.FloatField):
        return "DOUBLE"
    if isinstance(field, models.IntegerField | models.AutoField):
        return "BIGINT"
    return "VARCHAR"


def table_columns(model: type[models.Model]) -> dict[str, str]:
    """Return the snapshot columns of ``model`` with their DuckDB types."""
    return {name: duckdb_type(model._meta.get_field(name.removesuffix("_id"))) for name in SNAPSHOT_COLUMNS[model]}


@dataclass(frozen=True)
class SnapshotInfo:
    path: Path
    rows: dict[str, int]
    seconds: float


def _export_csv(model: type[models.Model], columns: list[str], target: Path) -> None:
    table = model._meta.db_table
    select = f"SELECT {', '.join(columns)} FROM {table}"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: stream COPY straight into the file
            copy_sql = f"COPY ({select}) TO STDOUT WITH (FORMAT csv, NULL '{NULL}')"
            with target.open("wb") as out, raw.copy(copy_sql) as copy:
                for chunk in copy:
                    out.write(chunk)
            return
        cursor.execute(select)
        with target.open("w", newline="", encoding="utf-8") as out:
            # NULL is written as a marker, so that it stays apart from an empty string.
            writer = csv.writer(out)  # machine data for DuckDB, never opened in a spreadsheet
            while rows := cursor.fetchmany(50_000):
                writer.writerows(tuple(NULL if v is None else v for v in row) for row in rows)


def snapshot_write(*, path: Path, progress: Progress | None = None) -> SnapshotInfo:
    """Write a Parquet snapshot of the rule inputs to the folder ``path`` (replaced if present)."""
    import duckdb

    started = time.perf_counter()
    path.mkdir(parents=True, exist_ok=True)
    rows: dict[str, int] = {}
    duck = duckdb.connect()
    with tempfile.TemporaryDirectory(dir=path) as scratch:
        for model in SNAPSHOT_COLUMNS:
            table = model._meta.db_table
            parquet = path / f"{table}.parquet"
            if model is HouseholdMemberCounts:  # from the members just written (Member comes first)
                members = path / f"{Member._meta.db_table}.parquet"
                sql = MEMBER_AGGREGATES_SQL.replace("FROM registry_member", f"FROM read_parquet({_quote(members)})")
                duck.execute(f"COPY ({sql} ORDER BY household_id) TO {_quote(parquet)} (FORMAT parquet)")
            else:
                columns = table_columns(model)
                csv_path = Path(scratch) / f"{table}.csv"
                _export_csv(model, list(columns), csv_path)
                reader = (
                    f"read_csv({_quote(csv_path)}, header = false, auto_detect = false, "
                    f"columns = {_struct(columns)}, delim = ',', quote = '\"', escape = '\"', nullstr = '{NULL}')"
                )
                duck.execute(f"COPY (SELECT * FROM {reader}) TO {_quote(parquet)} (FORMAT parquet)")
            (count,) = duck.execute(f"SELECT count(*) FROM read_parquet({_quote(parquet)})").fetchone() or (0,)
            rows[table] = int(count)
            if progress:
                progress(f"{table}: {count:,}")
    duck.close()
    seconds = time.perf_counter() - started
    manifest = {"created_at": timezone.now().isoformat(), "vendor": connection.vendor, "rows": rows}
    (path / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    return SnapshotInfo(path=path, rows=rows, seconds=seconds)


def snapshot_manifest(path: Path) -> dict[str, Any]:
    """Return the manifest of the snapshot in ``path``; raise FileNotFoundError if there is none."""
    return json.loads((path / MANIFEST).read_text(encoding="utf-8"))


def snapshot_attach(duck: Any, path: Path) -> None:
    """Create, in a DuckDB connection, a view per snapshot table under its Django table name."""
    for model in SNAPSHOT_COLUMNS:
        table = model._meta.db_table
        parquet = path / f"{table}.parquet"
        if model is HouseholdMemberCounts and not _has_column(duck, parquet, OUT_OF_SCHOOL_BIRTHS):
            # A snapshot written without them (an older one, or a synthetic registry): counted
            # from its members, as the database's triggers count them.
            duck.execute(f"CREATE OR REPLACE VIEW {table} AS {MEMBER_AGGREGATES_SQL}")
            continue
        if not parquet.exists():
            raise FileNotFoundError(parquet)
        duck.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({_quote(parquet)})")


def _has_column(duck: Any, parquet: Path, column: str) -> bool:
    if not parquet.exists():
        return False
    found = duck.execute(f"SELECT count(*) FROM parquet_schema({_quote(parquet)}) WHERE name = $c", {"c": column})
    return bool((found.fetchone() or (0,))[0])


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
