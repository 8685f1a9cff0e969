"""Reading stored rows in chunks and writing planned rows in bulk, with one audit event per changed row."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db import models

from jingzhun.core.audit import AuditedModel
from jingzhun.core.bulk import insert_instances, insert_rows
from jingzhun.core.choices import AuditAction
from jingzhun.core.imports.binding import attname, jsonable
from jingzhun.core.imports.plan import Planned

# Rows per query (SQLite allows 32,766 variables per statement; PostgreSQL has no such limit).
CHUNK = 2000
EVENT_FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "model_label",
    "object_pk",
    "object_repr",
    "root_label",
    "root_pk",
    "region_code",
    "before",
    "after",
    "reason",
    "batch",
)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fetch(queryset: models.QuerySet, field_name: str, keys: Iterable[Any], fields: tuple[str, ...] = ()) -> list[Any]:
    """Return the rows whose ``field_name`` is in ``keys`` (as tuples of ``fields`` if given), in chunks."""
    found: list[Any] = []
    for chunk in chunks(sorted(set(keys))):
        qs = queryset.filter(**{f"{field_name}__in": chunk})
        found.extend(qs.values_list(*fields) if fields else qs)
    return found


def existing(queryset: models.QuerySet, key: str, codes: Iterable[Any]) -> dict[Any, Any]:
    """Return the stored rows whose ``key`` is one of ``codes``, by that key."""
    return {getattr(obj, key): obj for obj in fetch(queryset, key, codes)}


@dataclass(frozen=True)
class Writer:
    """Who writes, and the audit context every event of one import shares."""

    actor: Any
    batch: str
    reason: str
    at: datetime.datetime

    def save(self, model: type[models.Model], key: tuple[str, ...], planned: list[Planned]) -> list[tuple[Any, ...]]:
        """Insert the new rows and update the changed ones in bulk; return one audit event (a row) each.

        ``key`` names the attributes that find a new row again after the insert, to learn
        its primary key. A model with a ``version`` field gets it raised on every update.
        """
        new = [p for p in planned if p.created]
        changed = [(p, names) for p in planned if not p.created and (names := p.changed_fields())]
        highest = _highest_key(model) if new else None
        insert_instances(model, [p.instance for p in new])
        _learn_primary_keys(model, key, [p.instance for p in new], above=highest)
        by_fields: dict[tuple[str, ...], list[Any]] = defaultdict(list)
        for p, names in changed:
            if hasattr(p.instance, "version"):
                p.instance.version = ((p.before or {}).get("version") or 0) + 1
                names = [*names, "version"]
            by_fields[tuple(sorted(set(names)))].append(p.instance)
        for names_key, instances in by_fields.items():
            model._default_manager.bulk_update(instances, list(names_key), batch_size=CHUNK)
        events = [self._event(AuditAction.CREATE, p, None, _snapshot(p.instance)) for p in new]
        for p, names in changed:
            stored = p.before or {}
            before = {f: jsonable(stored[attname(model, f)]) for f in names}
            after = {f: jsonable(getattr(p.instance, attname(model, f))) for f in names}
            events.append(self._event(AuditAction.UPDATE, p, before, after))
        return events

    def _event(self, action: str, planned: Planned, before: Any, after: Any) -> tuple[Any, ...]:
        instance = planned.instance
        label = instance._meta.label
        root = instance.audit_root() if isinstance(instance, AuditedModel) else (label, str(instance.pk))
        return (
            self.at,
            self.actor.pk,
            self.actor.username,
            action,
            label,
            str(instance.pk),
            str(instance)[:200],
            root[0],
            root[1],
            planned.region,
            before,
            after,
            self.reason,
            self.batch,
        )


def events_write(events: list[tuple[Any, ...]]) -> None:
    """Insert audit events given as rows of ``EVENT_FIELDS``."""
    from jingzhun.core.models import AuditEvent

    insert_rows(AuditEvent, EVENT_FIELDS, events)


def _highest_key(model: type[models.Model]) -> Any:
    """Return the highest automatic primary key stored (0 for none), or None if the key is not automatic."""
    if not isinstance(model._meta.pk, models.AutoField):
        return None
    return model._base_manager.aggregate(highest=models.Max("pk"))["highest"] or 0


def _learn_primary_keys(
    model: type[models.Model], keys: tuple[str, ...], instances: list[Any], *, above: Any = None
) -> None:
    """Give the inserted ``instances`` their primary keys, found again by the ``keys`` that are unique among them.

    With ``above`` (the highest automatic key before the insert) the rows are read back
    in one range of the primary key: the database gives every new row a higher key
    (SQLite's AUTOINCREMENT and PostgreSQL's sequences never reuse or go back), so the rows above it are
    this insert's and, if another session inserted meanwhile, other rows whose keys match
    none of these. Otherwise they are looked up by their first key in chunks.
    """
    if not instances:
        return
    key_of = attrgetter(*keys) if len(keys) > 1 else lambda instance: (getattr(instance, keys[0]),)
    manager = model._base_manager
    found: dict[tuple[Any, ...], Any] = {}
    if above is not None:
        for row in manager.filter(pk__gt=above).values_list(*keys, "pk").iterator(chunk_size=CHUNK):
            found[row[:-1]] = row[-1]
    missing = [i for i in instances if key_of(i) not in found] if above is not None else instances
    if missing:  # no automatic key, or a sequence set back by hand: look them up by their first key
        first = keys[0]
        for row in fetch(manager.all(), first, [getattr(i, first) for i in missing], (*keys, "pk")):
            found[tuple(row[:-1])] = row[-1]
    for instance in instances:
        instance.pk = found[key_of(instance)]
        instance._state.adding = False


def _snapshot(instance: Any) -> dict[str, Any]:
    return instance.audit_snapshot() if isinstance(instance, AuditedModel) else {}
