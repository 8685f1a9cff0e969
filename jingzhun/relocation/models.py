"""The ledgers of relocation (易地扶贫搬迁) and housing safety (危房改造): the two 房 behind every exit."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel
from jingzhun.relocation.choices import FacilityKind, HouseRating, OldHouse, SiteKind

YEARS = [MinValueValidator(2014), MaxValueValidator(2030)]
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class Site(LedgerModel):
    """安置点: a resettlement site (集中安置 in a community, or 分散安置 in a village), its units and facilities."""

    scope_field = "region_id"

    code = models.CharField(_("安置点编号"), max_length=30, unique=True)
    name = models.CharField(_("安置点名称"), max_length=100)
    kind = models.CharField(_("安置类型"), max_length=12, choices=SiteKind.choices, default=SiteKind.CONCENTRATED)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在行政区划"), on_delete=models.PROTECT, related_name="relocation_sites"
    )
    planned_units = models.PositiveIntegerField(_("计划套数"), default=0)
    completed_units = models.PositiveIntegerField(_("竣工套数"), default=0)
    facilities_planned = models.PositiveSmallIntegerField(_("计划配套设施（项）"), default=0)
    facilities_completed = models.PositiveSmallIntegerField(_("完成配套设施（项）"), default=0)
    deadline = models.DateField(_("计划竣工日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("安置点")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_units__lte=F("planned_units")),
                name="relocation_site_completed_within_planned",
                violation_error_message=_("竣工套数不能多于计划套数。"),
            ),
            models.CheckConstraint(
                condition=Q(facilities_completed__lte=F("facilities_planned")),
                name="relocation_site_facilities_within_planned",
                violation_error_message=_("完成配套设施不能多于计划配套设施。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Facility(LedgerModel):
    """安置点配套设施: a school, clinic, water, road, power or community-service works of a site, and its project."""

    scope_field = "site__region_id"

    site = models.ForeignKey(Site, verbose_name=_("安置点"), on_delete=models.CASCADE, related_name="facilities")
    kind = models.CharField(_("设施类别"), max_length=12, choices=FacilityKind.choices)
    completed = models.BooleanField(_("已建成"), default=False)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("建设项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relocation_facilities",
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("配套设施")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind"],
                name="relocation_facility_once_per_site",
                violation_error_message=_("该安置点已有此类配套设施。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.site.name} {self.get_kind_display()}"


class Relocation(LedgerModel):
    """搬迁户: a registered household relocated to a site (易地扶贫搬迁), with its money and its old house."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="relocations"
    )
    site = models.ForeignKey(Site, verbose_name=_("安置点"), on_delete=models.PROTECT, related_name="relocations")
    batch_year = models.PositiveSmallIntegerField(_("搬迁年度"), validators=YEARS)
    people = models.PositiveSmallIntegerField(_("搬迁人数"), validators=[MinValueValidator(1), MaxValueValidator(30)])
    area = models.DecimalField(_("安置面积（平方米）"), max_digits=7, decimal_places=2, validators=NOT_NEGATIVE)
    self_financing = models.DecimalField(
        _("自筹资金（元）"), max_digits=10, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )
    in_debt = models.BooleanField(_("因搬迁负债"), default=False)
    keys_on = models.DateField(_("交钥匙日期"), null=True, blank=True)
    moved_in_on = models.DateField(_("入住日期"), null=True, blank=True)
    old_house = models.CharField(_("旧房处置"), max_length=12, choices=OldHouse.choices, default=OldHouse.PENDING)
    kept_reason = models.CharField(_("保留原因"), max_length=200, blank=True)
    kept_approved = models.BooleanField(_("保留原因已审核"), default=False)
    subsidy = models.DecimalField(
        _("补助资金（元）"), max_digits=10, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("搬迁户")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                name="relocation_household_once",
                violation_error_message=_("该户已登记过易地扶贫搬迁，不能重复享受搬迁政策。"),
            ),
            models.CheckConstraint(
                condition=Q(moved_in_on__isnull=True) | Q(keys_on__isnull=False),
                name="relocation_moved_in_after_keys",
                violation_error_message=_("填写了入住日期的，须先填写交钥匙日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} → {self.site.name}"

    def clean(self) -> None:
        super().clean()
        if self.keys_on and self.moved_in_on and self.moved_in_on < self.keys_on:
            raise ValidationError({"moved_in_on": _("入住日期不能早于交钥匙日期。")})
        if self.old_house != OldHouse.KEPT and self.kept_approved:
            raise ValidationError({"kept_approved": _("只有保留的旧房才需审核保留原因。")})

    @property
    def area_per_person(self) -> Decimal | None:
        if not self.people:
            return None
        return (self.area / self.people).quantize(Decimal("0.01"))


class Renovation(LedgerModel):
    """危房改造: a registered household's C- or D-rated house renovated, accepted and moved into."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="renovations"
    )
    rating = models.CharField(_("危房等级"), max_length=1, choices=HouseRating.choices)
    plan_year = models.PositiveSmallIntegerField(_("计划年度"), validators=YEARS)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    accepted_on = models.DateField(_("竣工验收日期"), null=True, blank=True)
    moved_in_on = models.DateField(_("入住日期"), null=True, blank=True)
    subsidy = models.DecimalField(
        _("补助资金（元）"), max_digits=10, decimal_places=2, default=0, validators=NOT_NEGATIVE
    )

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("危房改造")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "plan_year"],
                name="relocation_renovation_once_a_year",
                violation_error_message=_("该户本年度已有危房改造记录。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} {self.plan_year}"

    def clean(self) -> None:
        super().clean()
        if self.started_on and self.accepted_on and self.accepted_on < self.started_on:
            raise ValidationError({"accepted_on": _("竣工验收日期不能早于开工日期。")})
        if self.moved_in_on and not self.accepted_on:
            raise ValidationError({"moved_in_on": _("竣工验收后才能入住。")})
