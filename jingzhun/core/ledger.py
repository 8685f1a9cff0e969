"""The ledger base model (台账): scoped, audited, versioned rows with timestamps, author and evidence.

A domain ledger declares only its fields, where its place is and its Meta::

    class ExitRecord(LedgerModel):
        \"\"\"贫困户退出记录: …\"\"\"

        scope_field = "household__village_id"
        household = models.ForeignKey("registry.Household", …)
        …

        class Meta(LedgerModel.Meta):
            verbose_name = _("退出记录")

and gets: ``objects`` (a ``ScopedQuerySet``: ``for_user(user, action)``), an audit event for
every create, update and delete (``AuditedModel``), ``version`` for optimistic locking (the
services ``ledger_save`` / ``ledger_delete`` / ``ledger_lock`` in ``core.services`` check it),
``created_at`` / ``updated_at`` / ``created_by``, and ``attachments`` (its evidence files,
``core.evidence``). ``personal_fields`` names the fields that hold personal information (ID
numbers, phones, bank cards, health); tables mask them for roles without ``reveal``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.evidence import attachments_add, attachments_for
from jingzhun.core.models import Attachment
from jingzhun.core.scoping import ScopedQuerySet


def scope_value(instance: models.Model, path: str | None = None) -> str:
    """Return the division code an instance belongs to, following ``scope_field`` (``""`` if unset).

    ``household__village_id`` reads ``instance.household.village_id`` (one query at most per
    relation not already loaded).
    """
    path = path if path is not None else getattr(type(instance), "scope_field", "")
    value: Any = instance
    for part in path.split("__") if path else []:
        value = getattr(value, part, None)
        if value is None:
            return ""
    return str(value) if path else ""


class LedgerModel(AuditedModel):
    """Abstract base of a ledger row: scoped, audited, versioned, timestamped, with evidence.

    Subclasses set ``scope_field`` (the path to the row's 12-digit division code) and may
    replace ``objects`` with a ``ScopedQuerySet`` subclass of their own.
    """

    # The path to the 12-digit division code of the row (checked at start-up, jingzhun.E001/E002).
    scope_field: ClassVar[str] = ""
    # Fields holding personal information and their kind (``core.masking.Kind``: id_number, phone,
    # bank_card, birth_date, health), masked everywhere unless the role may ``reveal`` (``core.personal``).
    personal_fields: ClassVar[dict[str, str]] = {}
    audit_exclude: tuple[str, ...] = ("updated_at", "version")

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-id"]

    def audit_region_code(self) -> str:
        return self.scope_code

    @property
    def scope_code(self) -> str:
        """The division code the row belongs to (by ``scope_field``)."""
        return scope_value(self)

    @property
    def attachments(self) -> QuerySet[Attachment]:
        """The evidence files attached to this row, oldest first."""
        return attachments_for(self)

    def attach(self, *, user: Any, files: Iterable[Any], label: str = "", kind: str = "evidence") -> list[Attachment]:
        """Validate and attach ``files`` as evidence (``core.evidence.attachments_add``).

        The caller has checked that ``user`` may change this row (``ledger_lock``).
        """
        return attachments_add(user=user, owner=self, files=files, label=label, kind=kind)


def is_versioned(model: type[models.Model]) -> bool:
    """Return True if the model has the optimistic-locking ``version`` field."""
    return any(field.name == "version" for field in model._meta.concrete_fields)


def has_author(model: type[models.Model]) -> bool:
    """Return True if the model records who created a row (``created_by``)."""
    return any(field.name == "created_by" for field in model._meta.concrete_fields)


def personal_fields_of(model: type[models.Model]) -> tuple[str, ...]:
    """Return the model's fields that hold personal information (``personal_fields``)."""
    return tuple(getattr(model, "personal_fields", None) or {})
