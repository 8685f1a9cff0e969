"""Data quality: check runs, their findings, and comparison lists from other departments."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.masking import Kind
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.quality.choices import Category, Entity, FindingStatus, ListKind, RunStatus, Severity
from jingzhun.quality.querysets import FindingQuerySet

YEAR_VALIDATORS = [MinValueValidator(2010), MaxValueValidator(2035)]


class FileAuditMixin:
    """Audit file fields by their stored name (a file object is not JSON)."""

    def audit_snapshot(self) -> dict[str, Any]:
        data: dict[str, Any] = super().audit_snapshot()  # type: ignore[misc]
        for field in self._meta.concrete_fields:  # type: ignore[attr-defined]
            if isinstance(field, models.FileField) and field.name in data:
                data[field.name] = getattr(self, field.attname).name or ""
        return data


def evidence_path(instance: models.Model, filename: str) -> str:
    return f"quality/evidence/{instance._meta.model_name}/{filename}"


def list_path(instance: models.Model, filename: str) -> str:
    return f"quality/lists/{filename}"


class CheckRun(models.Model):
    """质量检查批次: one run of the whole catalogue (and the comparison lists) over a region for a year."""

    scope_field = "region_code"

    region_code = models.CharField(_("行政区划代码"), max_length=12)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    job = models.ForeignKey(
        "core.Job", verbose_name=_("后台任务"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    seconds = models.FloatField(_("用时（秒）"), default=0)
    counts = models.JSONField(_("各项检查命中数"), default=dict, blank=True)
    unavailable = models.JSONField(_("未能运行的检查"), default=dict, blank=True)
    timings = models.JSONField(_("各项检查用时（秒）"), default=dict, blank=True)
    new_count = models.PositiveIntegerField(_("新发现"), default=0)
    recurring_count = models.PositiveIntegerField(_("屡改屡犯"), default=0)
    closed_count = models.PositiveIntegerField(_("自动关闭"), default=0)
    error = models.TextField(_("错误"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("质量检查批次")
        verbose_name_plural = _("质量检查批次")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year} #{self.pk}"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class Finding(FileAuditMixin, AuditedModel):
    """问题线索: one entity (a household or a member) that trips one check; identity is (check, entity key).

    Runs insert, refresh and close findings in bulk; people justify, approve and escalate them.
    """

    scope_field = "village_code"
    # Masked in pages, tables, exports and the API unless the role may reveal it (core.personal).
    personal_fields = {"id_number": Kind.ID_NUMBER}

    check_code = models.CharField(_("检查项"), max_length=20)
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices)
    entity = models.CharField(_("对象类型"), max_length=10, choices=Entity.choices)
    entity_key = models.CharField(_("对象编号"), max_length=40, help_text=_("户编号或人编号"))
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("贫困户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    member = models.ForeignKey(
        "registry.Member",
        verbose_name=_("成员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    village_code = models.CharField(_("行政村代码"), max_length=12)
    household_code = models.CharField(_("户编号"), max_length=30)
    id_number = models.CharField(_("证件号码"), max_length=30, blank=True)
    message = models.TextField(_("问题描述"))
    year = models.PositiveSmallIntegerField(_("年度"))
    status = models.CharField(_("状态"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    first_run = models.ForeignKey(
        CheckRun, verbose_name=_("首次发现批次"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    last_run = models.ForeignKey(
        CheckRun, verbose_name=_("最近发现批次"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    first_seen_at = models.DateTimeField(_("首次发现时间"))
    last_seen_at = models.DateTimeField(_("最近发现时间"))
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    recurrence_count = models.PositiveIntegerField(_("复发次数"), default=0)
    reason = models.TextField(_("情况说明"), blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("说明提交人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    escalation_note = models.TextField(_("上报说明"), blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = FindingQuerySet.as_manager()  # type: ignore[django-manager-missing]

    audit_exclude = ("updated_at", "last_seen_at", "last_run")

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["village_code", "check_code", "entity_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["check_code", "entity_key"],
                name="quality_finding_identity",
                violation_error_message=_("同一检查项对同一对象只能有一条问题线索。"),
            ),
        ]
        indexes = [
            models.Index(fields=["village_code", "status"], name="quality_finding_village"),
            models.Index(fields=["status", "check_code"], name="quality_finding_status"),
        ]

    def __str__(self) -> str:
        return f"{self.check_code} {self.entity_key}"

    @property
    def recurring(self) -> bool:
        """屡改屡犯: the finding came back after it had been closed."""
        return self.recurrence_count > 0

    @property
    def code(self) -> str:
        """The code of the CSV output: the household code, or the member's full ID number."""
        return self.household_code if self.entity == Entity.HOUSEHOLD else self.id_number

    def audit_region_code(self) -> str:
        return self.village_code


