"""整改督办: inspections and the problems they found, their rectification, accountability, veto risks, petitions."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingzhun.accounts.choices import Sector
from jingzhun.core.ledger import LedgerModel
from jingzhun.core.masking import Kind
from jingzhun.rectification.choices import (
    OPEN_STATUSES,
    AccountabilityKind,
    Category,
    Level,
    Line,
    PetitionKind,
    ProblemStatus,
    Progress,
    RiskKind,
    RiskStatus,
    Source,
    SupervisionLevel,
)
from jingzhun.rectification.querysets import InspectionManager, ProblemManager


def _user_fk(verbose_name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )


class Inspection(LedgerModel):
    """检查批次: one inspection, assessment, audit or sweep (中央考核, 第三方评估, 巡视 …) and its feedback."""

    scope_field = "region_id"

    code = models.CharField(_("批次编号"), max_length=30, unique=True)
    title = models.CharField(_("名称"), max_length=200)
    source = models.CharField(_("检查来源"), max_length=20, choices=Source.choices)
    date = models.DateField(_("反馈日期"))
    region = models.ForeignKey("regions.Region", verbose_name=_("检查范围"), on_delete=models.PROTECT, related_name="+")
    team = models.CharField(_("检查组"), max_length=200, blank=True)
    document_number = models.CharField(_("反馈文号"), max_length=100, blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = InspectionManager()  # type: ignore[misc]

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("检查批次")
        ordering = ["-date", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Problem(LedgerModel):
    """问题 (三单制): one problem an inspection found, with its task list, its responsibility list and its state.

    A shared problem (全省 / 全市共性) is routed to each county it names: it then stands as
    ``routed`` and each county rectifies its own copy (``parent``). ``recurrence`` counts the
    earlier closed problems of the same category for the same household, project or region
    that this one repeats (屡改屡犯).
    """

    scope_field = "region_id"
    sector_field = "sector"

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("检查批次"), on_delete=models.PROTECT, related_name="problems"
    )
    number = models.CharField(_("问题编号"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("共性问题"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routed",
        editable=False,
    )
    level = models.CharField(_("问题层级"), max_length=12, choices=Level.choices, default=Level.COUNTY)
    category = models.CharField(_("问题类别"), max_length=20, choices=Category.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地区"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("涉及贫困户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("涉及项目"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("问题描述"))
    origin = models.CharField(_("线索来源"), max_length=60, blank=True, editable=False)
    # 任务清单
    measures = models.TextField(_("整改措施"), blank=True)
    deadline = models.DateField(_("整改时限"))
    # 责任清单
    line = models.CharField(_("责任线"), max_length=14, choices=Line.choices, default=Line.COUNTY)
    sector = models.CharField(_("行业部门"), max_length=30, choices=Sector.choices, blank=True)
    responsible_unit = models.CharField(_("责任单位"), max_length=100)
    responsible_person = models.CharField(_("责任人"), max_length=50, blank=True)
    leader = models.CharField(_("分管领导"), max_length=50, blank=True)
    # The workflow (workflows.py sets these, nothing else does).
    status = models.CharField(
        _("整改状态"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.ASSIGNED, editable=False
    )
    submitted_by = _user_fk(_("报完成人"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True, editable=False)
    verified_by = _user_fk(_("验收人"))
    verified_on = models.DateField(_("验收日期"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True, editable=False)
    reopened = models.PositiveSmallIntegerField(_("反弹重启次数"), default=0, editable=False)
    # 屡改屡犯
    recurrence = models.PositiveSmallIntegerField(_("屡改屡犯次数"), default=0, editable=False)
    recurrence_of = models.ForeignKey(
        "self",
        verbose_name=_("重复的问题"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    # 挂牌督办
    supervision_level = models.CharField(
        _("挂牌督办"), max_length=10, choices=SupervisionLevel.choices, blank=True, editable=False
    )
    supervising_leader = models.CharField(_("督办领导"), max_length=50, blank=True, editable=False)
    special_case = models.BooleanField(_("专案盯办"), default=False, editable=False)
    supervised_on = models.DateField(_("挂牌日期"), null=True, blank=True, editable=False)

    objects = ProblemManager()  # type: ignore[misc]

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("整改问题")
        ordering = ["inspection__date", "inspection__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "number"],
                name="rectification_problem_number",
                violation_error_message=_("同一检查批次中问题编号不能重复。"),
            ),
            models.CheckConstraint(
                name="rectification_problem_sector_line",
                condition=~Q(line=Line.SECTOR) | ~Q(sector=""),
                violation_error_message=_("责任线为行业部门时须指定行业部门。"),
            ),
        ]
        indexes = [
            models.Index(fields=["region", "category"], name="rect_problem_region_cat"),
            models.Index(fields=["status", "deadline"], name="rect_problem_status_due"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection.code}-{self.number}" if self.inspection_id else self.number

    def clean(self) -> None:
        super().clean()
        household = self.household if self.household_id else None
        if household is not None and self.region_id and not household.village_id.startswith(self.region.prefix):
            raise ValidationError({"household": _("涉及的贫困户不在问题所在地区内。")})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_days(self, on: datetime.date) -> int:
        """Days past the deadline on ``on`` while still open (0 otherwise)."""
        if self.status not in OPEN_STATUSES or self.deadline >= on:
            return 0
        return (on - self.deadline).days


class ProgressReport(LedgerModel):
    """整改进展: a dated report on one problem's rectification, with its evidence."""

    scope_field = "problem__region_id"
    sector_field = "problem__sector"

    problem = models.ForeignKey(Problem, verbose_name=_("整改问题"), on_delete=models.CASCADE, related_name="reports")
    date = models.DateField(_("日期"))
    progress = models.CharField(_("进展"), max_length=12, choices=Progress.choices)
    note = models.TextField(_("说明"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("整改进展")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.problem} {self.date:%Y-%m-%d} {self.get_progress_display()}"

    def audit_root(self) -> tuple[str, str]:
        return Problem._meta.label, str(self.problem_id)


class Accountability(LedgerModel):
    """问责记录: 通报批评, 约谈, 诫勉, 问责 or 责任倒查 of a person or unit, with its document."""

    scope_field = "region_id"

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("整改问题"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accountabilities",
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("问责方式"), max_length=16, choices=AccountabilityKind.choices)
    person = models.CharField(_("被问责人"), max_length=50, blank=True)
    unit = models.CharField(_("被问责单位"), max_length=100)
    document_number = models.CharField(_("文号"), max_length=100)
    date = models.DateField(_("日期"))
    note = models.TextField(_("事由"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("问责记录")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person or self.unit} {self.document_number}"


class Risk(LedgerModel):
    """一票否决风险: one item of the veto-risk register with its owner, status and the measures taken."""

    scope_field = "region_id"

    kind = models.CharField(_("风险类别"), max_length=20, choices=RiskKind.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("风险事项"), max_length=200)
    description = models.TextField(_("情况"), blank=True)
    owner = models.CharField(_("责任人"), max_length=50)
    owner_unit = models.CharField(_("责任单位"), max_length=100, blank=True)
    found_on = models.DateField(_("发现日期"))
    status = models.CharField(_("状态"), max_length=12, choices=RiskStatus.choices, default=RiskStatus.OPEN)
    measures = models.TextField(_("管控措施"), blank=True)
    resolved_on = models.DateField(_("化解日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("一票否决风险")
        ordering = ["status", "-found_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="rectification_risk_resolved_on",
                condition=~Q(status=RiskStatus.RESOLVED) | Q(resolved_on__isnull=False),
                violation_error_message=_("已化解的风险须填写化解日期。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Petition(LedgerModel):
    """信访件: one petition (date, place, petitioner, kind, flags), its handling and resolution."""

    scope_field = "region_id"
    personal_fields = {"phone": Kind.PHONE}

    received_on = models.DateField(_("来访日期"))
    region = models.ForeignKey("regions.Region", verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("贫困户"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    petitioner = models.CharField(_("信访人"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    kind = models.CharField(_("信访类别"), max_length=10, choices=PetitionKind.choices, default=PetitionKind.POVERTY)
    is_group = models.BooleanField(_("集体访"), default=False)
    people = models.PositiveSmallIntegerField(_("人数"), default=1)
    to_capital = models.BooleanField(_("赴省进京"), default=False)
    content = models.TextField(_("反映问题"))
    handling = models.TextField(_("办理情况"), blank=True)
    resolved = models.BooleanField(_("已化解"), default=False)
    resolved_on = models.DateField(_("办结日期"), null=True, blank=True)
    is_repeat = models.BooleanField(_("重复访"), default=False, editable=False)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("信访件")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                name="rectification_petition_group_people",
                condition=Q(is_group=False) | Q(people__gte=5),
                violation_error_message=_("集体访人数须为 5 人及以上。"),
            ),
            models.CheckConstraint(
                name="rectification_petition_resolved_on",
                condition=Q(resolved=False) | Q(resolved_on__isnull=False),
                violation_error_message=_("已化解的信访件须填写办结日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.petitioner}"
