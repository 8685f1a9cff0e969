"""The ledgers of what each household gets (产业·就业): typed measures, business entities and their links to
households, trainings, employment, public-welfare posts and the village collective economy."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel
from jingzhun.measures.choices import EntityKind, LinkKind, MeasureKind, PostKind, WorkPlace

YEARS = [MinValueValidator(2014), MaxValueValidator(2030)]
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, default=0, validators=NOT_NEGATIVE)


class HouseholdMeasure(LedgerModel):
    """帮扶措施: one measure a registered household gets in a year (产业 with its industry, 就业, 公益岗位 …)."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="measures"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    kind = models.CharField(_("措施类别"), max_length=20, choices=MeasureKind.choices)
    industry = models.CharField(_("产业/内容"), max_length=100, blank=True)
    long_term = models.BooleanField(_("长效增收产业"), default=False)
    amount = money(_("金额（元）"))
    provider = models.CharField(_("实施单位"), max_length=100, blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("帮扶措施")
        indexes = [models.Index(fields=["household", "year", "kind"], name="measure_household_year_kind")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(long_term=False) | models.Q(kind=MeasureKind.INDUSTRY),
                name="measures_long_term_is_industry",
                violation_error_message=_("只有产业扶贫措施才能标记为长效增收产业。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} {self.year} {self.get_kind_display()}"


class BusinessEntity(LedgerModel):
    """新型经营主体: a leading enterprise, cooperative, family farm, community factory or park linking poor people."""

    scope_field = "village_id"

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("主体类型"), max_length=20, choices=EntityKind.choices)
    village = models.ForeignKey(
        "regions.Region", verbose_name=_("所在村"), on_delete=models.PROTECT, related_name="business_entities"
    )
    industry = models.CharField(_("主导产业"), max_length=100, blank=True)
    poor_linked = models.PositiveIntegerField(_("带动贫困户（户）"), default=0)
    poor_employed = models.PositiveIntegerField(_("吸纳贫困劳动力（人）"), default=0)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("经营主体")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "name"],
                name="measures_entity_unique_in_village",
                violation_error_message=_("本村已有同名经营主体。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class EntityLink(LedgerModel):
    """带贫联结: how a business entity links a household (入股 land or money, work, orders, dividends) in a year."""

    scope_field = "household__village_id"

    entity = models.ForeignKey(
        BusinessEntity, verbose_name=_("经营主体"), on_delete=models.CASCADE, related_name="links"
    )
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="entity_links"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    kind = models.CharField(_("联结方式"), max_length=20, choices=LinkKind.choices)
    amount = money(_("收益（元）"))

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("带贫联结")

    def __str__(self) -> str:
        return f"{self.entity.name} — {self.household.code}"


class Training(LedgerModel):
    """技能培训: a course a member of a household took, and the certificate obtained."""

    scope_field = "member__household__village_id"

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("成员"), on_delete=models.CASCADE, related_name="trainings"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    course = models.CharField(_("培训项目"), max_length=100)
    certificate = models.CharField(_("证书"), max_length=100, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("技能培训")

    def __str__(self) -> str:
        return f"{self.member.name} {self.course}"


class Employment(LedgerModel):
    """转移就业: a registered labourer's work away from home in a year (place, months, income)."""

    scope_field = "member__household__village_id"

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("成员"), on_delete=models.CASCADE, related_name="employments"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    place = models.CharField(_("务工地点"), max_length=10, choices=WorkPlace.choices)
    employer = models.CharField(_("务工单位"), max_length=100, blank=True)
    months = models.PositiveSmallIntegerField(_("务工月数"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    income = money(_("务工收入（元）"))

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("转移就业")

    def __str__(self) -> str:
        return f"{self.member.name} {self.year} {self.get_place_display()}"


class WelfarePost(LedgerModel):
    """公益岗位: a public-welfare, ecology or upkeep post held by a member of a poor household."""

    scope_field = "member__household__village_id"

    member = models.ForeignKey(
        "registry.Member", verbose_name=_("成员"), on_delete=models.CASCADE, related_name="welfare_posts"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    kind = models.CharField(_("岗位类别"), max_length=10, choices=PostKind.choices, default=PostKind.PUBLIC)
    post = models.CharField(_("岗位名称"), max_length=100)
    monthly_pay = money(_("月补贴（元）"))
    months = models.PositiveSmallIntegerField(_("在岗月数"), default=12, validators=[MaxValueValidator(12)])
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("管护项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="welfare_posts",
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("公益岗位")

    def __str__(self) -> str:
        return f"{self.member.name} {self.post}"

    @property
    def pay(self) -> Decimal:
        return self.monthly_pay * self.months


class CollectiveEconomy(LedgerModel):
    """村集体经济: a village's collective economic organisation in a year (assets, income, 三变 shareholders)."""

    scope_field = "village_id"

    village = models.ForeignKey(
        "regions.Region", verbose_name=_("行政村"), on_delete=models.PROTECT, related_name="collective_economies"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEARS)
    organisation = models.CharField(_("集体经济组织"), max_length=100)
    assets = money(_("经营性资产（元）"))
    income = money(_("经营收入（元）"))
    shareholders = models.PositiveIntegerField(_("入股成员（人）"), default=0)
    poor_shareholders = models.PositiveIntegerField(_("其中贫困人口（人）"), default=0)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("村集体经济")
        constraints = [
            models.UniqueConstraint(
                fields=["village", "year"],
                name="measures_collective_once_a_year",
                violation_error_message=_("本村本年度已有集体经济记录。"),
            ),
            models.CheckConstraint(
                condition=models.Q(poor_shareholders__lte=models.F("shareholders")),
                name="measures_collective_poor_within_shareholders",
                violation_error_message=_("贫困人口入股人数不能多于入股成员。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"
