"""Use cases of 驻村帮扶: a cadre's field work (check-in, diary, household visit), approvals, pairings.

Every write goes through ``core.services.ledger_save`` (policy 403, scope, version, audit).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.assistance.choices import NominationStatus, PresenceKind
from jingzhun.assistance.models import Cadre, Diary, Nomination, Pairing, Presence, Visit
from jingzhun.core.access import require
from jingzhun.core.services import ledger_lock, ledger_save
from jingzhun.core.workflow import workflow_start
from jingzhun.registry.models import Household


def cadre_of(user: Any) -> Cadre:
    """Return the cadre linked to ``user``'s account; PermissionDenied (403) if none."""
    cadre = Cadre.objects.select_related("village", "unit").filter(user=user).first() if user.pk else None
    if cadre is None:
        raise PermissionDenied(_("当前账号没有关联帮扶干部，不能填写驻村考勤、日志和走访。"))
    return cadre


def _not_future(date: datetime.date) -> None:
    if date > timezone.localdate():
        raise ValidationError({"date": _("日期不能晚于今天。")})


@transaction.atomic
def presence_checkin(
    *,
    user: Any,
    date: datetime.date | None = None,
    kind: str = PresenceKind.PRESENT,
    village_code: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    note: str = "",
    files: Iterable[Any] = (),
) -> Presence:
    """Record the user's own day (在村 / 公务外出 / 请假), in his posted village unless another is given."""
    cadre = cadre_of(user)
    date = date or timezone.localdate()
    _not_future(date)
    presence = Presence(
        cadre=cadre,
        date=date,
        village_id=village_code or cadre.village_id,
        kind=kind,
        latitude=latitude,
        longitude=longitude,
        note=note,
    )
    saved = ledger_save(user=user, instance=presence, reason=_("驻村打卡"))
    files = list(files)
    if files:
        saved.attach(user=user, files=files, label=_("打卡照片"))
    return saved


@transaction.atomic
def presence_approve(*, user: Any, presence: Presence) -> Presence:
    """Approve an official absence (公务外出), which then counts as a day in the village."""
    require(user, "approve", Presence)
    locked = ledger_lock(user=user, model=Presence, pk=presence.pk, action="approve")
    if locked.kind != PresenceKind.OFFICIAL:
        raise ValidationError(_("只有公务外出需要批准；请假不计入驻村天数。"))
    return ledger_save(user=user, instance=locked, data={"approved": True}, reason=_("批准公务外出"))


@transaction.atomic
def diary_write(*, user: Any, content: str, date: datetime.date | None = None) -> Diary:
    """Write (or rewrite) the user's own diary of a day (驻村日志)."""
    cadre = cadre_of(user)
    date = date or timezone.localdate()
    _not_future(date)
    if not content.strip():
        raise ValidationError({"content": _("请填写工作内容。")})
    diary = Diary.objects.filter(cadre=cadre, date=date).first() or Diary(cadre=cadre, date=date)
    return ledger_save(user=user, instance=diary, data={"content": content.strip(), "village_id": cadre.village_id})


@transaction.atomic
def visit_record(
    *,
    user: Any,
    household_code: str,
    purpose: str,
    done: str = "",
    needs: str = "",
    date: datetime.date | None = None,
) -> Visit:
    """Record the user's own visit to a household of his scope (入户走访)."""
    cadre = cadre_of(user)
    date = date or timezone.localdate()
    _not_future(date)
    household = Household.objects.for_user(user).filter(code=household_code.strip()).first()
    if household is None:
        raise ValidationError({"household": _("没有找到该户编号的贫困户，或它不在您的管辖范围内。")})
    visit = Visit(cadre=cadre, household=household, date=date, purpose=purpose, done=done, needs=needs)
    return ledger_save(user=user, instance=visit)


def paired_households(cadre: Cadre) -> Any:
    """The households a cadre is paired with (结对帮扶), by code."""
    return Household.objects.filter(pairing__cadre=cadre).order_by("code")


def household_cadre(household: Household) -> Pairing | None:
    """The pairing of a household (its cadre and the cadre's unit), or None: for the household page."""
    return Pairing.objects.select_related("cadre", "cadre__unit").filter(household=household).first()


def responsible_for_households(codes: Iterable[str]) -> dict[str, str]:
    """Return ``{household code: "cadre name（unit）"}`` — the 整改责任人 of a gap list, in one query."""
    rows = Pairing.objects.filter(household__code__in=list(codes)).values_list(
        "household__code", "cadre__name", "cadre__unit__name"
    )
    return {code: f"{name}（{unit}）" for code, name, unit in rows}


@transaction.atomic
def nomination_create(*, user: Any, nomination: Nomination, note: str = "") -> Nomination:
    """Nominate a cadre or a household for an award and start its review (评选推荐)."""
    saved = ledger_save(user=user, instance=nomination, reason=_("推荐评选"))
    workflow_start(user=user, obj=saved, note=note)
    return saved


def award_list(*, user: Any, year: int) -> Any:
    """The awarded nominations of a year in the user's scope: the 三百 award list."""
    return (
        Nomination.objects.for_user(user)
        .filter(year=year, status=NominationStatus.AWARDED)
        .select_related("cadre", "cadre__unit")
        .order_by("kind", "village_id", "nominee")
    )
