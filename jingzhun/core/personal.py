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

import datetime
import re
from enum import StrEnum
from typing import Any

from django.apps import apps as django_apps
from django.db import models
from django.utils.translation import gettext as _

from jingzhun.core.access import allows, require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BANK_CARD = "bank_card"
    BIRTH_DATE = "birth_date"
    HEALTH = "health"


# Masked unless revealed (and logged); the rest are attributes hidden from roles without ``reveal``.
IDENTIFIERS = frozenset({Kind.ID_NUMBER, Kind.PHONE, Kind.BANK_CARD, Kind.BIRTH_DATE})
ATTRIBUTES = frozenset({Kind.HEALTH})
HIDDEN = "***"


def _keep_ends(text: str, head: int, tail: int) -> str:
    """Return ``text`` with all but ``head`` leading and ``tail`` trailing characters starred.

    At least four characters, and at least a third of them, are always hidden: short
    values give up their ends first.
    """
    hide = max(4, -(-len(text) // 3))
    while head + tail > len(text) - hide and (head or tail):
        if head >= tail and head:
            head -= 1
        else:
            tail -= 1
    hidden = len(text) - head - tail
    return text[:head] + "*" * hidden + (text[-tail:] if tail else "")


def mask_id_number(number: str) -> str:
    """Return the ID number with only the address (6 digits) and the last two characters shown.

    610902198004123318 → 610902**********18; a 15-digit number likewise keeps 6 + 2.
    """
    number = number or ""
    if len(number) < 10:
        return "*" * len(number)
    return _keep_ends(number, 6, 2)


def mask_phone(phone: str) -> str:
    """Return a phone with its first three and last four digits (138****1234); short numbers show less."""
    phone = phone or ""
    return _keep_ends(phone, 3, 4)


def mask_bank_card(number: str) -> str:
    """Return a card number with its first and last four digits (6222***********1234)."""
    number = (number or "").replace(" ", "")
    return _keep_ends(number, 4, 4)


def mask_birth_date(value: Any) -> str:
    """Return the year of a birth date only: 1980-04-12 → 1980-**-**."""
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-**-**"
    text = str(value)
    return f"{text[:4]}-**-**" if len(text) >= 4 and text[:4].isdigit() else HIDDEN


_MASKS = {
    Kind.ID_NUMBER: mask_id_number,
    Kind.PHONE: mask_phone,
    Kind.BANK_CARD: mask_bank_card,
    Kind.BIRTH_DATE: mask_birth_date,
}


def mask_value(kind: Kind | str, value: Any) -> Any:
    """Return ``value`` masked as its kind is (empty values stay empty)."""
    if value in (None, ""):
        return value
    kind = Kind(kind)
    if kind in ATTRIBUTES:
        return HIDDEN
    return _MASKS[kind](value if kind == Kind.BIRTH_DATE else str(value))


# --- free text --------------------------------------------------------------------------------

# An 18-digit ID number (address, a birth date of 19xx/20xx, sequence, check) or a 15-digit one.
_ID_18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
_ID_15 = r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
_ID_TEXT = re.compile(rf"(?<![0-9A-Za-z])(?:{_ID_18}|{_ID_15})(?![0-9A-Za-z])")
_PHONE_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_CARD_TEXT = re.compile(r"(?<!\d)(?:62|4|5)\d{14,18}(?!\d)")


def luhn_valid(number: str) -> bool:
    """Return True if ``number`` passes the Luhn check of bank card numbers."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def mask_text(text: Any) -> Any:
    """Return ``text`` with every ID number, mobile phone and bank card number in it masked."""
    if not isinstance(text, str) or not any(ch.isdigit() for ch in text):
        return text
    text = _ID_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _PHONE_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
    return _CARD_TEXT.sub(lambda m: mask_bank_card(m.group(0)) if luhn_valid(m.group(0)) else m.group(0), text)


def mask_data(value: Any) -> Any:
    """Return ``value`` (text, or lists and dicts of it, as in a job's result) with ``mask_text`` applied throughout."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    return value


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


def reveal_log(*, user: Any, instance: models.Model, fields: list[str] | tuple[str, ...]) -> None:
    """Log that ``user`` saw ``fields`` of ``instance`` unmasked. Raise PermissionDenied without ``reveal``."""
    require(user, "reveal", instance, _("当前角色无权查看完整的个人敏感信息。"))
    with audit_context(actor=user):
        record_event(action=AuditAction.VIEW_PERSONAL, instance=instance, after={"fields": list(fields)}, reason="")


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
