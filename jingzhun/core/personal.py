"""Personal information (个人信息): what it is, how it is masked, and how an unmasked read is logged.

One rule for the whole project, applied here and nowhere else:

- **Identifiers** — resident ID numbers, phone numbers, bank card numbers — and the **full
  birth date** are masked for every role. A role the access policy grants ``reveal`` may
  ask for them unmasked (a button, ``?unmask=1``, an edit form, an unmasked export), and
  every such read writes an audit event (``reveal_log`` / ``reveal_log_bulk``).
- **Sensitive attributes** — health — are shown to the roles that may reveal personal data
  (their work needs them) and hidden from the others.

The masks are chosen so that nothing shown together rebuilds a masked value: a masked ID
number keeps its six address digits (the county, which the household's village already
tells) and its last two characters; the birth date shows its year only. With the year,
the sex and both visible ends, about 3,300 numbers still fit a masked one (366 days × 100
sequence numbers ÷ 11 check digits); the old mask kept digits 15–18 and hid exactly the
birth date shown beside it. A phone keeps 3 + 4 digits of 11, a bank card 4 + 4.

Models declare their personal fields (``personal_fields = {"id_number": ID_NUMBER, …}``);
template filters, API serializers (``core.api.personal``), the audit history
(``AuditEvent.changes``, ``object_repr``), the admin, exports and documents all ask here.
``mask_text`` scrubs identifiers out of free text (object names in the audit log, job
messages) as a last line of defence.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.db import models
from django.utils.translation import gettext as _

from jingzhun.core.access import allows, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.masking import (
    ATTRIBUTES,
    HIDDEN,
    IDENTIFIERS,
    Kind,
    luhn_valid,
    mask_bank_card,
    mask_birth_date,
    mask_data,
    mask_id_number,
    mask_phone,
    mask_text,
    mask_value,
)

__all__ = [
    "ATTRIBUTES",
    "HIDDEN",
    "IDENTIFIERS",
    "Disclosure",
    "Kind",
    "luhn_valid",
    "mask_bank_card",
    "mask_birth_date",
    "mask_data",
    "mask_id_number",
    "mask_phone",
    "mask_snapshot",
    "mask_text",
    "mask_value",
    "may_reveal",
    "personal_fields",
    "reveal_log",
    "reveal_log_bulk",
]


# --- declarations -----------------------------------------------------------------------------


def personal_fields(target: Any) -> dict[str, Kind]:
    """Return the personal fields a model declares (``personal_fields``), by model, instance or label."""
    model = target
    if isinstance(target, str):
        try:
            model = django_apps.get_model(target)
        except (LookupError, ValueError):
            return {}
    if isinstance(model, models.Model):
        model = type(model)
    return dict(getattr(model, "personal_fields", {}) or {})


def mask_snapshot(target: Any, data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Return an audit snapshot (field → value) with personal fields masked and free text scrubbed."""
    if not data:
        return data
    declared = personal_fields(target)
    return {
        key: mask_value(declared[key], value) if key in declared else mask_text(value) for key, value in data.items()
    }


# --- who sees what ----------------------------------------------------------------------------


def may_reveal(user: Any, target: Any) -> bool:
    """Return True if ``user``'s role may see the personal data of ``target`` (a model, instance or label)."""
    return allows(user, "reveal", target)


class Disclosure:
    """What one user sees of one kind of row: masked, attributes by role, or unmasked (to be logged).

    ``unmask`` is what the user asked for; asking without the right raises PermissionDenied.
    ``Disclosure.fixed`` gives the same answers for work already authorised (an export job).
    """

    def __init__(self, user: Any, target: Any, *, unmask: bool = False) -> None:
        self.user = user
        self.target = target
        self.may_reveal = may_reveal(user, target)
        if unmask:
            require(user, "reveal", target, _("当前角色无权查看完整的个人敏感信息。"))
        self.unmask = unmask

    @classmethod
    def fixed(cls, *, unmask: bool, attributes: bool) -> Disclosure:
        disclosure = cls.__new__(cls)
        disclosure.user, disclosure.target = None, None
        disclosure.unmask, disclosure.may_reveal = unmask, attributes or unmask
        return disclosure

    def shows(self, kind: Kind | str) -> bool:
        """Return True if values of ``kind`` are shown in full to this user."""
        return self.unmask if Kind(kind) in IDENTIFIERS else self.may_reveal

    def value(self, kind: Kind | str, value: Any) -> Any:
        return value if self.shows(kind) else mask_value(kind, value)

    def apply(self, model: Any, values: dict[str, Any], extra: dict[str, Kind] | None = None) -> dict[str, Any]:
        """Return ``values`` (field → value of a row of ``model``) as this user sees them."""
        declared = {**personal_fields(model), **(extra or {})}
        return {key: self.value(declared[key], v) if key in declared else v for key, v in values.items()}


# --- logging reads ----------------------------------------------------------------------------


def reveal_log(*, user: Any, instance: models.Model, fields: list[str] | tuple[str, ...], reason: str = "") -> None:
    """Log that ``user`` saw ``fields`` of ``instance`` unmasked, and why. Raise PermissionDenied without ``reveal``."""
    require(user, "reveal", instance, _("当前角色无权查看完整的个人敏感信息。"))
    with audit_context(actor=user):
        record_event(
            action=AuditAction.VIEW_PERSONAL, instance=instance, after={"fields": list(fields)}, reason=reason[:500]
        )


def reveal_log_bulk(
    *, user: Any, model_label: str, description: str, region_code: str, count: int, export: bool = False
) -> None:
    """Log that ``user`` saw (or exported) ``count`` unmasked personal records at once."""
    require(user, "reveal", model_label, _("当前角色无权查看完整的个人敏感信息。"))
    with audit_context(actor=user):
        record_event(
            action=AuditAction.EXPORT_PERSONAL if export else AuditAction.VIEW_PERSONAL,
            model_label=model_label,
            object_pk="*",
            object_repr=mask_text(description),
            region_code=region_code,
            after={"count": count},
            reason="",
        )
