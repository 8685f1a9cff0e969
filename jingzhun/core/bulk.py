"""Fast bulk writes for large imports and generators: plain tuples, COPY on PostgreSQL.

Django's ``bulk_create`` prepares every value of every object through the field API and
builds one statement per batch; for hundreds of thousands of rows that costs more than
the database's own work. ``RowWriter`` writes tuples of database-ready values, and
``insert_instances`` turns unsaved model instances into such tuples, converting only the
fields whose values need it (dates, decimals, JSON) and filling ``auto_now`` timestamps
as ``Model.save`` would.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db import connections, models, transaction
from django.utils import timezone

NEEDS_PREPARATION = (
    models.DateField,
    models.DecimalField,
    models.JSONField,
    models.UUIDField,
    models.TimeField,
    models.DurationField,
    models.BinaryField,
)


# Values that cannot change once made: a repeated one (the same object) is converted once.
_IMMUTABLE = (datetime.date, datetime.time, datetime.timedelta, decimal.Decimal, uuid.UUID)


def preparer(field: models.Field, connection: Any) -> Callable[[Any], Any]:
    """Return ``field.get_db_prep_save`` for ``connection`` as a function of the value, made cheaper for bulk writes.

    Same results, less work per value: the same date, timestamp or decimal object given
    again (an import's one "now", the cleaning's shared dates) is converted once, and a
    dictionary or list for a plain ``JSONField`` goes straight to the backend's JSON
    adaptation (what ``get_db_prep_save`` ends in) instead of through the field's layers.
    """
    save = field.get_db_prep_save
    plain_json = (
        isinstance(field, models.JSONField)
        and type(field).get_db_prep_save is models.JSONField.get_db_prep_save
        and type(field).get_db_prep_value is models.JSONField.get_db_prep_value
        and type(field).get_prep_value is models.Field.get_prep_value
    )
    adapt_json = connection.ops.adapt_json_value
    encoder = getattr(field, "encoder", None)
    last: list[Any] = [object(), None]  # the last immutable value and what it became

    def prepare(value: Any) -> Any:
        if value is None:
            return None if plain_json else save(None, connection)
        if value is last[0]:
            return last[1]
        if plain_json and value.__class__ in (dict, list):
            return adapt_json(value, encoder)
        prepared = save(value, connection)
        if isinstance(value, _IMMUTABLE):
            last[0], last[1] = value, prepared
        return prepared

    return prepare


@dataclass(frozen=True)
class InsertHook:
    """Work done around each bulk insert into ``table`` on SQLite, given the inserted rows' values of ``column``.

    SQLite runs triggers row by row: even an empty row trigger costs a bulk insert about
    13 µs a row. An app whose figures are kept by such a trigger registers a hook that
    suspends it during the insert and applies the inserted rows set-based after it (see
    ``registry.kept``). The hook runs inside a savepoint with the insert: they stand or fall
    together. PostgreSQL's statement triggers need no hook.
    """

    table: str  # the database table
    column: str  # a column of the table (its attribute name)
    around: Callable[[Any, set[Any]], AbstractContextManager[Any]]  # (connection, values) → context


_INSERT_HOOKS: dict[str, InsertHook] = {}


def insert_hook_register(hook: InsertHook) -> None:
    """Run ``hook`` around every bulk insert into its table on SQLite (one hook per table)."""
    _INSERT_HOOKS[hook.table] = hook


class RowWriter:
    """Insert plain tuples into a model's table: COPY on PostgreSQL, executemany elsewhere.

    ``fields`` name the tuple's values in order; other concrete fields get their default,
    so a column added to the model later does not break the generator.
    """

    def __init__(self, connection: Any, model: type[models.Model], fields: Sequence[str]) -> None:
        self.connection = connection
        concrete = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
        by_name = {f.name: f for f in concrete} | {f.attname: f for f in concrete}
        unknown = [name for name in fields if name not in by_name]
        if unknown:
            raise ValueError(f"{model._meta.label}: unknown fields {unknown}")
        named = {by_name[name].column for name in fields}
        # Fields not given take their default; an auto primary key is left to the database.
        extras = [
            f for f in concrete if f.column not in named and not (f.primary_key and isinstance(f, models.AutoField))
        ]
        for extra in extras:
            if not extra.has_default() and not extra.null:
                raise ValueError(f"{model._meta.label}.{extra.name} has no default: give its value")
        self.extra_values = tuple(f.get_db_prep_save(f.get_default(), connection) for f in extras)
        columns = [by_name[name].column for name in fields] + [f.column for f in extras]
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.column_sql = ", ".join(quote(c) for c in columns)
        placeholders = ", ".join(["%s"] * len(columns))
        self.insert_sql = f"INSERT INTO {self.table} ({self.column_sql}) VALUES ({placeholders})"
        hook = _INSERT_HOOKS.get(model._meta.db_table) if connection.vendor == "sqlite" else None
        self.hook = hook if hook is not None and hook.column in columns else None
        self.hook_index = columns.index(self.hook.column) if self.hook is not None else -1

    def write(self, rows: Iterable[tuple[Any, ...]]) -> None:
        if self.extra_values:
            rows = [row + self.extra_values for row in rows]
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                # COPY runs on psycopg's own cursor: its errors are turned into Django's (IntegrityError …) here.
                copying = cursor.cursor.copy(f"COPY {self.table} ({self.column_sql}) FROM STDIN")
                with self.connection.wrap_database_errors, copying as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            rows = rows if isinstance(rows, list) else list(rows)
            if self.hook is None or not rows:
                cursor.executemany(self.insert_sql, rows)
                return
            values = {row[self.hook_index] for row in rows}
            with transaction.atomic(using=self.connection.alias), self.hook.around(self.connection, values):
                cursor.executemany(self.insert_sql, rows)


def insert_instances(model: type[models.Model], instances: Sequence[models.Model], *, using: str = "default") -> None:
    """Insert unsaved ``instances`` of ``model`` (auto primary keys are assigned by the database, not set back).

    ``auto_now`` / ``auto_now_add`` timestamps take one "now" for the whole call and are
    set on the instances too, as ``save`` would.
    """
    if not instances:
        return
    connection = connections[using]
    fields = [
        f
        for f in model._meta.concrete_fields
        if not getattr(f, "generated", False) and not (f.primary_key and isinstance(f, models.AutoField))
    ]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    prepared = [f for f in fields if isinstance(f, NEEDS_PREPARATION) and f not in stamped]
    preparers = [(f.attname, preparer(f, connection)) for f in prepared]
    plain = [f for f in fields if f not in stamped and f not in prepared]
    now = timezone.now()
    stamp_values = tuple(f.get_db_prep_save(now, connection) for f in stamped)
    plain_values = attrgetter(*[f.attname for f in plain]) if len(plain) > 1 else None
    writer = RowWriter(connection, model, [f.attname for f in (*plain, *prepared, *stamped)])

    def row(obj: Any) -> tuple[Any, ...]:
        for field in stamped:
            setattr(obj, field.attname, now)
        head = plain_values(obj) if plain_values else tuple(getattr(obj, f.attname) for f in plain)
        return (
            *head,
            *(prepare(getattr(obj, attname)) for attname, prepare in preparers),
            *stamp_values,
        )

    for start in range(0, len(instances), 5000):
        writer.write([row(obj) for obj in instances[start : start + 5000]])


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]], *, using: str = "default"
) -> None:
    """Insert tuples of values for ``fields`` (converted for the database here where the field needs it)."""
    connection = connections[using]
    meta_fields = [model._meta.get_field(name) for name in fields]
    prepared = [(i, preparer(f, connection)) for i, f in enumerate(meta_fields) if isinstance(f, NEEDS_PREPARATION)]
    writer = RowWriter(connection, model, list(fields))
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        if len(row) != len(meta_fields):
            raise ValueError(f"{model._meta.label}: {len(row)} values for {len(meta_fields)} fields")
        if prepared:
            values = list(row)
            for i, prepare in prepared:
                values[i] = prepare(values[i])
            row = tuple(values)
        batch.append(row if row.__class__ is tuple else tuple(row))
        if len(batch) == 5000:
            writer.write(batch)
            batch = []
    if batch:
        writer.write(batch)
