"""Return-to-poverty monitoring (防返贫监测): risks recorded, and households monitored until the risk is gone."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingzhun.core.ledger import LedgerModel
from jingzhun.monitoring.choices import EventKind, MonitoringStatus, ObjectKind, reason_labels

YEARS = [MinValueValidator(2014), MaxValueValidator(2100)]


class RiskEvent(LedgerModel):
    """突发事件登记: a major illness, a disability, a disaster or an accident that struck a household."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("户"), on_delete=models.CASCADE, related_name="risk_events"
    )
    kind = models.CharField(_("事件类别"), max_length=12, choices=EventKind.choices)
    occurred_on = models.DateField(_("发生日期"))
    loss = models.DecimalField(
        _("损失或支出（元）"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    description = models.TextField(_("情况说明"), max_length=1000)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("突发事件")
        ordering = ["-occurred_on", "household_id"]

    def __str__(self) -> str:
        return f"{self.household_id} {self.get_kind_display()} {self.occurred_on}"


class MonitoringObject(LedgerModel):
    """防返贫监测对象: a household at risk in one year, its risk, the help it gets, until the risk is gone."""

    scope_field = "household__village_id"

    household = models.ForeignKey(
        "registry.Household", verbose_name=_("户"), on_delete=models.CASCADE, related_name="monitoring"
    )
    year = models.PositiveSmallIntegerField(_("监测年度"), validators=YEARS)
    kind = models.CharField(_("监测对象类型"), max_length=10, choices=ObjectKind.choices)
    reasons = models.CharField(_("纳入原因"), max_length=100, help_text=_("筛查规则代码，以分号分隔"))
    risk = models.TextField(_("风险情况"), blank=True, max_length=1000)
    measures = models.TextField(_("帮扶措施"), blank=True, max_length=2000)
    status = models.CharField(
        _("状态"), max_length=12, choices=MonitoringStatus.choices, default=MonitoringStatus.MONITORING
    )
    identified_on = models.DateField(_("纳入日期"))
    eliminated_on = models.DateField(_("风险消除日期"), null=True, blank=True)

    class Meta(LedgerModel.Meta):
        verbose_name = verbose_name_plural = _("防返贫监测对象")
        ordering = ["-year", "household_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "year"],
                name="monitoring_object_once_a_year",
                violation_error_message=_("该户本年度已是监测对象。"),
            ),
            models.CheckConstraint(
                name="monitoring_eliminated_has_date",
                condition=~models.Q(status=MonitoringStatus.ELIMINATED) | models.Q(eliminated_on__isnull=False),
                violation_error_message=_("风险已消除的监测对象须有风险消除日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.code} {self.year} {self.get_kind_display()}"

    def reason_labels(self) -> str:
        return reason_labels(self.reasons)
