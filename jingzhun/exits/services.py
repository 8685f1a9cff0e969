"""Use cases of 退出程序: propose exits, take their steps, record objections; draw and measure samples.

Every write runs in one transaction through the kit (``ledger_save``, the workflow engine),
so it is validated, scoped (404 / 403) and audited. The registry is changed only through its
own yearly cycle (``registry.cycle``), at 销号 and at the roll-back of a closed case.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.access import require
from jingzhun.core.parameters import parameter_value
from jingzhun.core.services import ledger_lock, ledger_save
from jingzhun.core.workflow import transition_run, transitions_batch, workflow_start
from jingzhun.exits.choices import CaseStatus, Category, SampleKind
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit
from jingzhun.exits.rates import Rates, rates_of
from jingzhun.regions.models import CountyYear, Region
from jingzhun.registry.choices import EXITED_STATUSES, STILL_POOR_STATUSES
from jingzhun.registry.cycle import household_exit, household_exit_undo
from jingzhun.registry.models import Household

# -- the registry, at 销号 and roll-back ------------------------------------------------------------


def registry_exit(*, user: Any, case: ExitCase, at: datetime.datetime | None = None) -> Household:
    """销号: mark the case's household exited in the case's year, through the registry's yearly cycle (标注脱贫)."""
    household = Household.objects.get(pk=case.household_id)
    return household_exit(
        user=user,
        household=household,
        on=timezone.localdate(at) if at else None,
        year=case.year,
        note=_("退出程序销号（%(year)s 年）") % {"year": case.year},
        procedure=True,
    )


def registry_return(*, user: Any, case: ExitCase, reason: str, at: datetime.datetime | None = None) -> Household:
    """退出回退 of a closed case: the household is not exited again, through the registry's yearly cycle (撤销脱贫)."""
    household = Household.objects.get(pk=case.household_id)
    return household_exit_undo(
        user=user, household=household, note=_("退出回退：%(reason)s") % {"reason": reason}, at=at
    )


# -- household exits --------------------------------------------------------------------------------


def _rewound(files: Sequence[Any]) -> list[Any]:
    for upload in files:
        if hasattr(upload, "seek"):
            upload.seek(0)
    return list(files)


@transaction.atomic
def case_propose(
    *,
    user: Any,
    households: Iterable[Household],
    year: int,
    meeting_on: datetime.date,
    attendance: int,
    note: str = "",
    files: Sequence[Any] = (),
) -> list[ExitCase]:
    """民主评议: open the exit cases of households (one village meeting for many), with the minutes.

    Each household must be in the user's scope and not yet exited; all or nothing.
    """
    require(user, "add", ExitCase, _("当前角色不能提出贫困户退出。"))
    chosen = list(households)
    if not chosen:
        raise ValidationError(_("请至少选择一户。"))
    if meeting_on > timezone.localdate():
        raise ValidationError({"meeting_on": _("民主评议日期不能晚于今天。")})
    visible = set(Household.objects.for_user(user).filter(pk__in=[h.pk for h in chosen]).values_list("pk", flat=True))
    errors = []
    for household in chosen:
        if household.pk not in visible:
            errors.append(_("户 %(code)s 不在您的管辖范围内。") % {"code": household.code})
        elif household.status not in STILL_POOR_STATUSES:
            errors.append(_("户 %(code)s 已脱贫，不能再提出退出。") % {"code": household.code})
    open_cases = ExitCase.objects.filter(household__in=chosen, year=year).exclude(status=CaseStatus.ROLLED_BACK)
    for code in open_cases.values_list("household__code", flat=True):
        errors.append(_("户 %(code)s 本年度已有退出程序。") % {"code": code})
    if errors:
        raise ValidationError(errors)
    cases = []
    for household in chosen:
        case = ExitCase(
            household=household, year=year, meeting_on=meeting_on, attendance=attendance, note=note, proposed_by=None
        )
        case.proposed_by = user if user.pk else None
        ledger_save(user=user, instance=case, reason=_("民主评议"))
        workflow_start(
            user=user,
            obj=case,
            note=_("民主评议（%(day)s，参会 %(n)s 人）%(note)s")
            % {"day": meeting_on.isoformat(), "n": attendance, "note": f"：{note}" if note else ""},
            files=_rewound(files),
            at=datetime.datetime.combine(meeting_on, datetime.time(12), tzinfo=timezone.get_current_timezone()),
        )
        cases.append(case)
    return cases


def case_step(
    *,
    user: Any,
    cases: Sequence[ExitCase],
    step: str,
    note: str = "",
    files: Sequence[Any] = (),
    at: datetime.date | datetime.datetime | None = None,
) -> int:
    """Take one step for one case or many (one meeting, one publicity for a village): all or nothing."""
    if not cases:
        raise ValidationError(_("请至少选择一户。"))
    if len(cases) == 1:
        transition_run(user=user, obj=cases[0], transition=step, note=note, files=files, at=at)
        return 1
    return len(transitions_batch(user=user, objects=cases, transition=step, note=note, files=files, at=at))


