"""The ledgers of East–West cooperation (东西部扶贫协作): one set for both sides of each pairing.

Every row has a western region (the receiving county, township or village, ``west_region``)
and, through its pairing, an eastern one; ``TwoSidedQuerySet`` lets each side see the rows
of its own pairings. Amounts are in 万元 as in the assessment's tables.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingzhun.cooperation.choices import (
    AgreementKind,
    Channel,
    Destination,
    Direction,
    DonationKind,
    ExchangeKind,
    FundKind,
    Indicator,
    MeetingKind,
    NeedStatus,
    PairingLevel,
    ParkKind,
    TrainingKind,
)
from jingzhun.cooperation.querysets import TwoSidedManager
from jingzhun.core.idnumbers import parse_id_number
from jingzhun.core.ledger import LedgerModel
from jingzhun.core.masking import Kind
from jingzhun.regions.models import YEAR_VALIDATORS
from jingzhun.registry.models import Member

AMOUNT: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


def _region(verbose_name: Any, **kwargs: Any) -> models.ForeignKey:
    return models.ForeignKey(
        "regions.Region", verbose_name=verbose_name, on_delete=models.PROTECT, related_name="+", **kwargs
    )


class Pairing(LedgerModel):
    """结对关系: an eastern region or unit paired with a western one (市、县、镇、村，企业、学校、医院、社会组织)."""

    scope_field = "west_region_id"
    east_scope_field: ClassVar[str] = "east_region_id"
    personal_fields = {"front_phone": Kind.PHONE, "back_phone": Kind.PHONE}

    level = models.CharField(_("结对类型"), max_length=12, choices=PairingLevel.choices)
    east_region = _region(_("东部地区"))
    east_party = models.CharField(_("东部结对方"), max_length=100, help_text=_("如：常州市武进区、某企业、某小学"))
    west_region = _region(_("西部地区"))
    west_party = models.CharField(_("西部结对方"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("终止年度"), null=True, blank=True, validators=YEAR_VALIDATORS)
    active = models.BooleanField(_("有效"), default=True)
    front_contact = models.CharField(_("前方工作组联系人"), max_length=50, blank=True)
    front_phone = models.CharField(_("前方联系电话"), max_length=20, blank=True)
    back_contact = models.CharField(_("后方联系人"), max_length=50, blank=True)
    back_phone = models.CharField(_("后方联系电话"), max_length=20, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects: ClassVar[TwoSidedManager] = TwoSidedManager()

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("结对关系")
        constraints = [
            models.CheckConstraint(
                name="coop_pairing_years",
                condition=Q(end_year__isnull=True) | Q(end_year__gte=models.F("start_year")),
                violation_error_message=_("终止年度不能早于起始年度。"),
            ),
            models.UniqueConstraint(
                fields=["level", "east_region", "west_region", "east_party"],
                name="coop_pairing_unique",
                violation_error_message=_("该结对关系已经登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.east_party} — {self.west_party}"

    def clean(self) -> None:
        super().clean()
        if self.east_region_id and self.west_region_id and self.east_region_id[:2] == self.west_region_id[:2]:
            raise ValidationError({"east_region": _("东部结对方与西部结对方不能在同一省份。")})


class Agreement(LedgerModel):
    """协作协议: the framework agreement of a pairing or its yearly agreement (targets, tasks, projects)."""

    scope_field = "pairing__west_region_id"
    east_scope_field: ClassVar[str] = "pairing__east_region_id"

    pairing = models.ForeignKey(Pairing, verbose_name=_("结对关系"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("协议类型"), max_length=12, choices=AgreementKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True, validators=YEAR_VALIDATORS)
    title = models.CharField(_("协议名称"), max_length=200)
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    tasks = models.TextField(_("任务清单"), blank=True)
    project_list = models.TextField(_("项目清单"), blank=True)

    objects: ClassVar[TwoSidedManager] = TwoSidedManager()

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("协作协议")
        constraints = [
            models.CheckConstraint(
                name="coop_agreement_yearly_has_year",
                condition=~Q(kind=AgreementKind.YEARLY) | Q(year__isnull=False),
                violation_error_message=_("年度协议必须填写年度。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AgreementTarget(LedgerModel):
    """协议目标: the target of one indicator in a yearly agreement."""

    scope_field = "agreement__pairing__west_region_id"
    east_scope_field: ClassVar[str] = "agreement__pairing__east_region_id"

    agreement = models.ForeignKey(Agreement, verbose_name=_("协议"), on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("指标"), max_length=30, choices=Indicator.choices)
    value = models.DecimalField(_("目标值"), **AMOUNT)

    objects: ClassVar[TwoSidedManager] = TwoSidedManager()

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("协议目标")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "indicator"],
                name="coop_target_unique",
                violation_error_message=_("同一协议的同一指标只能有一个目标值。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.value}"


class CooperationRow(LedgerModel):
    """A row of a cooperation ledger: a year, the western region it serves and the pairing it belongs to."""

    scope_field = "west_region_id"
    east_scope_field: ClassVar[str] = "pairing__east_region_id"

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    west_region = _region(_("受援地区"))
    pairing = models.ForeignKey(
        Pairing, verbose_name=_("结对关系"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects: ClassVar[TwoSidedManager] = TwoSidedManager()

    class Meta(LedgerModel.Meta):
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.pairing is not None and self.west_region_id:
            west = self.pairing.west_region
            if not self.west_region_id.startswith(west.prefix):
                raise ValidationError({"west_region": _("受援地区不在该结对关系的西部地区内。")})


class AidFund(CooperationRow):
    """协作资金: aid funds (财政援助 / 社会帮扶) received by the western side, by source, and their use."""

    kind = models.CharField(_("资金类型"), max_length=10, choices=FundKind.choices)
    source = models.CharField(_("资金来源"), max_length=100, help_text=_("如：常州市财政、武进区财政、某企业"))
    amount = models.DecimalField(_("到位金额（万元）"), **AMOUNT)
    received_on = models.DateField(_("到位日期"), null=True, blank=True)
    spent = models.DecimalField(_("已支出（万元）"), default=Decimal("0"), **AMOUNT)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("安排项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("项目库中资金来源为东西部协作资金的项目"),
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("协作资金")
        constraints = [
            models.CheckConstraint(
                name="coop_fund_spent_within_amount",
                condition=Q(spent__lte=models.F("amount")),
                violation_error_message=_("已支出金额不能超过到位金额。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.source} {self.amount} 万元"

    @property
    def execution(self) -> Decimal | None:
        """Share of the fund spent (%)."""
        return (self.spent * 100 / self.amount).quantize(Decimal("0.1")) if self.amount else None


class Exchange(CooperationRow):
    """挂职交流: a cadre or professional (teacher, doctor, agronomist) posted to the other side."""

    name = models.CharField(_("姓名"), max_length=50)
    kind = models.CharField(_("类别"), max_length=12, choices=ExchangeKind.choices)
    direction = models.CharField(_("派出方向"), max_length=10, choices=Direction.choices)
    home_unit = models.CharField(_("派出单位"), max_length=100, blank=True)
    post = models.CharField(_("挂职单位及职务"), max_length=150, blank=True)
    start_on = models.DateField(_("开始日期"))
    end_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("挂职交流")
        constraints = [
            models.CheckConstraint(
                name="coop_exchange_dates",
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Training(CooperationRow):
    """培训: a course held through the cooperation, with the people trained."""

    title = models.CharField(_("培训名称"), max_length=150)
    kind = models.CharField(_("培训类别"), max_length=12, choices=TrainingKind.choices)
    held_on = models.DateField(_("举办日期"), null=True, blank=True)
    people = models.PositiveIntegerField(_("培训人数"))
    poor_people = models.PositiveIntegerField(_("其中贫困人口"), default=0)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("培训")
        constraints = [
            models.CheckConstraint(
                name="coop_training_poor_within_people",
                condition=Q(poor_people__lte=models.F("people")),
                violation_error_message=_("贫困人口数不能超过培训人数。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class LabourRecord(CooperationRow):
    """劳务协作: one person employed through the cooperation (in the east, locally, in a workshop).

    ``member`` is the registered poor person with the same ID number, found when the row is
    saved; a person not in the registry is kept but does not count as poor.
    """

    personal_fields = {"id_number": Kind.ID_NUMBER}

    id_number = models.CharField(_("证件号码"), max_length=18, db_index=True)
    name = models.CharField(_("姓名"), max_length=50)
    destination = models.CharField(_("就业地区"), max_length=10, choices=Destination.choices)
    employer = models.CharField(_("就业单位"), max_length=150)
    months = models.PositiveSmallIntegerField(
        _("就业月数"), validators=[MinValueValidator(0), MaxValueValidator(12)], help_text=_("当年就业月数，0–12")
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("建档立卡人口"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("劳务协作")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "id_number", "employer"],
                name="coop_labour_unique",
                violation_error_message=_("同一人同一年度在同一就业单位只登记一行。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.employer}"

    def clean(self) -> None:
        if self.id_number:
            try:
                self.id_number = parse_id_number(self.id_number).number
            except ValidationError as exc:
                raise ValidationError({"id_number": exc.messages}) from None
            if not getattr(self, "member_matched", False):  # an import matches the whole file at once
                self.member = member_for(self.id_number)
        super().clean()


def member_for(id_number: str) -> Any:
    """Return the registered poor person with this ID number (the latest entry), or None."""
    return Member.objects.filter(id_number=id_number).order_by("-pk").first()


class Purchase(CooperationRow):
    """消费扶贫: products of the western side bought by the eastern side (单位、企业、个人)."""

    product = models.CharField(_("产品"), max_length=100)
    buyer = models.CharField(_("购买方"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    amount = models.DecimalField(_("金额（万元）"), **AMOUNT)
    households = models.PositiveIntegerField(_("带动贫困户（户）"), default=0)
    purchased_on = models.DateField(_("购买日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("消费扶贫")

    def __str__(self) -> str:
        return f"{self.buyer} {self.product}"


class Investment(CooperationRow):
    """企业投资: an eastern enterprise investing in the western side (园区 / 飞地园区), and the poor it employs."""

    enterprise = models.CharField(_("企业名称"), max_length=150)
    origin = models.CharField(_("企业所在地"), max_length=100, blank=True)
    industry = models.CharField(_("行业"), max_length=50, blank=True)
    amount = models.DecimalField(_("实际投资（万元）"), **AMOUNT)
    park = models.CharField(_("园区名称"), max_length=100, blank=True)
    park_kind = models.CharField(_("园区类型"), max_length=10, choices=ParkKind.choices, default=ParkKind.NONE)
    poor_employed = models.PositiveIntegerField(_("吸纳贫困人口就业（人）"), default=0)
    started_on = models.DateField(_("投产日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("企业投资")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "west_region", "enterprise"],
                name="coop_investment_unique",
                violation_error_message=_("同一企业同一年度在同一地区只登记一行。"),
            ),
        ]

    def __str__(self) -> str:
        return self.enterprise


class Donation(CooperationRow):
    """社会捐赠: money or goods donated by the eastern side's society (企业、社会组织、个人)."""

    donor = models.CharField(_("捐赠方"), max_length=150)
    kind = models.CharField(_("捐赠类型"), max_length=10, choices=DonationKind.choices)
    amount = models.DecimalField(_("金额或折价（万元）"), **AMOUNT)
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    received_on = models.DateField(_("到位日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("社会捐赠")

    def __str__(self) -> str:
        return f"{self.donor} {self.amount} 万元"


class Meeting(CooperationRow):
    """联席会议与互访: a joint meeting, a high-level visit or a working meeting, with its decisions."""

    kind = models.CharField(_("类型"), max_length=10, choices=MeetingKind.choices)
    title = models.CharField(_("会议或活动名称"), max_length=200)
    held_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=100, blank=True)
    attendees = models.TextField(_("参加人员"), blank=True)
    decisions = models.TextField(_("议定事项"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("联席会议与互访")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.held_on and self.year and self.held_on.year != self.year:
            raise ValidationError({"held_on": _("会议日期须在所填年度内。")})


class VillageNeed(CooperationRow):
    """一地一策: a need of a recipient village and what the cooperation did for it (前方需求清单)."""

    need = models.CharField(_("需求"), max_length=300)
    response = models.TextField(_("帮扶举措与成效"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    due_on = models.DateField(_("期望完成日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("村级需求（一地一策）")

    def __str__(self) -> str:
        return self.need
