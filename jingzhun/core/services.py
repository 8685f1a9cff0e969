"""Generic use cases of every ledger: save, delete, lock a row in scope, log unmasked personal data.

Pages (``core.generic``), the API (``core.api.ledger``), imports and domain services call
these instead of writing their own. Each one asks the access policy first (403), finds the
row in the writer's scope (404 or ``ScopeError``), checks the version the user saw
(``ConflictError``), validates with the model's rules (``full_clean``), writes with the
user as the audit actor (``AuditedModel`` records every change) and re-checks the scope
after the write, inside the transaction, so a write that moves a row out of the writer's
scope is rolled back.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.http import Http404
from django.utils.translation import gettext as _

from jingzhun.core.access import require
from jingzhun.core.audit import audit_context
from jingzhun.core.exceptions import ConflictError
from jingzhun.core.ledger import has_author, is_versioned
from jingzhun.core.personal import reveal_log_bulk
from jingzhun.core.scoping import ScopeError

M = TypeVar("M", bound=models.Model)

# Fields a caller never sets through ``data``: the services keep them.
KEPT_FIELDS = frozenset({"version", "created_at", "updated_at", "created_by"})


def _actor(user: Any) -> Any:
    """Return the user to name in the audit log (None for an unsaved user, e.g. a command's system user)."""
    return user if getattr(user, "pk", None) else None


def _assign(instance: models.Model, data: Mapping[str, Any]) -> None:
    """Set the fields of ``instance`` from ``data`` (field names or attnames such as ``region_id``)."""
    for name, value in data.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:
            raise TypeError(f"{type(instance).__name__} has no field {name!r}") from None
        if name in KEPT_FIELDS or getattr(field, "primary_key", False):
            raise TypeError(f"{name!r} is kept by the ledger services, not set by callers")
        if getattr(field, "many_to_many", False) or getattr(field, "one_to_many", False):
            raise TypeError(f"{name!r} is a relation set: save it after ledger_save")
        setattr(instance, name, value)


def _stored_version(model: type[models.Model], user: Any, pk: Any, action: str) -> int | None:
    """Lock the stored row inside ``user``'s scope for ``action``; return its version (0 if unversioned).

    Raise ScopeError if the row exists outside the scope, ConflictError if it is gone.
    """
    manager = model._default_manager
    column = "version" if is_versioned(model) else "pk"
    rows = manager.for_user(user, action).select_for_update(of=("self",)).filter(pk=pk)  # type: ignore[attr-defined]
    found = rows.values_list(column, flat=True).first()
    if found is None:
        if manager.filter(pk=pk).exists():
            raise ScopeError(_("该记录不在您的管辖范围内，不能修改或删除。"))
        raise ConflictError(_("该记录已被他人删除，请刷新页面。"))
    return found if column == "version" else 0


@transaction.atomic
def ledger_save(
    *,
    user: Any,
    instance: M,
    data: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> M:
    """Create or change one ledger row as ``user``; return it saved.

    ``data`` (optional) sets fields before validation; ``expected_version`` is the version
    the user saw (None: no check); ``reason`` goes to the audit event. Raise
    PermissionDenied (403) if the role may not add/change the model, ScopeError (a
    PermissionDenied) if the stored row or the saved row lies outside the user's scope,
    ConflictError if someone saved or deleted the row in between, ValidationError for
    bad values (the model's field rules, ``clean()`` and constraints).
    """
    model = type(instance)
    creating = instance._state.adding
    action = "add" if creating else "change"
    require(user, action, model)
    stored = None if creating else _stored_version(model, user, instance.pk, "change")
    if stored and expected_version is not None and stored != expected_version:
        raise ConflictError(
            _("该记录已被他人修改（您打开时为第 %(seen)s 版，现在是第 %(now)s 版），请刷新后重新修改。")
            % {"seen": expected_version, "now": stored}
        )
    if data:
        _assign(instance, data)
    instance.full_clean()
    if stored:
        instance.version = stored + 1  # type: ignore[attr-defined]
    if creating and has_author(model) and getattr(instance, "created_by_id", None) is None:
        instance.created_by = _actor(user)  # type: ignore[attr-defined]
    with audit_context(actor=_actor(user), reason=reason):
        instance.save()
    if not model._default_manager.for_user(user, action).filter(pk=instance.pk).exists():  # type: ignore[attr-defined]
        raise ScopeError(_("保存后的记录不在您的管辖范围内，未保存。"))
    return instance


@transaction.atomic
def ledger_delete(*, user: Any, instance: models.Model, reason: str = "") -> None:
    """Delete one ledger row as ``user`` (the audit event keeps its last values and ``reason``).

    Raise PermissionDenied (403) if the role may not delete, ScopeError if the row lies
    outside the user's scope, ConflictError if it is already gone.
    """
    model = type(instance)
    require(user, "delete", model)
    _stored_version(model, user, instance.pk, "delete")
    with audit_context(actor=_actor(user), reason=reason):
        instance.delete()


def ledger_lock(*, user: Any, model: type[M], pk: Any, action: str = "change") -> M:
    """Return the row ``pk`` of ``model`` locked (SELECT … FOR UPDATE) for ``action`` by ``user``.

    Call inside ``transaction.atomic``: the lock lasts until the transaction ends. Raise
    Http404 if the user cannot see the row (outside the scope, or no such row),
    PermissionDenied (403) if the policy refuses the action, ScopeError if the row is
    visible but outside the scope of the action (e.g. another sector's project).
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionManagementError("ledger_lock must run inside transaction.atomic")
    manager = model._default_manager
    try:
        visible = manager.for_user(user, "view").filter(pk=pk).exists()  # type: ignore[attr-defined]
    except (ValueError, TypeError, ValidationError):
        visible = False  # a malformed key names no row
    if not visible:
        raise Http404(_("没有找到该记录，或它不在您的管辖范围内。"))
    require(user, action, model)
    row = manager.for_user(user, action).select_for_update(of=("self",)).filter(pk=pk).first()  # type: ignore[attr-defined]
    if row is None:
        raise ScopeError(_("该记录不在您的管辖范围内，不能修改。"))
    return row


def personal_data_log(
    *,
    user: Any,
    model: type[models.Model] | str,
    count: int,
    export: bool,
    description: str = "",
    region_code: str = "",
) -> None:
    """Log that ``user`` saw (``export=False``) or exported ``count`` records with unmasked personal data.

    The one rule of personal data (``core.personal.reveal_log_bulk``): the role must be allowed
    to reveal, and the description is scrubbed of identifiers.
    """
    label = model if isinstance(model, str) else model._meta.label
    reveal_log_bulk(
        user=user,
        model_label=label,
        description=description or label,
        region_code=region_code or (getattr(user, "region_id", None) or ""),
        count=count,
        export=export,
    )
