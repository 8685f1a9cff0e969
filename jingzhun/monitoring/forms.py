"""Edit forms of the monitoring ledgers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.forms import LedgerForm
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.registry.models import Household


class RiskEventForm(LedgerForm):
    """A risk event: the household named by its 户编号 (looked up in the user's scope)."""

    household = forms.CharField(label=_("户编号"), max_length=30)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["household"] = self.instance.household.code

    def clean_household(self) -> Household:
        code = self.cleaned_data["household"].strip()
        household = Household.objects.for_user(self.user).filter(code=code).first() if self.user else None
        if household is None:
            raise forms.ValidationError(_("户编号“%(code)s”不在您管辖范围的建档立卡户中。") % {"code": code})
        return household

    class Meta:
        model = RiskEvent
        fields = ["household", "kind", "occurred_on", "loss", "description"]
        widgets = {
            "occurred_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class MonitoringObjectForm(LedgerForm):
    """What the village keeps up to date: the risk and the help given (the state moves by the workflow)."""

    class Meta:
        model = MonitoringObject
        fields = ["risk", "measures"]
        widgets = {"risk": forms.Textarea(attrs={"rows": 3}), "measures": forms.Textarea(attrs={"rows": 4})}