def case_roll_back(*, user: Any, case: ExitCase, reason: str) -> ExitCase:
    """退出回退: reverse a case with its reason (the registry restored if it was closed)."""
    if not reason.strip():
        raise ValidationError({"note": _("退出回退必须填写原因。")})
    transition_run(user=user, obj=case, transition="roll_back", note=reason)
    case.refresh_from_db()
    return case


@transaction.atomic
def objection_record(
    *, user: Any, case: ExitCase, raised_on: datetime.date, content: str, raised_by: str = ""
) -> Objection:
    """Record an objection raised during the village publicity of ``case``."""
    locked = ledger_lock(user=user, model=ExitCase, pk=case.pk)
    if locked.status != CaseStatus.PUBLICISING:
        raise ValidationError(_("只能在村内公示期间登记异议。"))
    objection = Objection(case=locked, raised_on=raised_on, raised_by=raised_by, content=content)
    return ledger_save(user=user, instance=objection, reason=_("登记公示异议"))


@transaction.atomic
def objection_resolve(*, user: Any, objection: Objection, resolution: str) -> Objection:
    """Settle an objection with its result (the step 乡镇审核 waits for every one)."""
    if not resolution.strip():
        raise ValidationError({"resolution": _("处理异议须填写处理结果。")})
    locked = ledger_lock(user=user, model=Objection, pk=objection.pk)
    return ledger_save(
        user=user, instance=locked, data={"resolved": True, "resolution": resolution}, reason=_("处理公示异议")
    )


# -- village and county exits ----------------------------------------------------------------------


@transaction.atomic
def village_exit_apply(
    *, user: Any, village: Region, year: int, note: str = "", files: Sequence[Any] = ()
) -> VillageExit:
    """村申请: open a village's 出列 procedure."""
    if village.level != "village":
        raise ValidationError({"village": _("请选择一个行政村。")})
    exit_ = VillageExit(village=village, year=year, note=note)
    exit_.proposed_by = user if user.pk else None
    ledger_save(user=user, instance=exit_, reason=_("村申请出列"))
    workflow_start(user=user, obj=exit_, note=note or _("村申请出列"), files=files)
    return exit_


@transaction.atomic
def county_exit_apply(*, user: Any, county: Region, year: int, note: str = "", files: Sequence[Any] = ()) -> CountyExit:
    """县申请: open a county's 摘帽 procedure."""
    if county.level != "county":
        raise ValidationError({"county": _("请选择一个县（区）。")})
    exit_ = CountyExit(county=county, year=year, note=note)
    exit_.proposed_by = user if user.pk else None
    ledger_save(user=user, instance=exit_, reason=_("县申请摘帽"))
    workflow_start(user=user, obj=exit_, note=note or _("县申请摘帽"), files=files)
    return exit_


# -- sample verification ---------------------------------------------------------------------------


def sample_design(*, county: Region, year: int, **overrides: int | None) -> dict[str, int]:
    """Return the sizes of a sample (the business parameters, overridden for one draw)."""
    names = ("villages", "exited", "poor", "non_registered", "seed")
    design = {n: int(parameter_value(f"exits.sample_{n}", year=year, region=county.prefix)) for n in names}
    design.update({k: int(v) for k, v in overrides.items() if v is not None})
    return design


def _draw(rng: random.Random, items: list[Any], size: int) -> list[Any]:
    return items if len(items) <= size else sorted(rng.sample(items, size))


