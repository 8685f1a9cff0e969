"""Exit standards as data: poverty lines, versioned rule sets and their rules, and evaluation runs."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import AuditedModel
from jingzhun.core.scoping import ScopedQuerySet
from jingzhun.regions.models import YEAR_VALIDATORS, Region
from jingzhun.standards.choices import Engine, Level, RunKind, RunStatus
from jingzhun.standards.querysets import EvaluationRunQuerySet

code_validator = RegexValidator(r"^[a-z][a-z0-9_]*$", _("代码只能由小写字母、数字和下划线组成，并以字母开头。"))
ruleset_code_validator = RegexValidator(r"^[a-z0-9][a-z0-9-]*$", _("规则集代码只能由小写字母、数字和连字符组成。"))


class PovertyLine(AuditedModel):
    """扶贫标准: the income line of one year, national or a province's own higher line."""

    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey(
        Region,
        verbose_name=_("适用地区"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("留空为国家标准；填写省份为该省自定的更高标准。"),
    )
    amount = models.DecimalField(
        _("标准（元/人·年）"), max_digits=8, decimal_places=0, validators=[MinValueValidator(1)]
    )
    source = models.CharField(_("来源"), max_length=300)

    class Meta:
        verbose_name = _("扶贫标准")
        verbose_name_plural = _("扶贫标准")
        ordering = ["-year", "region_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(region=None), name="poverty_line_national_unique"
            ),
            models.UniqueConstraint(fields=["year", "region"], name="poverty_line_region_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.amount}"


class RuleSet(AuditedModel):
    """退出标准规则集: one version of an exit standard (e.g. 陕西 577, 2017-11), for all three levels."""

    code = models.CharField(_("代码"), max_length=40, unique=True, validators=[ruleset_code_validator])
    name = models.CharField(_("名称"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("依据"), max_length=500, blank=True)
    effective_from = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR_VALIDATORS)
    effective_to = models.PositiveSmallIntegerField(_("截止年度"), null=True, blank=True, validators=YEAR_VALIDATORS)
    region_prefix = models.CharField(
        _("适用地区代码"),
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]*$", _("地区代码只能是数字。"))],
        help_text=_("区划代码的有效前缀，如 61 为陕西省；留空为全国适用。"),
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("复制自"), on_delete=models.SET_NULL, null=True, blank=True, related_name="copies"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("退出标准规则集")
        verbose_name_plural = _("退出标准规则集")
        ordering = ["-effective_from", "code"]
        constraints = [
            models.CheckConstraint(
                name="ruleset_years_ordered",
                condition=models.Q(effective_to=None) | models.Q(effective_to__gte=models.F("effective_from")),
                violation_error_message=_("截止年度不能早于起始年度。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def applies_to(self, year: int, region_code: str = "") -> bool:
        """Return True if this rule set is in force for ``year`` in the region ``region_code``."""
        in_years = self.effective_from <= year and (self.effective_to is None or year <= self.effective_to)
        return in_years and region_code.startswith(self.region_prefix)

    @property
    def is_locked(self) -> bool:
        """A rule set that an official run used is the record of that run: it is copied, not edited."""
        return self.runs.filter(kind=RunKind.OFFICIAL).exists()


class Rule(AuditedModel):
    """退出指标: one indicator of a rule set, as a JSON expression over whitelisted fields."""

    ruleset = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.CASCADE, related_name="rules")
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    code = models.CharField(_("指标代码"), max_length=40, validators=[code_validator])
    name = models.CharField(_("指标名称"), max_length=100)
    veto = models.BooleanField(
        _("一票否决"), default=True, help_text=_("否决指标不达标则不能退出；非否决指标只作提示。")
    )
    expression = models.JSONField(_("判定表达式"))
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    fix_hint = models.CharField(_("整改建议"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("退出指标")
        verbose_name_plural = _("退出指标")
        ordering = ["ruleset_id", "level", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "level", "code"], name="rule_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        from jingzhun.standards.expressions import RuleError, rule_validate

        try:
            rule_validate(level=self.level, expression=self.expression, parameters=self.parameters)
        except RuleError as exc:
            raise ValidationError({"expression": str(exc)}) from exc

    def parameter_defaults(self) -> dict[str, Any]:
        return {name: spec.get("default") for name, spec in self.parameters.items()}


class EvaluationRun(models.Model):
    """评估批次: one evaluation of a region against a rule set for one year and level.

    Official runs are the record and never change once done; what-if runs explore other
    rule sets or parameters and are kept apart.
    """

    scope_field = "region_id"

    ruleset = models.ForeignKey(RuleSet, verbose_name=_("规则集"), on_delete=models.PROTECT, related_name="runs")
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey(Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=10, choices=RunKind.choices, default=RunKind.WHAT_IF)
    engine = models.CharField(_("引擎"), max_length=10, choices=Engine.choices, default=Engine.DB)
    parameters = models.JSONField(_("参数"), default=dict, help_text=_("本次评估使用的全部参数值（含默认值）。"))
    overrides = models.JSONField(_("调整的参数"), default=dict, blank=True)
    rules_snapshot = models.JSONField(_("规则快照"), default=list, editable=False)
    status = models.CharField(_("状态"), max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    error = models.TextField(_("错误"), blank=True)
    entities = models.PositiveIntegerField(_("评估对象数"), default=0)
    passed = models.PositiveIntegerField(_("达标数"), default=0)
    seconds = models.FloatField(_("用时（秒）"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("评估时间"), auto_now_add=True)

    objects = EvaluationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估批次")
        verbose_name_plural = _("评估批次")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["level", "year", "kind", "status"], name="run_lookup_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_level_display()} {self.year} {self.ruleset.code}"

    @property
    def failed(self) -> int:
        return self.entities - self.passed

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.entities if self.entities else None

    def rule_index(self) -> dict[str, dict[str, Any]]:
        """Return the rules this run used, by code, as recorded when it ran."""
        return {rule["code"]: rule for rule in self.rules_snapshot}


class EvaluationResult(models.Model):
    """评估结果: whether one household, village or county meets the standard, and why not."""

    scope_field = "region_code"

    # The unique (run, code) index serves lookups by run: no separate index on run or household.
    # No database constraint on run either: results are only ever written by the run's own
    # service, in the transaction that created the run, and a deferred check per row cost
    # PostgreSQL most of a second at commit for a city (deleting a run still cascades, in Django).
    run = models.ForeignKey(
        EvaluationRun,
        verbose_name=_("评估批次"),
        on_delete=models.CASCADE,
        related_name="results",
        db_index=False,
        db_constraint=False,
    )
    code = models.CharField(_("编号"), max_length=30, help_text=_("户编号或 12 位区划代码"))
    region_code = models.CharField(_("所在村或地区代码"), max_length=12)
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("贫困户"),
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        db_index=False,
    )
    status = models.CharField(_("脱贫状态"), max_length=1, blank=True)
    passed = models.BooleanField(_("达标"))
    failed_rules = models.CharField(_("未达标指标"), max_length=500, blank=True)
    warnings = models.CharField(_("提示指标"), max_length=500, blank=True, help_text=_("未达标的非否决指标"))
    evidence = models.JSONField(_("判定依据"), null=True, blank=True)
    incidence = models.FloatField(_("贫困发生率"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("评估结果")
        verbose_name_plural = _("评估结果")
        ordering = ["run_id", "code"]
        constraints = [models.UniqueConstraint(fields=["run", "code"], name="result_run_code_unique")]
        indexes = [
            models.Index(fields=["run", "region_code"], name="result_run_region_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {'✓' if self.passed else '✗'}"

    @property
    def failed_codes(self) -> list[str]:
        return [c for c in self.failed_rules.split(";") if c]


def runs_for_user(user: Any) -> EvaluationRunQuerySet:
    """Return the runs ``user`` may open: inside his scope, or covering it."""
    return EvaluationRun.objects.for_user(user)


def results_for_user(user: Any, run: Any) -> Any:
    """Return the results of ``run`` inside ``user``'s scope."""
    return EvaluationResult.objects.for_user(user).filter(run=run)
