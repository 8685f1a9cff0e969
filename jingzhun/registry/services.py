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
from jingzhun.core.personal import IDENTIFIERS, personal_fields, reveal_log, reveal_log_bulk
from jingzhun.core.regioncodes import pad_code, prefix_q
from jingzhun.core.services import ledger_delete, ledger_save
from jingzhun.registry.choices import LEFT_STATUSES, Relation
from jingzhun.registry.imports import RegistryImporter
from jingzhun.registry.models import Household, HouseholdYear, Member

M = TypeVar("M", Household, Member, HouseholdYear)


# The fields of each model that hold personal identifiers (masked unless revealed): the models' declarations.
PERSONAL_FIELDS: dict[type, tuple[str, ...]] = {
    model: tuple(name for name, kind in personal_fields(model).items() if kind in IDENTIFIERS)
    for model in (Household, Member)
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

    Also refuse an ID number that is already registered in another household, and taking
    the head away from a household (every household has exactly one head; a new head is
    entered with the household's workbook import, which changes the relations at once).
    """
    member.id_number = normalize_id_number(member.id_number or "")
    head_removed = member.pk is not None and member.relation != Relation.HEAD
    if head_removed and Member.objects.filter(pk=member.pk, relation=Relation.HEAD).exists():
        message = _("户主不能改为其他关系：每户必须有一名户主。更换户主请通过数据导入同时修改新旧户主的关系。")
        raise ValidationError({"relation": message})
    duplicate = (
        Member.objects.filter(id_number=member.id_number, deceased=False)
        .exclude(pk=member.pk)
        .exclude(household__status__in=LEFT_STATUSES)  # off the register: the person may be registered anew
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
    head = isinstance(instance, Member) and instance.relation == Relation.HEAD
    if head and Member.objects.filter(household_id=instance.household_id).exclude(pk=instance.pk).exists():  # type: ignore[attr-defined]
        raise ValidationError(_("不能删除户主：户内还有其他成员。请先更换户主，或删除整户。"))
    ledger_delete(user=user, instance=instance, reason=reason)


def personal_data_reveal(
    *, user: User, instance: Household | Member, field: str = "id_number", reason: str = ""
) -> str:
    """Return a household's or member's unmasked ID number, phone or birth date and log that ``user`` saw it, and why.

    Raise PermissionDenied if the role may not see personal data.
    """
    if field not in PERSONAL_FIELDS.get(type(instance), ()):
        raise ValueError(field)
    reveal_log(user=user, instance=instance, fields=[field], reason=reason)
    value = getattr(instance, field)
    return value.isoformat() if hasattr(value, "isoformat") else value


def personal_data_log_bulk(*, user: User, model_label: str, description: str, region_code: str, count: int) -> None:
    """Log that ``user`` saw or exported ``count`` unmasked personal records at once."""
    reveal_log_bulk(
        user=user, model_label=model_label, description=description, region_code=region_code, count=count, export=True
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


@transaction.atomic
def household_years_relocation_set(
    *, user: User, year: int, prefix: str, relocated: models.QuerySet, moved_in: models.QuerySet, reason: str
) -> int:
    """Set the relocation facts (易地扶贫搬迁户, 搬迁已入住) of the household years ``year`` inside ``prefix``.

    ``relocated`` and ``moved_in`` are querysets of household ids (e.g. read from the relocation
    ledger): the households in them are flagged, the others unflagged. Set-based, in the
    writer's scope, one bulk audit event with the counts; return how many rows changed.
    """
    _require_writer(user)
    rows = HouseholdYear.objects.for_user(user, "change").filter(prefix_q("household__village_id", prefix), year=year)
    bump = {"version": models.F("version") + 1}
    counts = {
        "relocated": rows.filter(household_id__in=relocated, relocated=False).update(relocated=True, **bump),
        "not_relocated": rows.filter(relocated=True)
        .exclude(household_id__in=relocated)
        .update(relocated=False, relocation_moved_in=False, **bump),
        "moved_in": rows.filter(household_id__in=moved_in, relocated=True, relocation_moved_in=False).update(
            relocation_moved_in=True, **bump
        ),
        "not_moved_in": rows.filter(relocation_moved_in=True)
        .exclude(household_id__in=moved_in)
        .update(relocation_moved_in=False, **bump),
    }
    with audit_context(actor=user if user.pk else None, reason=reason):
        record_event(
            action="bulk",
            model_label=HouseholdYear._meta.label,
            object_pk=str(year),
            object_repr=_("%(year)s 年度易地搬迁标识") % {"year": year},
            region_code=pad_code(prefix) if prefix else "",
            after=counts,
            reason=reason,
        )
    return sum(counts.values())