@transaction.atomic
def sample_draw(
    *,
    user: Any,
    county: Region,
    year: int,
    round: str = "第一轮",
    kind: str = SampleKind.VERIFICATION,
    **overrides: int | None,
) -> Sample:
    """Draw a reproducible stratified sample of ``county`` for ``year`` (township → village → households).

    Strata: in each township, ``villages`` villages with registered households; in each, up to
    ``exited`` 已脱贫 and ``poor`` 未脱贫 households; the ``non_registered`` households per village are
    chosen in the field and imported with their results. The same county, year, round, sizes and
    seed give the same list.
    """
    require(user, "add", Sample, _("只有市指挥部办公室可以组织抽样核查。"))
    if county.level != "county":
        raise ValidationError({"county": _("请选择一个县（区）。")})
    design = sample_design(county=county, year=year, **overrides)
    rng = random.Random(f"{county.code}:{year}:{round}:{design['seed']}")
    rows = list(
        Household.objects.in_region(county.prefix)
        .order_by("village_id", "code")
        .values_list("pk", "village_id", "status")
    )
    by_village: dict[str, list[tuple[int, str]]] = {}
    for pk, village, status in rows:
        by_village.setdefault(village, []).append((pk, status))
    townships: dict[str, list[str]] = {}
    for village in sorted(by_village):
        townships.setdefault(village[:9], []).append(village)
    villages = [v for t in sorted(townships) for v in _draw(rng, townships[t], design["villages"])]
    sample = Sample(county=county, year=year, round=round, kind=kind, seed=design["seed"])
    sample.design = design | {"villages_drawn": villages}
    ledger_save(user=user, instance=sample, reason=_("抽样核查抽样"))
    items = []
    position = 0
    for village in villages:
        exited = [pk for pk, status in by_village[village] if status in EXITED_STATUSES]
        poor = [pk for pk, status in by_village[village] if status in STILL_POOR_STATUSES]
        for category, pks, size in ((Category.EXITED, exited, design["exited"]), (Category.POOR, poor, design["poor"])):
            for pk in _draw(rng, pks, size):
                position += 1
                items.append(
                    SampleItem(
                        sample=sample,
                        category=category,
                        village_id=village,
                        household_id=pk,
                        position=position,
                        created_by=user if user.pk else None,
                    )
                )
    SampleItem.objects.bulk_create(items, batch_size=1000)
    return sample


def sample_rates(sample: Sample) -> Rates:
    """Return the measured rates of a sample."""
    return rates_of(SampleItem.objects.filter(sample=sample))


def _percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value * 100)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@transaction.atomic
def sample_apply(*, user: Any, sample: Sample) -> CountyYear:
    """Write a sample's measured 错退率, 漏评率 and 群众认可度 into the county's year facts.

    The county evaluation (standards) then reads measured rates; the audit event names the sample.
    """
    require(user, "approve", Sample, _("只有市指挥部办公室可以把核查结果写入县级指标。"))
    locked = ledger_lock(user=user, model=Sample, pk=sample.pk, action="approve")
    rates = sample_rates(locked)
    if not rates.households:
        raise ValidationError(_("该轮抽样还没有核查结果。"))
    facts = CountyYear.objects.filter(county_id=locked.county_id, year=locked.year).first()
    if facts is None:
        raise ValidationError(
            _("%(county)s 尚无 %(year)s 年的县级年度情况，请先在行政区划中建立。")
            % {"county": locked.county.name, "year": locked.year}
        )
    data = {
        "wrong_exit_rate": _percent(rates.wrong_exit.value),
        "missed_rate": _percent(rates.missed.value),
        "recognition_rate": _percent(rates.recognition.value),
    }
    reason = _("抽样核查实测（%(sample)s，样本 %(n)s 户）") % {"sample": str(locked), "n": rates.households}
    try:
        saved = ledger_save(user=user, instance=facts, data=data, reason=reason)
    except PermissionDenied:
        raise PermissionDenied(_("当前角色不能修改县级年度指标。")) from None
    locked.applied_at = timezone.now()
    ledger_save(user=user, instance=locked, reason=_("核查结果写入县级指标"))
    return saved


def sample_in_force(*, county_code: str, year: int) -> Sample | None:
    """Return the newest sample of the county and year whose rates were written into its year facts."""
    return (
        Sample.objects.filter(county_id=county_code, year=year, applied_at__isnull=False)
        .order_by("-applied_at", "-pk")
        .first()
    )


def rates_failures(*, sample: Sample, rates: Rates | None = None) -> list[str]:
    """Return why a sample's measured rates do not meet the thresholds (empty: they do).

    The thresholds are business parameters (``exits.wrong_exit_max``, ``exits.missed_max``,
    ``exits.recognition_min``) of the sample's year and county.
    """
    rates = rates or sample_rates(sample)
    limits = {
        name: float(parameter_value(f"exits.{name}", year=sample.year, region=sample.county.prefix))
        for name in ("wrong_exit_max", "missed_max", "recognition_min")
    }
    failures = []
    if rates.wrong_exit.value is None or rates.wrong_exit.value >= limits["wrong_exit_max"]:
        failures.append(
            _("错退率 %(rate)s，须低于 %(limit)s。")
            % {"rate": _share(rates.wrong_exit.value), "limit": _share(limits["wrong_exit_max"])}
        )
    if rates.missed.value is None or rates.missed.value >= limits["missed_max"]:
        failures.append(
            _("漏评率 %(rate)s，须低于 %(limit)s。")
            % {"rate": _share(rates.missed.value), "limit": _share(limits["missed_max"])}
        )
    if rates.recognition.value is None or rates.recognition.value < limits["recognition_min"]:
        failures.append(
            _("群众认可度 %(rate)s，须不低于 %(limit)s。")
            % {"rate": _share(rates.recognition.value), "limit": _share(limits["recognition_min"])}
        )
    return failures


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"
