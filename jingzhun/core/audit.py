"""One audit mechanism (STYLE §7).

A request-scoped actor and reason live in context variables, set by the middleware or by
``audit_context`` in services and commands. Models opt in by inheriting ``AuditedModel``;
one pair of receivers writes an ``AuditEvent`` for every create, update and delete of
such a model, with the values before and after. Bulk services write their own events
with ``audit_bulk``.
"""

from __future__ import annotations

import contextvars
import datetime
import decimal
import functools
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from operator import attrgetter
from typing import Any

from django.apps import apps as django_apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse

from jingzhun.core.choices import AuditAction, choice_label
from jingzhun.core.masking import mask_text


@dataclass(frozen=True)
class AuditContext:
    actor: Any = None
    reason: str = ""
    batch: str = ""
    ip_address: str | None = None


# AuditContext is a frozen dataclass, so sharing the default instance is safe.
_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "audit_context",
    default=AuditContext(),  # noqa: B039
)


def current_context() -> AuditContext:
    return _context.get()


@contextmanager
def audit_context(**changes: Any) -> Iterator[AuditContext]:
    """Set actor, reason or batch for the audit events written inside the block."""
    token = _context.set(replace(_context.get(), **changes))
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def new_batch() -> str:
    return uuid.uuid4().hex


class AuditContextMiddleware:
    """Make the logged-in user and address the actor of every change in the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with audit_context(actor=actor, ip_address=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)


class AuditedModel(models.Model):
    """Base for models whose every change is recorded.

    Subclasses may override ``audit_root`` (the object whose history shows the change,
    e.g. a member's household) and ``audit_region_code``.
    """

    audit_exclude: tuple[str, ...] = ("updated_at", "version")

    class Meta:
        abstract = True

    def audit_root(self) -> tuple[str, str]:
        return self._meta.label, str(self.pk)

    def _get_FIELD_display(self, field: models.Field) -> Any:
        # ``get_<field>_display()`` of every coded field, from a table of labels made once.
        return choice_label(field, getattr(self, field.attname))

    def audit_region_code(self) -> str:
        return ""

    def audit_snapshot(self) -> dict[str, Any]:
        """Return the field values as JSON-ready data (foreign keys as their ids)."""
        names, values = _snapshot_fields(type(self))
        return {
            name: value if value.__class__ in _PLAIN else _jsonable(value)
            for name, value in zip(names, values(self), strict=True)
        }


@functools.cache
def _snapshot_fields(model: type[AuditedModel]) -> tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]:
    """Return the names of the fields an audit snapshot records and a function reading their values (per model)."""
    fields = [
        field
        for field in model._meta.concrete_fields
        if not (field.primary_key and isinstance(field, models.AutoField | models.BigAutoField))
        and field.name not in model.audit_exclude
        and not getattr(field, "generated", False)
    ]
    attnames = [field.attname for field in fields]
    read = attrgetter(*attnames) if len(attnames) > 1 else lambda obj: tuple(getattr(obj, a) for a in attnames)
    return tuple(field.name for field in fields), read


_CONVERTED = (datetime.date, decimal.Decimal, uuid.UUID)
_PLAIN = frozenset({str, int, bool, float, type(None)})  # most values: returned at the first test


def _jsonable(value: Any) -> Any:
    if value.__class__ in _PLAIN:
        return value
    if isinstance(value, FieldFile):
        return value.name or ""  # a file is audited by its stored name
    if not isinstance(value, _CONVERTED):
        return value
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def record_event(
    *,
    action: str,
    instance: models.Model | None = None,
    model_label: str = "",
    object_pk: str = "",
    object_repr: str = "",
    root: tuple[str, str] | None = None,
    region_code: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> Any:
    """Write one audit event with the current context's actor, reason and batch.

    ``object_repr`` is a label shown in every history: ID numbers, phones and bank cards in
    it are masked (``masking.mask_text``); ``before`` and ``after`` keep the values as they
    were and are masked when shown (``AuditEvent.changes``).
    """
    ctx = current_context()
    if instance is not None:
        model_label = model_label or instance._meta.label
        object_pk = object_pk or str(instance.pk)
        object_repr = object_repr or str(instance)[:200]
        if isinstance(instance, AuditedModel):
            root = root or instance.audit_root()
            region_code = region_code or instance.audit_region_code()
    root_label, root_pk = root or (model_label, object_pk)
    actor = ctx.actor
    if not region_code:
        # An object of no region (a rule set, a parameter) is filed under the region of the
        # office that acted, so that office's inspectors find it on their audit page.
        region_code = getattr(actor, "region_id", None) or ""
    return django_apps.get_model("core", "AuditEvent").objects.create(
        actor=actor,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        model_label=model_label,
        object_pk=object_pk,
        object_repr=mask_text(object_repr)[:200],
        root_label=root_label,
        root_pk=root_pk,
        region_code=region_code,
        before=before,
        after=after,
        reason=ctx.reason if reason is None else reason,
        batch=ctx.batch,
        ip_address=ctx.ip_address,
    )


def _remember_before(sender: type[models.Model], instance: models.Model, raw: bool, **kwargs: Any) -> None:
    if raw or not isinstance(instance, AuditedModel) or instance._state.adding:
        return
    old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = old.audit_snapshot() if old is not None else None  # type: ignore[attr-defined]


def _record_save(sender: type[models.Model], instance: models.Model, created: bool, raw: bool, **kwargs: Any) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = instance.audit_snapshot()
    if not created and before == after:
        return
    record_event(
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        instance=instance,
        before=before,
        after=after,
    )


def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if not isinstance(instance, AuditedModel):
        return
    record_event(action=AuditAction.DELETE, instance=instance, before=instance.audit_snapshot())


def audit_receivers_connect() -> None:
    """Connect the receivers to each audited model (called once all models are loaded).

    Connecting per model rather than to every sender keeps Django's fast path for deleting
    rows of models that are not audited (e.g. the results of an evaluation run): a model
    with delete receivers has its rows fetched and deleted one batch at a time.
    """
    for model in django_apps.get_models():
        if issubclass(model, AuditedModel):
            label = model._meta.label
            pre_save.connect(_remember_before, sender=model, dispatch_uid=f"audit-before-{label}")
            post_save.connect(_record_save, sender=model, dispatch_uid=f"audit-save-{label}")
            post_delete.connect(_record_delete, sender=model, dispatch_uid=f"audit-delete-{label}")
