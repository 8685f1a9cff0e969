"""The ledgers of 驻村帮扶: helping units, their villages and work groups, work teams, cadres and
their postings, household pairings and plans, and the field records (attendance, diary, visits,
surveys) from which 三率一度一日志 is measured.

Every row is scoped by its village (``region``) and, for the helping-unit role, by the unit it
belongs to (``assignment``: ``unit_path`` leads to ``HelpingUnit``, whose ``accounts`` are the
unit's users).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jingzhun.assistance.choices import AwardKind, NominationStatus, PostingKind, PresenceKind, UnitLevel
from jingzhun.assistance.querysets import AssistanceQuerySet
from jingzhun.core.ledger import LedgerModel
from jingzhun.core.masking import Kind

VILLAGE = {"level": "village"}


def village_field(verbose_name: Any = None, **kwargs: Any) -> models.ForeignKey:
    return models.ForeignKey(
        "regions.Region",
        verbose_name=verbose_name or _("行政村"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=VILLAGE,
        **kwargs,
    )


class AssistanceModel(LedgerModel):
    """Base of the assistance ledgers: the assignment path to the helping unit."""

    unit_path: ClassVar[str] = "unit"
    objects: ClassVar[Any] = AssistanceQuerySet.as_manager()

    class Meta(LedgerModel.Meta):
        abstract = True


class HelpingUnit(AssistanceModel):
    """帮扶单位: a central, provincial, city or county body paired with villages (联村包抓)."""

    scope_field = "region_id"
    unit_path = ""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    level = models.CharField(_("单位级别"), max_length=10, choices=UnitLevel.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("所在地"), on_delete=models.PROTECT, related_name="+")
    head = models.CharField(_("单位主要负责人"), max_length=50, blank=True)
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("单位账号"), blank=True, related_name="helping_units"
    )

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("帮扶单位")
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name


class Assignment(AssistanceModel):
    """包抓关系: a helping unit paired with a village (联村包抓) from a year on."""

    scope_field = "village_id"

    unit = models.ForeignKey(
        HelpingUnit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="assignments"
    )
    village = village_field()
    start_year = models.PositiveSmallIntegerField(_("包抓起始年度"), validators=[MinValueValidator(2000)])
    end_year = models.PositiveSmallIntegerField(_("包抓结束年度"), null=True, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("包抓村")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "village"],
                name="assignment_unit_village",
                violation_error_message=_("该单位已包抓该村。"),
            ),
            models.CheckConstraint(
                name="assignment_years_ordered",
                condition=Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                violation_error_message=_("包抓结束年度不能早于起始年度。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.village_id}"


class WorkGroup(AssistanceModel):
    """工作团: helping units grouped around a lead unit for the villages of a township or county."""

    scope_field = "region_id"
    unit_path = "lead_unit"

    name = models.CharField(_("工作团名称"), max_length=100)
    region = models.ForeignKey("regions.Region", verbose_name=_("联系区域"), on_delete=models.PROTECT, related_name="+")
    lead_unit = models.ForeignKey(HelpingUnit, verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="+")
    member_units = models.ManyToManyField(HelpingUnit, verbose_name=_("成员单位"), blank=True, related_name="+")

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("工作团")

    def __str__(self) -> str:
        return self.name


class Cadre(AssistanceModel):
    """帮扶干部: a person of a helping unit working in a village (first secretary, team member or paired cadre)."""

    scope_field = "village_id"
    unit_path = "unit"
    personal_fields = {"id_number": Kind.ID_NUMBER, "phone": Kind.PHONE}

    id_number = models.CharField(_("证件号码"), max_length=18, blank=True)
    name = models.CharField(_("姓名"), max_length=50)
    unit = models.ForeignKey(HelpingUnit, verbose_name=_("派出单位"), on_delete=models.PROTECT, related_name="cadres")
    village = village_field(_("帮扶村"))
    post = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("系统账号"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre",
    )

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("帮扶干部")
        ordering = ["unit__name", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="cadre_id_number_unique",
                violation_error_message=_("该证件号码的干部已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkTeam(AssistanceModel):
    """驻村工作队: the resident team of a poor village, sent by a unit, led by a leader, with a first secretary."""

    scope_field = "village_id"

    village = village_field()
    unit = models.ForeignKey(HelpingUnit, verbose_name=_("派出单位"), on_delete=models.PROTECT, related_name="teams")
    leader = models.ForeignKey(
        Cadre, verbose_name=_("队长"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_secretary = models.ForeignKey(
        Cadre, verbose_name=_("第一书记"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(Cadre, verbose_name=_("队员"), blank=True, related_name="teams")

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("驻村工作队")
        constraints = [
            models.UniqueConstraint(
                fields=["village"], name="workteam_one_per_village", violation_error_message=_("该村已有驻村工作队。")
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(village)s驻村工作队") % {"village": self.village.name if self.village_id else ""})


class Posting(AssistanceModel):
    """派驻: a cadre posted to a village from a start date to an end date (open while serving)."""

    scope_field = "village_id"
    unit_path = "cadre__unit"

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="postings")
    village = village_field(_("派驻村"))
    kind = models.CharField(_("派驻身份"), max_length=20, choices=PostingKind.choices, default=PostingKind.MEMBER)
    start = models.DateField(_("派驻开始"))
    end = models.DateField(_("派驻结束"), null=True, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("派驻记录")
        constraints = [
            models.CheckConstraint(
                name="posting_dates_ordered",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message=_("派驻结束日期不能早于开始日期。"),
            ),
            models.UniqueConstraint(
                fields=["cadre", "village", "start"],
                name="posting_cadre_village_start",
                violation_error_message=_("该干部在该村同一日期开始的派驻已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} @ {self.village_id} {self.start}"


class Pairing(AssistanceModel):
    """结对帮扶: the cadre answering for one poor household (帮扶责任人)."""

    scope_field = "household__village_id"
    unit_path = "cadre__unit"

    household = models.OneToOneField(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="pairing"
    )
    cadre = models.ForeignKey(Cadre, verbose_name=_("帮扶干部"), on_delete=models.PROTECT, related_name="pairings")
    start = models.DateField(_("结对日期"), null=True, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("结对帮扶")

    def __str__(self) -> str:
        return f"{self.cadre} ↔ {self.household_id}"


class PlanItem(AssistanceModel):
    """一户一策: one measure planned for a household in a year, and whether it was done."""

    scope_field = "household__village_id"
    unit_path = "household__pairing__cadre__unit"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="plan_items"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2014), MaxValueValidator(2030)])
    measure = models.CharField(_("帮扶措施"), max_length=200)
    done = models.BooleanField(_("已落实"), default=False)
    done_on = models.DateField(_("落实日期"), null=True, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("一户一策")
        constraints = [
            models.CheckConstraint(
                name="planitem_done_has_date",
                condition=Q(done=False) | Q(done_on__isnull=False),
                violation_error_message=_("已落实的措施须填写落实日期。"),
            ),
        ]


class Presence(AssistanceModel):
    """驻村考勤: one day of a cadre — in the village (check-in), on official business, or on leave."""

    scope_field = "village_id"
    unit_path = "cadre__unit"

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="presences")
    date = models.DateField(_("日期"))
    village = village_field()
    kind = models.CharField(_("类型"), max_length=10, choices=PresenceKind.choices, default=PresenceKind.PRESENT)
    approved = models.BooleanField(_("公务外出已批准"), default=False)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("驻村考勤")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "date"],
                name="presence_one_a_day",
                violation_error_message=_("该干部当天已有考勤记录。"),
            ),
        ]

    def clean(self) -> None:
        super().clean()
        if self.kind != PresenceKind.OFFICIAL and self.approved:
            raise ValidationError({"approved": _("只有公务外出需要批准。")})


class Diary(AssistanceModel):
    """驻村日志: what a cadre did in the village on one day."""

    scope_field = "village_id"
    unit_path = "cadre__unit"

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="diaries")
    date = models.DateField(_("日期"))
    village = village_field()
    content = models.TextField(_("工作内容"), max_length=4000)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("驻村日志")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cadre", "date"], name="diary_one_a_day", violation_error_message=_("该干部当天已写日志。")
            ),
        ]


class Visit(AssistanceModel):
    """入户走访: a cadre's visit to a household — purpose, what was done, what the household needs."""

    scope_field = "household__village_id"
    unit_path = "cadre__unit"

    cadre = models.ForeignKey(Cadre, verbose_name=_("干部"), on_delete=models.CASCADE, related_name="visits")
    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField(_("走访日期"))
    purpose = models.CharField(_("走访事由"), max_length=200)
    done = models.TextField(_("帮办事项"), max_length=2000, blank=True)
    needs = models.TextField(_("群众诉求"), max_length=2000, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("入户走访")
        ordering = ["-date", "-id"]


class Survey(AssistanceModel):
    """群众满意度调查: a household asked whether it knows the policies and is satisfied with the help."""

    scope_field = "household__village_id"
    unit_path = "household__pairing__cadre__unit"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("贫困户"), on_delete=models.CASCADE, related_name="surveys"
    )
    date = models.DateField(_("调查日期"))
    knows_policy = models.BooleanField(_("知晓帮扶政策"))
    satisfied = models.BooleanField(_("对帮扶工作满意"))
    surveyor = models.CharField(_("调查人"), max_length=50, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("满意度调查")
        ordering = ["-date", "-id"]


class UnitVisit(AssistanceModel):
    """单位领导遍访: the head (or a leader) of a helping unit visiting one of its villages."""

    scope_field = "village_id"

    unit = models.ForeignKey(HelpingUnit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="visits")
    village = village_field()
    date = models.DateField(_("日期"))
    visitor = models.CharField(_("带队领导"), max_length=50)
    note = models.TextField(_("解决的问题"), max_length=2000, blank=True)

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("单位领导遍访")
        ordering = ["-date", "-id"]


class UnitPlan(AssistanceModel):
    """帮扶方案与任务书: a unit's yearly plan and tasks for one village, with its 四个一 done."""

    scope_field = "village_id"

    unit = models.ForeignKey(HelpingUnit, verbose_name=_("帮扶单位"), on_delete=models.PROTECT, related_name="plans")
    village = village_field()
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2014), MaxValueValidator(2030)])
    plan = models.TextField(_("帮扶方案"), max_length=4000, blank=True)
    tasks = models.TextField(_("任务书"), max_length=4000, blank=True)
    four_ones_done = models.PositiveSmallIntegerField(
        _("四个一完成项数"), default=0, validators=[MaxValueValidator(4)], help_text=_("0–4")
    )

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("帮扶方案")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "village", "year"],
                name="unitplan_unit_village_year",
                violation_error_message=_("该单位该村该年度的帮扶方案已登记。"),
            ),
        ]


class Nomination(AssistanceModel):
    """评选推荐: a cadre or a household nominated for an award (自强标兵, 交友模范, 帮扶先进), reviewed, awarded."""

    scope_field = "village_id"
    unit_path = "cadre__unit"

    kind = models.CharField(_("奖项"), max_length=20, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2014), MaxValueValidator(2030)])
    village = village_field()
    nominee = models.CharField(_("推荐对象"), max_length=50)
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("干部"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("主要事迹"), max_length=4000)
    status = models.CharField(
        _("状态"), max_length=12, choices=NominationStatus.choices, default=NominationStatus.NOMINATED, editable=False
    )

    class Meta(AssistanceModel.Meta):
        verbose_name = verbose_name_plural = _("评选推荐")
