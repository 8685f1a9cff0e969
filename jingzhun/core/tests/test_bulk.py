"""Bulk writes: the cheaper conversion of values gives what the fields' own conversion gives."""

import datetime
import decimal
import uuid
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models
from django.utils import timezone

from jingzhun.core.bulk import NEEDS_PREPARATION, insert_rows, preparer
from jingzhun.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SAMPLES: dict[type[models.Field], list[Any]] = {
    models.DateTimeField: [timezone.now(), datetime.datetime(2019, 12, 31, 23, 59, 1, tzinfo=datetime.UTC)],
    models.DateField: [datetime.date(2019, 1, 1), datetime.date(1950, 2, 28)],
    models.DecimalField: [decimal.Decimal("12.5"), decimal.Decimal("0"), decimal.Decimal("3.14")],
    models.JSONField: [{"名称": "安康", "n": 1, "d": None}, ["a", 1, 2.5], "文本", 3, True],
    models.UUIDField: [uuid.UUID(int=5)],
    models.TimeField: [datetime.time(8, 30)],
    models.DurationField: [datetime.timedelta(days=2, seconds=5)],
    models.BinaryField: [b"\x00\x01"],
}


def sample_values(field: models.Field) -> list[Any]:
    for kind, values in SAMPLES.items():
        if isinstance(field, kind):
            return values
    raise AssertionError(f"no sample values for {type(field).__name__}")


def comparable(value: Any) -> Any:
    # PostgreSQL's JSON adaptation is a wrapper object (psycopg's Jsonb): compare what it wraps and how.
    if hasattr(value, "obj") and hasattr(value, "dumps"):
        return ("json", value.dumps(value.obj))
    return value


def test_preparer_gives_what_get_db_prep_save_gives_for_every_prepared_field():
    fields = [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, NEEDS_PREPARATION)
    ]
    assert fields
    for field in fields:
        prepare = preparer(field, connection)
        # Each value twice (the same object again is converted once), then None.
        for value in [v for v in sample_values(field) for _ in range(2)] + [None]:
            assert comparable(prepare(value)) == comparable(field.get_db_prep_save(value, connection)), (field, value)


def test_a_repeated_value_is_converted_once():
    field = AuditEvent._meta.get_field("at")
    calls = []

    class Counting(models.DateTimeField):
        def get_db_prep_save(self, value, connection):
            calls.append(value)
            return super().get_db_prep_save(value, connection)

    counting = Counting()
    counting.set_attributes_from_name(field.name)
    prepare = preparer(counting, connection)
    now = timezone.now()
    assert prepare(now) == prepare(now) == field.get_db_prep_save(now, connection)
    assert calls == [now]
    # An equal but different object is converted again: only the same object is remembered.
    prepare(now + datetime.timedelta(0))
    assert len(calls) == 2


def test_insert_rows_refuses_a_row_of_the_wrong_length_and_stores_converted_values():
    now = timezone.now()
    fields = ("at", "actor_name", "action", "model_label", "object_pk", "object_repr")
    fields += ("root_label", "root_pk", "region_code", "before", "after", "reason", "batch")
    row = (now, "导入", "create", "registry.Household", "1", "户", "registry.Household", "1", "")
    row += (None, {"名称": "安康"}, "", "b-1")
    with pytest.raises(ValueError, match="12 values for 13 fields"):
        insert_rows(AuditEvent, fields, [row[:-1]])
    insert_rows(AuditEvent, fields, [row, list(row)])
    stored = list(AuditEvent.objects.filter(batch="b-1").values_list("at", "before", "after"))
    assert stored == [(now, None, {"名称": "安康"})] * 2


@pytest.mark.parametrize("above", ["before", "too high", None])
def test_inserted_rows_get_their_primary_keys(above):
    from jingzhun.core.imports.writing import EVENT_FIELDS, _highest_key, _learn_primary_keys

    def row(object_pk: str, batch: str) -> tuple[Any, ...]:
        return (timezone.now(), None, "导入", "create", "x", object_pk, "", "x", object_pk, "", None, None, "", batch)

    insert_rows(AuditEvent, EVENT_FIELDS, [row("0", "other")])
    highest = _highest_key(AuditEvent)
    insert_rows(AuditEvent, EVENT_FIELDS, [row(str(n), "k-1") for n in (1, 2, 3)])
    events = [AuditEvent(object_pk=str(n), batch="k-1") for n in (1, 2, 3)]
    # "too high": a sequence set back by hand gave keys below the highest one read before the insert.
    given = {"before": highest, "too high": highest + 1_000, None: None}[above]
    _learn_primary_keys(AuditEvent, ("batch", "object_pk"), events, above=given)
    stored = dict(AuditEvent.objects.filter(batch="k-1").values_list("object_pk", "pk"))
    assert {e.object_pk: e.pk for e in events} == stored
    assert not any(e._state.adding for e in events)
