"""The common case declared in a few lines: one sheet, one model, rows matched by a natural key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.imports.base import Importer
from jingzhun.core.imports.binding import attname, stored_values
from jingzhun.core.imports.plan import Row, Target
from jingzhun.core.imports.writing import fetch


def _is_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class ModelImporter(Importer):
    """Each row of ``schema`` creates or changes the ``model`` row with the same ``key``.

    ``schema``'s column keys are the model's field names; ``key`` names the columns that
    identify a row (``("village", "year")``); ``fields`` the columns the file sets (default:
    every other column that is a field). A foreign key column holds the related row's key,
    or the field named in ``references`` (``{"household": "code"}``: households by 户编号);
    it must exist. The row's region is the model's ``scope_field``, read through that
    foreign key when the path runs through it (``household__village_id``), in one query per
    column: a stored row outside the user's scope is refused, and so is a new row outside it.
    """

    model: ClassVar[type[models.Model]]
    schema: ClassVar[SheetSchema]
    key: ClassVar[tuple[str, ...]] = ()
    fields: ClassVar[tuple[str, ...]] = ()
    references: ClassVar[dict[str, str]] = {}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._regions: dict[Any, str] = {}  # the related row's key → its region, for a scope path through it

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "model" in cls.__dict__:
            model = cls.model
            if "targets" not in cls.__dict__:
                key = tuple(attname(model, name) for name in cls.key)
                cls.targets = (Target(str(model._meta.model_name), model, key, model._meta.verbose_name),)
            if "fields" not in cls.__dict__:
                cls.fields = tuple(
                    c.key for c in cls.schema.columns if c.key not in cls.key and _is_field(model, c.key)
                )
        super().__init_subclass__(**kwargs)

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (self.schema,)

    def region_of(self, instance: models.Model) -> str | None:
        """Return the division code ``instance`` belongs to (None for a model without a place)."""
        path = getattr(self.model, "scope_field", None)
        if path is None:
            return None
        if "__" not in path:
            return getattr(instance, path)
        via = path.split("__")[0]
        if via not in (*self.key, *self.fields):
            raise NotImplementedError(f"{type(self).__name__}.region_of: follow {path!r} without a query per row")
        return self._regions.get(getattr(instance, attname(self.model, via)))

    def check(self, read: ReadResult) -> None:
        rows = [
            row
            for row in self.rows(read.sheets.get(self.schema.name))
            if all(row.values.get(k) not in (None, "") for k in self.key) and not row.bad & set(self.key)
        ]
        rows = self._unique_keys(rows)
        rows = self._references(rows)
        stored = self._stored([self._key(row) for row in rows])
        manager = self.model._default_manager
        # Scope only: the role was asked once, at the start (``access_target``).
        in_scope = manager.for_user(self.user, "view") if hasattr(manager, "for_user") else manager.all()  # type: ignore[attr-defined]
        visible = {pk for (pk,) in fetch(in_scope, "pk", [o.pk for o in stored.values()], ("pk",))}
        target = self.targets[0].name
        for row in rows:
            key = self._key(row)
            current = stored.get(key)
            if current is not None and current.pk not in visible:
                self.error(row, self.key[0], _("该记录已登记在您的管辖范围以外，不能导入。"))
                continue
            before = stored_values(current)
            instance = current or self.model()
            fields = list(self.fields) if current is not None else [*self.key, *self.fields]
            if not self.bind(row, instance, fields):
                continue
            region = self.region_of(instance)
            if region is not None and not self.in_scope(region):
                self.error(row, self._region_column(), self.outside_scope(region))
                continue
            self.stage(target, key, row, instance, before, list(self.fields), region=region or "")

    def _key(self, row: Row) -> tuple[Any, ...]:
        return tuple(row.values[k] for k in self.key)

    def _region_column(self) -> str | None:
        path = getattr(self.model, "scope_field", "")
        name = path.split("__")[0].removesuffix("_id")
        return name if any(c.key == name for c in self.schema.columns) else None

    def _unique_keys(self, rows: list[Row]) -> list[Row]:
        first: dict[tuple[Any, ...], int] = {}
        kept = []
        for row in rows:
            key = self._key(row)
            if key in first:
                self.error(row, self.key[0], _("与第 %(row)s 行重复。") % {"row": first[key]})
                continue
            first[key] = row.number
            kept.append(row)
        return kept

    def _references(self, rows: list[Row]) -> list[Row]:
        """Turn foreign key cells into the keys they name, refusing names that do not exist (one query each)."""
        refused: set[int] = set()
        scope_path = getattr(self.model, "scope_field", "") or ""
        for name in (*self.key, *self.fields):
            field = self.model._meta.get_field(name)
            if not isinstance(field, models.ForeignKey):
                continue
            by = self.references.get(name, field.target_field.name)
            region = scope_path.partition("__")[2] if scope_path.startswith(f"{name}__") else ""
            columns = (by, field.target_field.attname, *((region,) if region else ()))
            values = {row.values.get(name) for row in rows} - {None, ""}
            related = field.related_model._default_manager.all()  # type: ignore[union-attr]
            found = {hit[0]: hit[1:] for hit in fetch(related, by, values, columns)}
            for row in rows:
                value = row.values.get(name)
                if value in (None, ""):
                    continue
                hit = found.get(value)
                if hit is None:
                    label = str(field.verbose_name)
                    self.error(row, name, _("%(field)s“%(value)s”不存在。") % {"field": label, "value": value})
                    refused.add(id(row))
                    continue
                row.values[name] = hit[0]
                if region:
                    self._regions[hit[0]] = hit[1]
        return [row for row in rows if id(row) not in refused]

    def _stored(self, keys: list[tuple[Any, ...]]) -> dict[tuple[Any, ...], models.Model]:
        """Return the stored rows with these keys, by key (fetched by the first key field, in chunks)."""
        attnames = self.targets[0].key
        found = fetch(self.model._default_manager.all(), attnames[0], [k[0] for k in keys])
        wanted = set(keys)
        by_key = {tuple(getattr(obj, a) for a in attnames): obj for obj in found}
        return {k: v for k, v in by_key.items() if k in wanted}
