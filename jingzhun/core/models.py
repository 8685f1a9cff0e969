"""Plumbing models shared by every app (no domain models live here)."""

import uuid
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.choices import AuditAction, choice_label
from jingzhun.core.formatting import local_datetime
from jingzhun.core.parameter_types import NAME_PATTERN, Declaration, ParameterUndeclared, declaration
from jingzhun.core.personal import mask_snapshot
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.core.workflow_registry import REGISTRY

PARAMETER_YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class AuditEventQuerySet(ScopedQuerySet):
    def for_root(self, label: str, pk: str) -> "AuditEventQuerySet":
        """Return the events of one root object (a household and everything in it)."""
        return self.filter(root_label=label, root_pk=pk)


class AuditEvent(models.Model):
    """审计日志: one change (or one read of personal data), who, when, before, after, why.

    Append-only: the database refuses UPDATE (and DELETE on PostgreSQL) through triggers
    installed by the migration, and the model refuses to save an existing row.
    """

    scope_field = "region_code"

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=AuditAction.choices)
    model_label = models.CharField(_("对象类型"), max_length=100)
    object_pk = models.CharField(_("对象标识"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200)
    root_label = models.CharField(max_length=100, blank=True)
    root_pk = models.CharField(max_length=64, blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    reason = models.TextField(_("原因"), blank=True)
    batch = models.CharField(_("批次"), max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["root_label", "root_pk", "-at"], name="audit_root_idx"),
            models.Index(fields=["region_code", "-at"], name="audit_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{local_datetime(self.at)} {self.actor_name} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Audit events are append-only.")

    @property
    def masked_before(self) -> dict[str, Any] | None:
        """The values before, personal data masked (``core.personal``): what every page shows."""
        return mask_snapshot(self.model_label, self.before)

    @property
    def masked_after(self) -> dict[str, Any] | None:
        return mask_snapshot(self.model_label, self.after)

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        """Return (field, before, after) for every field that differs, personal data masked."""
        raw_before, raw_after = self.before or {}, self.after or {}
        differ = {k for k in set(raw_before) | set(raw_after) if raw_before.get(k) != raw_after.get(k)}
        before = self.masked_before or {}
        after = self.masked_after or {}
        return [(k, before.get(k), after.get(k)) for k in sorted(differ)]

    @property
    def labelled_changes(self) -> list[tuple[str, object, object]]:
        """``changes`` as pages show them: each field by its Chinese name, coded values by their label."""
        try:
            fields = {f.attname: f for f in apps.get_model(self.model_label)._meta.concrete_fields}
        except (LookupError, ValueError):  # a model since removed: its raw names are all there is
            fields = {}
        labelled = []
        for name, before, after in self.changes:
            field = fields.get(name)
            if field is None:
                labelled.append((name, before, after))
            elif field.choices:
                labelled.append((str(field.verbose_name), choice_label(field, before), choice_label(field, after)))
            else:
                labelled.append((str(field.verbose_name), before, after))
        return labelled


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


def job_file_path(job: "Job", filename: str) -> str:
    return f"jobs/{job.pk}/{filename}"


class Job(models.Model):
    """后台任务: a long piece of work (an import, an export, an evaluation) with its progress.

    The work itself runs in a django-tasks worker; this row is what pages poll and what
    keeps the input, the output file and the outcome for the user who started it.
    """

    scope_field = "region_code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("类型"), max_length=50)
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    input_file = models.FileField(_("上传文件"), upload_to=job_file_path, blank=True)
    output_file = models.FileField(_("结果文件"), upload_to=job_file_path, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("进度说明"), max_length=200, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    # The worker touches this while it runs the job; a running job whose heartbeat is older
    # than the lease died with its worker (``core.jobs.jobs_fail_stale``).
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    # The output file holds personal data in full: kept for a limited time, every download logged.
    personal_data = models.BooleanField(_("含个人敏感信息"), default=False)
    restarted_from = models.ForeignKey(
        "self", verbose_name=_("重新运行自"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return min(100, int(self.progress_done * 100 / self.progress_total))


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """Store evidence under MEDIA_ROOT (never served directly) with an unguessable name."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{attachment.owner_label.replace('.', '/')}/{attachment.pk}.{extension}"


class Attachment(models.Model):
    """佐证材料: a file attached as evidence to any ledger row or workflow step.

    The file lies under MEDIA_ROOT, which no URL serves; it is downloaded only through the
    scoped view, which first checks that the user may see the object it belongs to.
    ``region_code`` copies the owner's place so attachments can be listed by scope.
    """

    scope_field = "region_code"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_label = models.CharField(_("所属对象类型"), max_length=100)
    owner_pk = models.CharField(_("所属对象标识"), max_length=64)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    label = models.CharField(_("材料名称"), max_length=100, blank=True)
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["uploaded_at", "id"]
        indexes = [models.Index(fields=["owner_label", "owner_pk"], name="attachment_owner_idx")]

    def __str__(self) -> str:
        return self.label or self.original_name


class Parameter(AuditedModel):
    """业务参数: the value of a declared business parameter (a threshold, a period, a date) for some years and a region.

    Which parameters exist, with their type, unit, Chinese label, explanation and default, is
    declared in code (``jingzhun.core.parameters.declare``); a row sets a value from
    ``year_from`` (to ``year_to``, open-ended when empty) for the divisions under
    ``region_prefix`` ("" = everywhere). Reading takes the most specific region, then the
    latest start year; without a row the declared default holds. Changed only through
    ``parameter_set`` (city office), and every change is audited.
    """

    name = models.CharField(_("参数代码"), max_length=100, validators=[RegexValidator(NAME_PATTERN)])
    value = models.JSONField(_("取值"))
    year_from = models.PositiveSmallIntegerField(_("起始年度"), validators=PARAMETER_YEAR_VALIDATORS)
    year_to = models.PositiveSmallIntegerField(
        _("截止年度"), null=True, blank=True, validators=PARAMETER_YEAR_VALIDATORS, help_text=_("留空为长期有效。")
    )
    region_prefix = models.CharField(
        _("适用地区代码"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]*$", _("地区代码只能是数字。"))],
        help_text=_("区划代码的有效前缀，如 6109 为安康市；留空为全部地区适用。"),
    )
    source = models.CharField(_("依据"), max_length=300, help_text=_("文件名称与文号，或会议纪要。"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("修改时间"), auto_now=True)

    audit_exclude = ("changed_at",)

    class Meta:
        verbose_name = _("业务参数")
        verbose_name_plural = _("业务参数")
        ordering = ["name", "region_prefix", "-year_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region_prefix", "year_from"],
                name="parameter_once_per_start",
                violation_error_message=_("该参数在此地区已有从这一年度起的取值。"),
            ),
            models.CheckConstraint(
                name="parameter_years_ordered",
                condition=models.Q(year_to=None) | models.Q(year_to__gte=models.F("year_from")),
                violation_error_message=_("截止年度不能早于起始年度。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} = {self.display_value}（{self.year_from}–{self.year_to or ''}）"

    def clean(self) -> None:
        """Refuse a value that does not fit the parameter's declaration (an undeclared name too)."""
        try:
            declared = declaration(self.name)
        except ParameterUndeclared:
            raise ValidationError({"name": _("没有这个业务参数：%(name)s") % {"name": self.name}}) from None
        try:
            self.value = declared.type.to_json(declared.clean(self.value))
        except ValidationError as exc:
            raise ValidationError({"value": exc.messages}) from None

    def audit_root(self) -> tuple[str, str]:
        return self._meta.label, self.name  # one history per parameter, across its rows

    def audit_region_code(self) -> str:
        return self.region_prefix.ljust(12, "0") if self.region_prefix else ""

    @property
    def declaration(self) -> Declaration | None:
        """The declaration in code (label, unit, explanation, type); None if no app declares the name any more."""
        try:
            return declaration(self.name)
        except ParameterUndeclared:
            return None

    @property
    def label(self) -> Any:
        return self.declaration.label if self.declaration else self.name

    @property
    def unit(self) -> Any:
        return self.declaration.unit if self.declaration else ""

    @property
    def help(self) -> Any:
        return self.declaration.help if self.declaration else ""

    @property
    def typed_value(self) -> Any:
        """The stored value as the declared type reads it (raise ValidationError if it no longer fits)."""
        declared = self.declaration
        return declared.type.parse(self.value) if declared else self.value

    @property
    def display_value(self) -> str:
        declared = self.declaration
        return declared.display(self.typed_value) if declared else str(self.value)


class TransitionLogQuerySet(ScopedQuerySet):
    def for_user(self, user: Any, action: str = "view") -> "TransitionLogQuerySet":
        """Return the log entries of objects ``user`` may see.

        The region copy narrows first (the policy's scope kinds); then each entry's object must
        be in the user's scope of its own model (a sector department sees the steps of its
        own sector's rows only). Entries of models without a registered workflow are left out.
        """
        narrowed = super().for_user(user, action)
        visible = models.Q(pk__in=[])
        for workflow in REGISTRY.values():
            model = workflow.model
            keys = model._default_manager.for_user(user).annotate(  # type: ignore[attr-defined]
                _key=Cast("pk", models.CharField())
            )
            visible |= models.Q(
                content_type=ContentType.objects.get_for_model(model), object_id__in=keys.values("_key")
            )
        return narrowed.filter(visible)

    def of(self, obj: models.Model) -> "TransitionLogQuerySet":
        """Return the log of one object, oldest step first."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class TransitionLog(models.Model):
    """流程记录: one step of a workflow taken on one object — who, when, from which state to which, why, with evidence.

    Written only by ``core.workflow`` (``workflow_start``, ``transition_run``,
    ``transitions_batch``), in the same transaction as the state it records. Append-only
    like the audit trail: the database refuses UPDATE (and DELETE on PostgreSQL) through
    triggers installed by the migration, and the model refuses to save an existing row.
    ``region_code`` copies the object's place so the log can be listed by scope.
    """

    scope_field = "region_code"

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(_("对象标识"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("对象"), max_length=200)
    transition = models.CharField(_("操作"), max_length=50, blank=True, help_text=_("start 为发起（流程开始）"))
    transition_label = models.CharField(_("操作名称"), max_length=100)
    from_state = models.CharField(_("原状态"), max_length=30, blank=True)
    to_state = models.CharField(_("新状态"), max_length=30)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    user_name = models.CharField(_("办理人账号"), max_length=150, blank=True)
    at = models.DateTimeField(_("办理时间"), db_index=True)
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    note = models.TextField(_("说明"), blank=True)
    region_code = models.CharField(_("行政区划代码"), max_length=12, blank=True)
    batch = models.CharField(_("批次"), max_length=64, blank=True)
    evidence = models.ManyToManyField(Attachment, verbose_name=_("佐证材料"), blank=True, related_name="+")

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="transitionlog_object_idx"),
            models.Index(fields=["region_code", "at"], name="transitionlog_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{local_datetime(self.at)} {self.user_name} {self.transition_label} {self.object_repr}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise RuntimeError("Transition logs are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("Transition logs are append-only.")