class FindingHit(models.Model):
    """One row a check returned in one run (a staging table: findings are merged from it in SQL)."""

    scope_field = "village_code"
    personal_fields = {"id_number": Kind.ID_NUMBER}

    run = models.ForeignKey(CheckRun, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    check_code = models.CharField(max_length=20)
    category = models.CharField(max_length=20)
    severity = models.CharField(max_length=10)
    entity = models.CharField(max_length=10)
    entity_key = models.CharField(max_length=40)
    household_id = models.BigIntegerField(null=True)
    member_id = models.BigIntegerField(null=True)
    village_code = models.CharField(max_length=12)
    household_code = models.CharField(max_length=30)
    id_number = models.CharField(max_length=30, blank=True)
    message = models.TextField()

    objects = ScopedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["run", "check_code", "entity_key"], name="quality_hit_key")]

    def __str__(self) -> str:
        return f"{self.check_code} {self.entity_key}"


class ComparisonList(FileAuditMixin, AuditedModel):
    """比对名单: a list sent by another department (deaths, vehicles, payroll …), matched to members by ID number."""

    scope_field = "region_code"

    kind = models.CharField(_("名单类型"), max_length=20, choices=ListKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    list_date = models.DateField(_("名单日期"))
    source = models.CharField(_("来源单位"), max_length=100)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    file = models.FileField(_("原始文件"), upload_to=list_path, blank=True)
    row_count = models.PositiveIntegerField(_("条数"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("比对名单")
        verbose_name_plural = _("比对名单")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def audit_region_code(self) -> str:
        return self.region_code


class ComparisonEntry(models.Model):
    """比对名单条目: one person on a department's list."""

    scope_field = "comparison_list__region_code"
    personal_fields = {"id_number": Kind.ID_NUMBER}

    comparison_list = models.ForeignKey(
        ComparisonList, verbose_name=_("比对名单"), on_delete=models.CASCADE, related_name="entries"
    )
    row_number = models.PositiveIntegerField(_("行号"))
    id_number = models.CharField(_("证件号码"), max_length=18, db_index=True)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    event_date = models.DateField(_("日期"), null=True, blank=True, help_text=_("死亡、购买、登记或开始日期"))
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True)
    detail = models.CharField(_("说明"), max_length=200, blank=True, help_text=_("单位、车牌、企业名称、地址等"))
    item_code = models.CharField(_("编码"), max_length=40, blank=True, help_text=_("统一社会信用代码、车牌号等"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("比对名单条目")
        verbose_name_plural = _("比对名单条目")
        ordering = ["comparison_list_id", "row_number"]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number}"


class ComparisonException(FileAuditMixin, AuditedModel):
    """比对例外: a match an officer has explained (e.g. a car registered in his name for someone else).

    Keyed by list kind and ID number: the match stays recorded here and is not reported again.
    """

    scope_field = "village_code"
    personal_fields = {"id_number": Kind.ID_NUMBER}

    kind = models.CharField(_("名单类型"), max_length=20, choices=ListKind.choices)
    id_number = models.CharField(_("证件号码"), max_length=18)
    village_code = models.CharField(_("行政村代码"), max_length=12)
    entry = models.ForeignKey(
        ComparisonEntry, verbose_name=_("名单条目"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("例外理由"))
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("比对例外")
        verbose_name_plural = _("比对例外")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "id_number"],
                name="quality_exception_unique",
                violation_error_message=_("该人员在此类名单上已登记例外。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.id_number}"

    def audit_region_code(self) -> str:
        return self.village_code
