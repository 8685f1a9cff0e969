"""Use cases of 考核评估: rounds and their rows (locked once published), publishing, defaults.

Every write goes through the ledger services (``core.services``): the policy (the city
office writes), validation, optimistic locking and the audit log.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jingzhun.assessments.choices import Level, RoundStatus, Source
from jingzhun.assessments.models import Adjustment, Component, Entity, PeerGroup, PublishedResult, Round, Scheme, Score
from jingzhun.core.access import require
from jingzhun.core.audit import audit_context
from jingzhun.core.services import ledger_delete, ledger_save
from jingzhun.core.workflow import transition_run, workflow_start
from jingzhun.regions.models import Region

CITY_CODE = "610900000000"  # 安康市: the office that owns the shipped schemes and rounds

# The shipped starting points (issue 16): the city's quarterly county scheme of the provincial
# assessment and a county internal scheme whose weights are business parameters.
PROVINCE_QUARTERLY_SCHEME = "province-quarterly-county"
COUNTY_INTERNAL_SCHEME = "county-internal"
CITY_MONTHLY_SCHEME = "city-monthly-county"
DEFAULT_SCHEMES: dict[str, dict[str, Any]] = {
    PROVINCE_QUARTERLY_SCHEME: {
        "name": "省季度考核（县区）",
        "level": Level.COUNTY,
        "bonus_cap": Decimal("1.0"),
        "deduction_cap": None,
        "description": "县区季度考核分由交叉检查打分和省扶贫办月通报得分（含加分项）构成。",
        "components": [
            ("cross_check", "交叉检查", Decimal(1), "", Decimal(100)),
            ("monthly_bulletin", "月通报得分", None, "", Decimal(2)),
        ],
    },
    COUNTY_INTERNAL_SCHEME: {
        "name": "县区脱贫攻坚成效考核",
        "level": Level.COUNTY,
        "bonus_cap": Decimal(5),
        "deduction_cap": Decimal(10),
        "description": "参照省级党委和政府扶贫开发工作成效考核办法的四个方面，权重为业务参数。",
        "components": [
            ("reduction", "减贫成效", None, "assessments.weight_reduction", Decimal(100)),
            ("identification", "精准识别", None, "assessments.weight_identification", Decimal(100)),
            ("assistance", "精准帮扶", None, "assessments.weight_assistance", Decimal(100)),
            ("funds", "扶贫资金", None, "assessments.weight_funds", Decimal(100)),
        ],
    },
    CITY_MONTHLY_SCHEME: {
        "name": "市月通报（县区，系统数据）",
        "level": Level.COUNTY,
        "bonus_cap": Decimal(2),
        "deduction_cap": Decimal(5),
        "description": (
            "由系统数据计算的县区月度排名；指标的数据来源见“数据来源”，"
            "其他应用提供的度量（住村率、入户率、整改完成率）上线后加入。"
        ),
        "components": [
            ("data_quality", "数据质量", Decimal("0.4"), "", Decimal(100), "quality.findings_per_10k"),
            ("fund_execution", "资金支出进度", Decimal("0.3"), "", Decimal(100), "projects.fund_execution"),
            ("milestones", "项目节点按期完成", Decimal("0.3"), "", Decimal(100), "projects.milestone_punctuality"),
        ],
    },
}
CITY_COUNTIES_GROUP = "ankang-counties"


def round_require_open(round: Round) -> None:
    """Raise ValidationError if ``round`` is published (locked)."""
    if Round.objects.filter(pk=round.pk, status=RoundStatus.PUBLISHED).exists():
        raise ValidationError(_("考核轮次“%(name)s”已发布并锁定，不能再修改。") % {"name": round.name})


@transaction.atomic
def round_save(
    *,
    user: Any,
    round: Round,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Round:
    """Create or change a round (a published round is locked)."""
    creating = round._state.adding
    if not creating:
        round_require_open(round)
    if creating and not round.owner_id:
        round.owner_id = getattr(user, "region_id", None) or CITY_CODE
    saved = ledger_save(user=user, instance=round, data=data, expected_version=expected_version, reason=reason)
    if creating:
        workflow_start(user=user, obj=saved)
    return saved


@transaction.atomic
def round_child_save(
    *, user: Any, instance: Score | Adjustment | PublishedResult, expected_version: int | None = None, reason: str = ""
) -> Any:
    """Save a score, an adjustment or a published result of a round that is not locked."""
    round_require_open(instance.round)
    return ledger_save(user=user, instance=instance, expected_version=expected_version, reason=reason)


@transaction.atomic
def round_child_delete(*, user: Any, instance: Score | Adjustment | PublishedResult, reason: str = "") -> None:
    round_require_open(instance.round)
    ledger_delete(user=user, instance=instance, reason=reason)


def round_publish(*, user: Any, round: Round, note: str = "") -> Round:
    """Publish a round: its results are final and its rows locked."""
    log = transition_run(user=user, obj=round, transition="publish", note=note)
    published = log.subject  # type: ignore[attr-defined]
    assert isinstance(published, Round)
    return published


def entity_for_region(region: Region) -> Entity:
    """Return the body assessed for a division of the map (created on first use)."""
    kind = Level.CITY if region.level == "city" else Level.COUNTY
    entity, _created = Entity.objects.get_or_create(
        code=region.code, defaults={"name": region.name, "kind": kind, "region": region, "in_city": True}
    )
    return entity


@transaction.atomic
def defaults_install(*, user: Any) -> dict[str, Scheme]:
    """Install the shipped schemes, the city's counties as bodies and their peer group (idempotent)."""
    require(user, "add", Scheme)
    schemes = {}
    with audit_context(actor=user if getattr(user, "pk", None) else None, reason=_("安装默认考核方案")):
        for code, spec in DEFAULT_SCHEMES.items():
            scheme = Scheme.objects.filter(code=code).order_by("-edition").first()
            if scheme is None:
                scheme = Scheme.objects.create(
                    owner_id=CITY_CODE,
                    code=code,
                    name=spec["name"],
                    level=spec["level"],
                    bonus_cap=spec["bonus_cap"],
                    deduction_cap=spec["deduction_cap"],
                    description=spec["description"],
                )
                for order, (ccode, name, weight, parameter, full, *feed) in enumerate(spec["components"]):
                    Component.objects.create(
                        scheme=scheme,
                        code=ccode,
                        name=name,
                        weight=weight,
                        weight_parameter=parameter,
                        max_score=full,
                        feed=feed[0] if feed else "",
                        order=order,
                    )
            schemes[code] = scheme
        group, _created = PeerGroup.objects.get_or_create(code=CITY_COUNTIES_GROUP, defaults={"name": "安康市十县区"})
        counties = Region.objects.filter(parent_id=CITY_CODE, level="county").order_by("code")
        group.members.add(*[entity_for_region(county) for county in counties])
    return schemes


