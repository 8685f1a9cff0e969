"""The ledgers of 退出程序: household exit cases, objections, village and county exits, samples."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel
from jingzhun.core.masking import Kind
from jingzhun.exits.choices import (
    CONCLUSIONS_BY_CATEGORY,
    CaseStatus,
    Category,
    Conclusion,
    CountyExitStatus,
    SampleKind,
    VillageExitStatus,
)

YEAR_VALIDATORS = [MinValueValidator(2014), MaxValueValidator(2035)]


def _user(verbose_name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class ExitCase(LedgerModel):
    """贫困户退出: one household's exit procedure in one year, from 民主评议 to 销号 (or 回退)."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="exit_cases"
    )
    year = models.PositiveSmallIntegerField(_("退出年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("环节"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ASSESSED, editable=False
    )
    meeting_on = models.DateField(_("民主评议日期"))
    attendance = models.PositiveSmallIntegerField(_("参会人数"), default=0)
    publicity_start = models.DateField(_("公示开始日期"), null=True, blank=True, editable=False)
    proposed_by = _user(_("提出人"))
    reviewed_by = _user(_("乡镇审核人"))
    approved_by = _user(_("县级审定人"))
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    rollback_reason = models.TextField(_("回退原因"), blank=True, editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("贫困户退出")
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                condition=~models.Q(status="rolled_back"),
                name="exit_case_one_per_year",
                violation_error_message=_("该户本年度已有退出程序。"),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"], name="exit_case_year_status")]

    def __str__(self) -> str:
        return f"{self.household_id and self.household.code} {self.year}年退出"


class Objection(LedgerModel):
    """公示异议: an objection raised during the village publicity of an exit, and how it was settled."""

    scope_field = "case__household__village_id"

    case = models.ForeignKey(ExitCase, verbose_name=_("退出程序"), on_delete=models.CASCADE, related_name="objections")
    raised_on = models.DateField(_("提出日期"))
    raised_by = models.CharField(_("提出人"), max_length=50, blank=True)
    content = models.TextField(_("异议内容"))
    resolved = models.BooleanField(_("已处理"), default=False)
    resolution = models.TextField(_("处理结果"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("公示异议")
        constraints = [
            models.CheckConstraint(
                name="objection_resolution_given",
                condition=models.Q(resolved=False) | ~models.Q(resolution=""),
                violation_error_message=_("处理异议须填写处理结果。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.raised_on} {self.content[:20]}"


class VillageExit(LedgerModel):
    """贫困村出列: one village's exit procedure in one year (村申请 → 乡镇审核 → 公示 → 县审定 → 公告)."""

    scope_field = "village_id"

    village = models.ForeignKey(
        "regions.Region",
        verbose_name=_("行政村"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "village"},
    )
    year = models.PositiveSmallIntegerField(_("出列年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("环节"), max_length=20, choices=VillageExitStatus.choices, default=VillageExitStatus.APPLIED, editable=False
    )
    publicity_start = models.DateField(_("公示开始日期"), null=True, blank=True, editable=False)
    proposed_by = _user(_("申请人"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("贫困村出列")
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="village_exit_unique")]

    def __str__(self) -> str:
        return f"{self.village} {self.year}年出列"


class CountyExit(LedgerModel):
    """贫困县摘帽: one county's exit procedure (县申请 → 市初审 → 省核查 → 省公示 → 批准退出)."""

    scope_field = "county_id"

    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("县（区）"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    year = models.PositiveSmallIntegerField(_("摘帽年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(
        _("环节"), max_length=20, choices=CountyExitStatus.choices, default=CountyExitStatus.APPLIED, editable=False
    )
    sample = models.ForeignKey(
        "exits.Sample", verbose_name=_("抽样核查"), on_delete=models.PROTECT, null=True, blank=True, editable=False
    )
    publicity_start = models.DateField(_("公示开始日期"), null=True, blank=True, editable=False)
    proposed_by = _user(_("申请人"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("贫困县摘帽")
        constraints = [models.UniqueConstraint(fields=["county", "year"], name="county_exit_unique")]

    def __str__(self) -> str:
        return f"{self.county} {self.year}年摘帽"


class Sample(LedgerModel):
    """抽样核查: one reproducible stratified sample of a county for a year (or a cross-inspection round)."""

    scope_field = "county_id"

    county = models.ForeignKey(
        "regions.Region",
        verbose_name=_("县（区）"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "county"},
    )
    year = models.PositiveSmallIntegerField(_("核查年度"), validators=YEAR_VALIDATORS)
    round = models.CharField(_("轮次"), max_length=50, default="第一轮")
    kind = models.CharField(_("类型"), max_length=20, choices=SampleKind.choices, default=SampleKind.VERIFICATION)
    seed = models.PositiveIntegerField(_("随机种子"))
    design = models.JSONField(_("抽样设计"), default=dict, editable=False)
    applied_at = models.DateTimeField(_("写入县级指标时间"), null=True, blank=True, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("抽样核查")
        constraints = [models.UniqueConstraint(fields=["county", "year", "round"], name="sample_round_unique")]

    def __str__(self) -> str:
        return f"{self.county} {self.year}年{self.round}"


class SampleItem(LedgerModel):
    """抽样户: one sampled household and its field result (核查人数, 结论, 认可, 政策知晓)."""

    scope_field = "village_id"
    personal_fields = {"id_number": Kind.ID_NUMBER}

    sample = models.ForeignKey(Sample, verbose_name=_("抽样核查"), on_delete=models.CASCADE, related_name="items")
    category = models.CharField(_("抽样类别"), max_length=20, choices=Category.choices)
    village = models.ForeignKey("regions.Region", verbose_name=_("行政村"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, null=True, blank=True
    )
    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    position = models.PositiveIntegerField(_("序号"), default=0)
    people = models.PositiveSmallIntegerField(_("核查人数"), null=True, blank=True)
    conclusion = models.CharField(_("核查结论"), max_length=20, choices=Conclusion.choices, blank=True)
    recognised = models.BooleanField(_("是否认可"), null=True, blank=True)
    aware = models.BooleanField(_("政策知晓"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("抽样户")
        ordering = ["sample_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "household"],
                condition=models.Q(household__isnull=False),
                name="sample_item_household_unique",
            ),
            models.CheckConstraint(
                name="sample_item_registered_has_household",
                condition=models.Q(category="non_registered") | models.Q(household__isnull=False),
                violation_error_message=_("建档立卡户须填写户编号。"),
            ),
        ]

    def __str__(self) -> str:
        return self.household.code if self.household is not None else f"{self.get_category_display()} {self.position}"

    def clean(self) -> None:
        super().clean()
        allowed = CONCLUSIONS_BY_CATEGORY.get(Category(self.category), ()) if self.category else ()
        if self.conclusion and allowed and self.conclusion not in allowed:
            labels = "、".join(str(Conclusion(c).label) for c in allowed)
            raise ValidationError(
                {
                    "conclusion": _("%(category)s的核查结论只能是：%(allowed)s。")
                    % {"category": self.get_category_display(), "allowed": labels}
                }
            )
        if self.category == Category.NON_REGISTERED and not self.id_number:
            raise ValidationError({"id_number": _("非建档立卡户须填写证件号码。")})
