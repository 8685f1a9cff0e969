"""Codes of return-to-poverty monitoring (防返贫监测)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectKind(models.TextChoices):
    """监测对象类型."""

    UNSTABLE = "unstable", _("脱贫不稳定户")
    MARGINAL = "marginal", _("边缘易致贫户")
    SUDDEN = "sudden", _("突发严重困难户")


class Reason(models.TextChoices):
    """What made a household a monitoring object (the screening rules)."""

    LOW_INCOME = "low_income", _("人均纯收入低于监测线")
    INCOME_DROP = "income_drop", _("人均纯收入大幅下降")
    ILLNESS = "illness", _("新发大病")
    DISABILITY = "disability", _("新增残疾")
    DISASTER = "disaster", _("遭受自然灾害或意外事故")


class EventKind(models.TextChoices):
    """突发事件类别 (a risk recorded by the village)."""

    ILLNESS = "illness", _("大病")
    DISABILITY = "disability", _("残疾")
    DISASTER = "disaster", _("自然灾害")
    ACCIDENT = "accident", _("意外事故")


# The reason an event of each kind gives.
EVENT_REASONS = {
    EventKind.ILLNESS: Reason.ILLNESS,
    EventKind.DISABILITY: Reason.DISABILITY,
    EventKind.DISASTER: Reason.DISASTER,
    EventKind.ACCIDENT: Reason.DISASTER,
}
INCOME_REASONS = (Reason.LOW_INCOME, Reason.INCOME_DROP)


def reason_labels(codes: str) -> str:
    """Return the Chinese names of reason codes joined by ";" (``low_income;disaster``), joined by "；"."""
    labels = dict(Reason.choices)
    return "；".join(str(labels.get(code, code)) for code in codes.split(";") if code)


class MonitoringStatus(models.TextChoices):
    MONITORING = "monitoring", _("监测帮扶中")
    ELIMINATED = "eliminated", _("风险已消除")