def round_create(
    *,
    user: Any,
    code: str,
    scheme: Scheme,
    name: str = "",
    source: str = Source.PROVINCE_QUARTERLY,
    year: int | None = None,
    period: str = "",
    period_end: datetime.date | None = None,
    group: PeerGroup | None = None,
    previous: Round | None = None,
) -> Round:
    """Create a draft round of ``scheme`` (a shortcut of ``round_save`` for commands, imports and the demo)."""
    year = year or (period_end.year if period_end else datetime.date.today().year)
    return round_save(
        user=user,
        round=Round(
            code=code,
            name=name or code,
            source=source,
            year=year,
            period=period or str(year),
            period_end=period_end or datetime.date(year, 12, 31),
            scheme=scheme,
            group=group,
            previous=previous,
        ),
    )


@transaction.atomic
def scheme_new_edition(*, user: Any, scheme: Scheme, reason: str = "") -> Scheme:
    """Return a new edition of ``scheme`` (the next version number) with a copy of its components.

    Rounds keep the edition they were scored under; later rounds use the new one.
    """
    latest = Scheme.objects.filter(code=scheme.code).order_by("-edition").values_list("edition", flat=True).first()
    copy = Scheme(
        owner_id=scheme.owner_id,
        code=scheme.code,
        edition=(latest or scheme.edition) + 1,
        name=scheme.name,
        level=scheme.level,
        year=scheme.year,
        bonus_cap=scheme.bonus_cap,
        deduction_cap=scheme.deduction_cap,
        description=scheme.description,
    )
    copy = ledger_save(user=user, instance=copy, reason=reason or _("新版本"))
    with audit_context(actor=user if getattr(user, "pk", None) else None, reason=reason or _("新版本")):
        for component in Component.objects.filter(scheme=scheme).order_by("order", "code"):
            component.pk = None
            component.scheme = copy
            component.save()
    return copy
