"""Projects and funds (项目资金): the project library, money, milestones, progress, acceptance, upkeep."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Sector
from jingzhun.core.audit import AuditedModel
from jingzhun.core.formatting import yuan
from jingzhun.core.regioncodes import code_at
from jingzhun.core.uploads import upload_limit_bytes, validate_upload
from jingzhun.projects.choices import (
    AcceptanceResult,
    BudgetChangeStatus,
    FundSource,
    MilestoneKey,
    ProjectStatus,
    ProjectType,
)
from jingzhun.projects.querysets import ProjectQuerySet, SectorScopedQuerySet

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2035)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]
code_validator = RegexValidator(r"^[0-9A-Za-z-]{4,30}$", _("项目编号只能由字母、数字和连字符组成（4–30 位）。"))

PHOTO_MAX_BYTES = upload_limit_bytes("photo")


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    """Return a field for an amount in 元 (two decimals)."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, **kwargs)


def validate_photo(upload: Any) -> None:
    """Accept JPEG, PNG or WebP photos up to 10 MB, checked by extension and by content."""
    validate_upload(upload, kind="photo")


class Project(AuditedModel):
    """扶贫项目: one project of the project library (项目库), e.g. a village road or a water works.

    ``region`` is where it lies: a village, or the township or county when it serves several
    villages (listed in ``villages``); scope and grouping by county use its code.
    """

    scope_field = "region_id"
    sector_field = "sector"

    code = models.CharField(_("项目编号"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("项目名称"), max_length=200)
    type = models.CharField(_("项目类型"), max_length=20, choices=ProjectType.choices)
    type_note = models.CharField(_("类型说明"), max_length=50, blank=True, help_text=_("项目类型为“其他”时填写"))
    sector = models.CharField(_("行业主管部门"), max_length=30, choices=Sector.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("建设地点"), on_delete=models.PROTECT, related_name="projects"
    )
    villages = models.ManyToManyField(
        "regions.Region", verbose_name=_("受益村"), blank=True, related_name="served_by_projects"
    )
    plan_year = models.PositiveSmallIntegerField(_("计划年度"), validators=YEAR_VALIDATORS)
    scale_km = models.DecimalField(_("建设规模（公里）"), max_digits=10, decimal_places=2, null=True, blank=True)
    people_served = models.PositiveIntegerField(_("受益人口（人）"), null=True, blank=True)
    units = models.PositiveIntegerField(_("建设数量"), null=True, blank=True)
    unit_label = models.CharField(_("数量单位"), max_length=10, blank=True, help_text=_("如：处、座、户、间"))
    budget = money_field(_("总投资（元）"), validators=[MinValueValidator(Decimal("0.01"))])
    responsible_unit = models.CharField(_("责任单位"), max_length=100)
    responsible_person = models.CharField(_("责任人"), max_length=50)
    status = models.CharField(_("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    note = models.TextField(_("备注"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目")
        verbose_name_plural = _("项目")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["region", "plan_year"], name="project_region_year"),
            models.Index(fields=["sector", "region"], name="project_sector_region"),
        ]
        constraints = [
            models.CheckConstraint(
                name="project_budget_positive",
                condition=models.Q(budget__gt=0),
                violation_error_message=_("项目总投资必须大于 0。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        super().clean()
        if self.type == ProjectType.OTHER and not self.type_note:
            raise ValidationError({"type_note": _("项目类型为“其他”时请填写类型说明。")})

    def audit_region_code(self) -> str:
        return self.region_id or ""

    @property
    def county_code(self) -> str:
        return code_at(self.region_id or "", "county")


class ProjectChild(AuditedModel):
    """Base of the rows that belong to one project: scoped through it, audited under it."""

    scope_field = "project__region_id"
    sector_field = "project__sector"

    project: models.ForeignKey

    class Meta:
        abstract = True

    def audit_root(self) -> tuple[str, str]:
        return Project._meta.label, str(self.project_id)  # type: ignore[attr-defined]

    def audit_region_code(self) -> str:
        return self.project.region_id if self.project_id else ""  # type: ignore[attr-defined]


class ProjectBeneficiary(ProjectChild):
    """带贫对象: a registered poor household that benefits from a project."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="beneficiaries")
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("受益贫困户"), on_delete=models.CASCADE, related_name="projects"
    )
    how = models.CharField(_("带贫方式"), max_length=100, blank=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("带贫对象")
        verbose_name_plural = _("带贫对象")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "household"],
                name="beneficiary_once_per_project",
                violation_error_message=_("该贫困户已是本项目的受益户。"),
            )
        ]


class Allocation(ProjectChild):
    """资金下达: money of one source assigned to a project (a batch, with its document number)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="allocations")
    source = models.CharField(_("资金来源"), max_length=20, choices=FundSource.choices)
    amount = money_field(_("下达金额（元）"))
    date = models.DateField(_("下达日期"))
    document_no = models.CharField(_("下达文号"), max_length=100, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金下达")
        verbose_name_plural = _("资金下达")
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["project", "source"], name="allocation_project_source")]
        constraints = [
            models.CheckConstraint(
                name="allocation_amount_positive",
                condition=models.Q(amount__gt=0),
                violation_error_message=_("下达金额必须大于 0。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class Disbursement(ProjectChild):
    """资金拨付: money of one source actually paid out for a project, with its voucher."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="disbursements")
    source = models.CharField(_("资金来源"), max_length=20, choices=FundSource.choices)
    amount = money_field(_("拨付金额（元）"))
    date = models.DateField(_("拨付日期"))
    voucher = models.CharField(_("凭证号"), max_length=100)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("资金拨付")
        verbose_name_plural = _("资金拨付")
        ordering = ["date", "id"]
        indexes = [
            models.Index(fields=["project", "source"], name="disbursement_project_source"),
            models.Index(fields=["project", "date"], name="disbursement_project_date"),
        ]
        constraints = [
            models.CheckConstraint(
                name="disbursement_amount_positive",
                condition=models.Q(amount__gt=0),
                violation_error_message=_("拨付金额必须大于 0。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount} ({self.voucher})"


class BudgetChange(ProjectChild):
    """预算调整: a request to raise (or lower) a project's budget; only an approved one counts."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="budget_changes"
    )
    amount = money_field(_("调整金额（元）"), help_text=_("增加为正数，减少为负数"))
    reason = models.CharField(_("调整理由"), max_length=300)
    status = models.CharField(
        _("审批状态"), max_length=10, choices=BudgetChangeStatus.choices, default=BudgetChangeStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("预算调整")
        verbose_name_plural = _("预算调整")
        ordering = ["id"]

    def __str__(self) -> str:
        sign = "+" if self.amount > 0 else ""
        return f"{self.project.code} {_('预算调整')} {sign}{yuan(self.amount)} 元"


class MilestoneTemplate(models.Model):
    """年度节点模板: the date every project of a plan year should reach a milestone by (city-wide)."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    key = models.CharField(_("节点"), max_length=20, choices=MilestoneKey.choices)
    due_date = models.DateField(_("完成时限"))
    expected_percent = models.PositiveSmallIntegerField(_("应达进度（%）"), default=0, validators=PERCENT_VALIDATORS)

    class Meta:
        verbose_name = _("年度节点模板")
        verbose_name_plural = _("年度节点模板")
        ordering = ["year", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "key"], name="milestone_template_once", violation_error_message=_("该年度已有此节点。")
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_key_display()} {self.due_date}"


class ProjectMilestone(ProjectChild):
    """项目节点: a project's planned and actual date of one milestone."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones")
    key = models.CharField(_("节点"), max_length=20, choices=MilestoneKey.choices)
    planned_date = models.DateField(_("计划完成日期"))
    actual_date = models.DateField(_("实际完成日期"), null=True, blank=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "planned_date"]
        indexes = [models.Index(fields=["key", "actual_date", "planned_date"], name="milestone_open_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "key"], name="milestone_once_per_project", violation_error_message=_("节点重复。")
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.planned_date}"


class ProgressReport(ProjectChild):
    """进度报告: how far a project is on a date (percent, quantities done, notes, photos)."""

    project = models.ForeignKey(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("报告日期"))
    percent = models.PositiveSmallIntegerField(_("形象进度（%）"), validators=PERCENT_VALIDATORS)
    quantity_done = models.DecimalField(_("完成工程量"), max_digits=10, decimal_places=2, null=True, blank=True)
    note = models.TextField(_("进度说明"), blank=True)
    reported_by = models.CharField(_("报告人"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度报告")
        verbose_name_plural = _("进度报告")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["project", "date"], name="report_project_date")]
        constraints = [
            models.CheckConstraint(
                name="report_percent_0_100",
                condition=models.Q(percent__gte=0, percent__lte=100),
                violation_error_message=_("形象进度应在 0–100% 之间。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.percent}%"


def photo_path(photo: ProgressPhoto, filename: str) -> str:
    return f"projects/{photo.report.project_id}/{photo.report_id}/{os.path.basename(filename)}"


class ProgressPhoto(models.Model):
    """进度照片: one photo of a progress report."""

    scope_field = "report__project__region_id"
    sector_field = "report__project__sector"

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("进度报告"), on_delete=models.CASCADE, related_name="photos"
    )
    file = models.FileField(_("照片"), upload_to=photo_path, validators=[validate_photo])
    caption = models.CharField(_("说明"), max_length=100, blank=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("进度照片")
        verbose_name_plural = _("进度照片")

    def __str__(self) -> str:
        return os.path.basename(self.file.name)


class Acceptance(ProjectChild):
    """竣工验收: the acceptance check of a finished project."""

    project = models.OneToOneField(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="acceptance")
    date = models.DateField(_("验收日期"))
    result = models.CharField(_("验收结论"), max_length=10, choices=AcceptanceResult.choices)
    inspectors = models.CharField(_("验收单位及人员"), max_length=300)
    note = models.TextField(_("验收意见"), blank=True)

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("竣工验收")
        verbose_name_plural = _("竣工验收")


class Asset(ProjectChild):
    """扶贫资产: what an accepted project left behind, with its owner and who keeps it up (管护)."""

    project = models.OneToOneField(Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="asset")
    name = models.CharField(_("资产名称"), max_length=200)
    owner = models.CharField(_("产权单位"), max_length=100)
    maintainer = models.CharField(_("管护主体"), max_length=100)
    value = money_field(_("资产价值（元）"), default=Decimal("0"))
    handed_over = models.DateField(_("移交日期"))

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("扶贫资产")
        verbose_name_plural = _("扶贫资产")

    def __str__(self) -> str:
        return self.name


class UpkeepRecord(AuditedModel):
    """管护记录: the upkeep of an asset in a year (work done, cost, public-welfare posts)."""

    scope_field = "asset__project__region_id"
    sector_field = "asset__project__sector"

    asset = models.ForeignKey(Asset, verbose_name=_("资产"), on_delete=models.CASCADE, related_name="upkeep")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    date = models.DateField(_("记录日期"))
    work = models.TextField(_("管护内容"))
    cost = money_field(_("管护经费（元）"), default=Decimal("0"))

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("管护记录")
        verbose_name_plural = _("管护记录")
        ordering = ["-year", "-date"]
        indexes = [models.Index(fields=["asset", "year"], name="upkeep_asset_year")]

    def audit_root(self) -> tuple[str, str]:
        return Project._meta.label, str(self.asset.project_id)

    def audit_region_code(self) -> str:
        return self.asset.project.region_id


class UpkeepPost(models.Model):
    """公益岗位: a public-welfare upkeep post filled by a member of a registered poor household."""

    scope_field = "record__asset__project__region_id"
    sector_field = "record__asset__project__sector"

    record = models.ForeignKey(UpkeepRecord, verbose_name=_("管护记录"), on_delete=models.CASCADE, related_name="posts")
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="upkeep_posts"
    )
    post = models.CharField(_("岗位"), max_length=50)
    months = models.PositiveSmallIntegerField(_("在岗月数"), default=12, validators=[MaxValueValidator(12)])
    pay = money_field(_("年报酬（元）"), default=Decimal("0"))

    objects = SectorScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("公益岗位")
        verbose_name_plural = _("公益岗位")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "household"],
                name="upkeep_post_once",
                violation_error_message=_("该贫困户已在本条管护记录中。"),
            )
        ]

    def __str__(self) -> str:
        return self.post
