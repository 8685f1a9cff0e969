"""The ledgers of 考核评估: schemes, the bodies assessed and their peer groups, rounds and their scores.

A scheme (考核方案) lists the components (考核指标) of an assessment, each either weighted
(得分 × 权重) or additive (得分计入总分), each with its full score, and caps the sum of the
bonus items (加分) and of the deductions (减分). A round (考核轮次: the third quarter of the
provincial assessment, a month of the city's bulletin) applies a scheme: scores per body
and component with evidence, bonus and deduction items with their reason and document
number, and the result as the assessor published it. Totals and ranks are computed from
the scores (``scoring``) and shown beside the published ones. A published round is locked.

Rankings are published to everyone assessed (月通报, 季点评), so the rows of this app are
read by every role; only the city office writes them (accounts/policy.py).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.assessments.choices import AdjustmentKind, Level, RoundStatus, Source
from jingzhun.core.audit import AuditedModel
from jingzhun.core.ledger import LedgerModel


class Scheme(LedgerModel):
    """考核方案: the components, weights, full scores and caps of one kind of assessment, versioned."""

    scope_field = "owner_id"

    owner = models.ForeignKey("regions.Region", verbose_name=_("制定单位"), on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("方案代码"), max_length=40)
    edition = models.PositiveSmallIntegerField(_("方案版本"), default=1, validators=[MinValueValidator(1)])
    name = models.CharField(_("方案名称"), max_length=100)
    level = models.CharField(_("考核对象层级"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    year = models.PositiveSmallIntegerField(
        _("启用年度"), validators=[MinValueValidator(2014), MaxValueValidator(2035)], default=2017
    )
    bonus_cap = models.DecimalField(
        _("加分上限"), max_digits=9, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    deduction_cap = models.DecimalField(
        _("减分上限"), max_digits=9, decimal_places=4, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    description = models.TextField(_("说明"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("考核方案")
        ordering = ["code", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "edition"],
                name="assessment_scheme_code_edition",
                violation_error_message=_("同一方案代码的版本号不能重复。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.edition}版）"


class Component(AuditedModel):
    """考核指标: one part of a scheme, weighted (权重) or additive (权重为空), with its full score."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.CASCADE, related_name="components")
    code = models.CharField(_("指标代码"), max_length=40)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(
        _("权重"),
        max_digits=6,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("空：加分型指标，得分直接计入总分。"),
    )
    weight_parameter = models.CharField(
        _("权重参数"), max_length=80, blank=True, help_text=_("填写时权重取该业务参数（百分比）的当年值。")
    )
    max_score = models.DecimalField(
        _("满分"), max_digits=9, decimal_places=4, validators=[MinValueValidator(Decimal(0))]
    )
    feed = models.CharField(_("数据来源"), max_length=60, blank=True, help_text=_("由系统数据计算得分时的度量名称。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="assessment_component_code",
                violation_error_message=_("同一方案中指标代码不能重复。"),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def audit_root(self) -> tuple[str, str]:
        return Scheme._meta.label, str(self.scheme_id)

    @property
    def weighted(self) -> bool:
        return self.weight is not None or bool(self.weight_parameter)


class Entity(AuditedModel):
    """考核对象: a body that is scored — a city of the province, a county, a sector department, a unit, a cadre.

    ``code`` is its 12-digit division code for places (a county outside the city's map too),
    or the code the city gives a department or unit; ``region`` links a place of the map.
    """

    code = models.CharField(_("对象代码"), max_length=20, unique=True)
    name = models.CharField(_("对象名称"), max_length=100)
    kind = models.CharField(_("层级"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("行政区划"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    in_city = models.BooleanField(_("本市"), default=False, help_text=_("本市的县区、部门、单位。"))

    class Meta:
        verbose_name = verbose_name_plural = _("考核对象")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class PeerGroup(AuditedModel):
    """排名组: the bodies ranked against each other (全省设区市、全省县区、深度贫困县、市级部门)."""

    code = models.CharField(_("排名组代码"), max_length=40, unique=True)
    name = models.CharField(_("排名组名称"), max_length=100)
    members = models.ManyToManyField(Entity, verbose_name=_("成员"), related_name="groups", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("排名组")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Round(LedgerModel):
    """考核轮次: one assessment of one period by one assessor under one scheme (e.g. 2017年第三季度省考)."""

    scope_field = "owner_id"

    code = models.CharField(_("轮次代码"), max_length=40, unique=True)
    name = models.CharField(_("轮次名称"), max_length=100)
    source = models.CharField(_("考核来源"), max_length=20, choices=Source.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=[MinValueValidator(2014), MaxValueValidator(2035)])
    period = models.CharField(_("考核期间"), max_length=20, help_text=_("如 2017Q3、2017-08、2017。"))
    period_end = models.DateField(_("期末日期"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="rounds")
    group = models.ForeignKey(
        PeerGroup,
        verbose_name=_("默认排名组"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rounds",
        help_text=_("空：本轮全部考核对象一起排名。"),
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("上一轮次"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey("regions.Region", verbose_name=_("录入单位"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT, editable=False
    )
    published_on = models.DateField(_("发布日期"), null=True, blank=True, editable=False)
    document_no = models.CharField(_("通报文号"), max_length=100, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("考核轮次")
        ordering = ["-period_end", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def locked(self) -> bool:
        return self.status == RoundStatus.PUBLISHED

    def clean(self) -> None:
        if self.pk is not None and Round.objects.filter(pk=self.pk, status=RoundStatus.PUBLISHED).exists():
            raise ValidationError(_("考核轮次“%(name)s”已发布并锁定，不能再修改。") % {"name": self.name})
        if self.previous_id is not None and self.previous_id == self.pk:
            raise ValidationError({"previous": _("上一轮次不能是本轮自己。")})


class RoundChild(LedgerModel):
    """A row that belongs to a round (its scope and its lock are the round's)."""

    scope_field = "round__owner_id"

    round = models.ForeignKey(Round, verbose_name=_("考核轮次"), on_delete=models.CASCADE)
    entity = models.ForeignKey(Entity, verbose_name=_("考核对象"), on_delete=models.PROTECT)

    class Meta(LedgerModel.Meta):
        abstract = True

    def audit_root(self) -> tuple[str, str]:
        return Round._meta.label, str(self.round_id)

    def clean(self) -> None:
        if self.round_id is not None and Round.objects.filter(pk=self.round_id, status=RoundStatus.PUBLISHED).exists():
            raise ValidationError(_("考核轮次“%(name)s”已发布并锁定，不能再修改。") % {"name": self.round.name})


class Score(RoundChild):
    """得分: the score of one body on one component in one round, with its evidence."""

    component = models.ForeignKey(Component, verbose_name=_("考核指标"), on_delete=models.PROTECT)
    score = models.DecimalField(_("得分"), max_digits=9, decimal_places=4)
    evidence = models.CharField(_("依据"), max_length=200, blank=True)

    class Meta(RoundChild.Meta):
        verbose_name = verbose_name_plural = _("考核得分")
        default_related_name = "scores"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entity", "component"],
                name="assessment_score_unique",
                violation_error_message=_("同一轮次中同一对象的同一指标只能有一个得分。"),
            )
        ]

    def clean(self) -> None:
        super().clean()
        if self.round_id and self.component_id and self.component.scheme_id != self.round.scheme_id:
            raise ValidationError({"component": _("该指标不属于本轮次的考核方案。")})
        if self.score is not None and self.score < 0:
            raise ValidationError({"score": _("得分不能为负数；扣分请记入加减分。")})


class Adjustment(RoundChild):
    """加减分事项: a bonus (positive points) or deduction (negative points) with its reason and basis."""

    item = models.CharField(_("事项"), max_length=200)
    points = models.DecimalField(_("分值"), max_digits=9, decimal_places=4, help_text=_("正数为加分，负数为减分。"))
    basis = models.CharField(_("依据"), max_length=200, blank=True, help_text=_("文件或通报文号。"))

    class Meta(RoundChild.Meta):
        verbose_name = verbose_name_plural = _("加减分事项")
        default_related_name = "adjustments"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entity", "item"],
                name="assessment_adjustment_unique",
                violation_error_message=_("同一轮次中同一对象的同一事项只能记一次。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(points=0),
                name="assessment_adjustment_nonzero",
                violation_error_message=_("加减分分值不能为 0。"),
            ),
        ]

    @property
    def kind(self) -> str:
        return AdjustmentKind.BONUS if self.points > 0 else AdjustmentKind.DEDUCTION


class PublishedResult(RoundChild):
    """公布结果: a body's total and rank as the assessor published them (kept beside the computed ones)."""

    total = models.DecimalField(_("公布总分"), max_digits=9, decimal_places=4)
    rank = models.PositiveIntegerField(_("公布名次"), null=True, blank=True, validators=[MinValueValidator(1)])

    class Meta(RoundChild.Meta):
        verbose_name = verbose_name_plural = _("公布结果")
        default_related_name = "published"
        constraints = [
            models.UniqueConstraint(
                fields=["round", "entity"],
                name="assessment_published_unique",
                violation_error_message=_("同一轮次中每个对象只有一个公布结果。"),
            )
        ]
