"""Use cases of the registry: create, change and delete households, members and yearly facts.

Every write runs in one transaction, checks optimistic locking (the ``version`` the user
saw), re-checks after saving that the row is still inside the writer's scope, and leaves
an audit event with the reason given (through the model receivers in core.audit).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from jingzhun.accounts.models import User
from jingzhun.core.access import require
from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.imports import ImportResult
from jingzhun.core.models import AuditAction
from jingzhun.core.services import ledger_delete, ledger_save, personal_data_log
from jingzhun.registry.imports import RegistryImporter
from jingzhun.registry.models import Household, HouseholdYear, Member

M = TypeVar("M", Household, Member, HouseholdYear)


# The fields of each model that hold personal information (masked unless revealed).
PERSONAL_FIELDS: dict[type, tuple[str, ...]] = {
    Household: ("phone", "helper_phone"),
    Member: ("id_number", "phone"),
}


def _require_writer(user: User) -> None:
    require(user, "change", "registry", _("当前角色只能查看，不能修改建档立卡数据。"))


def _save_scoped(*, user: User, instance: M, expected_version: int | None, reason: str) -> M:
    """Validate, save and re-check the scope of ``instance`` through the ledger kit (``core.services.ledger_save``).

    The registry's own message answers a read-only role first.
    """
    _require_writer(user)
    return ledger_save(user=user, instance=instance, expected_version=expected_version, reason=reason)


@transaction.atomic
def household_save(
    *, user: User, household: Household, expected_version: int | None = None, reason: str = ""
) -> Household:
    """Create or change a household. Raise ValidationError, ConflictError or PermissionDenied."""
    return _save_scoped(user=user, instance=household, expected_version=expected_version, reason=reason)


@transaction.atomic
def member_save(*, user: User, member: Member, expected_version: int | None = None, reason: str = "") -> Member:
    """Create or change a member (ID number cross-checked with sex and birth date).

    Also refuse an ID number that is already registered in another household.
    """
    member.id_number = normalize_id_number(member.id_number or "")
    duplicate = (
        Member.objects.filter(id_number=member.id_number, deceased=False)
        .exclude(pk=member.pk)
        .values_list("household_id", "household__code")
        .first()
    )
    if duplicate is not None and member.id_number:
        in_scope = Household.objects.for_user(user).filter(pk=duplicate[0]).exists()
        where = _("户 %(code)s") % {"code": duplicate[1]} if in_scope else _("您管辖范围以外的地区")
        raise ValidationError({"id_number": _("该证件号码已登记在%(where)s，同一人不能重复建档。") % {"where": where}})
    return _save_scoped(user=user, instance=member, expected_version=expected_version, reason=reason)


@transaction.atomic
def household_year_save(
    *, user: User, facts: HouseholdYear, expected_version: int | None = None, reason: str = ""
) -> HouseholdYear:
    """Create or change one year's facts of a household."""
    return _save_scoped(user=user, instance=facts, expected_version=expected_version, reason=reason)


@transaction.atomic
def registry_delete(*, user: User, instance: models.Model, reason: str) -> None:
    """Delete a household (with its members and years), a member or a year's facts; a reason is required."""
    _require_writer(user)
    if not reason.strip():
        raise ValidationError(_("删除必须填写原因。"))
    ledger_delete(user=user, instance=instance, reason=reason)


def personal_data_reveal(*, user: User, instance: Household | Member, field: str = "id_number") -> str:
    """Return a household's or member's unmasked ID number or phone and log that ``user`` saw it.

    Raise PermissionDenied if the role may not see personal data.
    """
    require(user, "reveal", instance, _("当前角色无权查看完整的个人敏感信息。"))
    if field not in PERSONAL_FIELDS.get(type(instance), ()):
        raise ValueError(field)
    with audit_context(actor=user):
        record_event(action=AuditAction.VIEW_PERSONAL, instance=instance, after={"field": field}, reason="")
    return getattr(instance, field)


def personal_data_log_bulk(*, user: User, model_label: str, description: str, region_code: str, count: int) -> None:
    """Log that ``user`` saw or exported ``count`` unmasked personal records at once."""
    personal_data_log(
        user=user, model=model_label, count=count, export=True, description=description, region_code=region_code
    )


def registry_import(
    *,
    user: User,
    file: Any,
    filename: str,
    year: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Import a registry workbook: validate every row, then write all of it or nothing.

    Return the result (issues as "sheet, row, column: message", created / updated /
    unchanged counts). Raise PermissionDenied if the user may not change the registry.
    """
    return RegistryImporter(
        user=user, file=file, filename=filename, year=year, dry_run=dry_run, progress=progress
    ).run()
