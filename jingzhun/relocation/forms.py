"""Edit forms of the relocation and housing ledgers: households named by 户编号, sites and places in scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.forms import LedgerForm
from jingzhun.core.regioncodes import prefix_q
from jingzhun.projects.models import Project
from jingzhun.regions.forms import RegionField
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household
from jingzhun.relocation.models import Facility, Relocation, Renovation, Site

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HouseholdCodeForm(LedgerForm):
    """A ledger form whose ``household`` is typed as its 户编号 and must lie in the user's scope."""

    household = forms.ModelChoiceField(
        label=_("户编号"),
        queryset=Household.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "610902…"}),
        error_messages={"invalid_choice": _("户编号不存在，或不在您的管辖范围内。")},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["household"].queryset = (  # type: ignore[attr-defined]
            Household.objects.for_user(user, "view") if user is not None else Household.objects.none()
        )
        if self.instance.pk and not self.is_bound:
            self.initial["household"] = self.instance.household.code


class SiteForm(LedgerForm):
    region = RegionField(label=_("所在行政区划"))

    class Meta:
        model = Site
        fields = [
            "code",
            "name",
            "kind",
            "region",
            "planned_units",
            "completed_units",
            "facilities_planned",
            "facilities_completed",
            "deadline",
        ]
        widgets = {"deadline": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["region"] = self.instance.region_id

    def clean_region(self) -> Any:
        code = self.cleaned_data.get("region")
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("请选择行政区划。"))
        return region


class FacilityForm(LedgerForm):
    class Meta:
        model = Facility
        fields = ["site", "kind", "completed", "project", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.for_user(self.user, "view")  # type: ignore[attr-defined]
        self.fields["project"].queryset = Project.objects.for_user(self.user, "view")  # type: ignore[attr-defined]


class RelocationForm(HouseholdCodeForm):
    class Meta:
        model = Relocation
        fields = [
            "household",
            "site",
            "batch_year",
            "people",
            "area",
            "self_financing",
            "in_debt",
            "keys_on",
            "moved_in_on",
            "old_house",
            "kept_reason",
            "kept_approved",
            "subsidy",
        ]
        widgets = {"keys_on": DATE, "moved_in_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites_nearby(self.user)  # type: ignore[attr-defined]


def sites_nearby(user: Any) -> Any:
    """The sites a household of the user's scope may move to: those of the user's county (or wider scope)."""
    prefix = getattr(user, "scope_prefix", "") or ""
    if prefix == "-":
        return Site.objects.none()
    return Site.objects.filter(prefix_q("region_id", prefix[:6])).order_by("code")


class RenovationForm(HouseholdCodeForm):
    class Meta:
        model = Renovation
        fields = ["household", "rating", "plan_year", "started_on", "accepted_on", "moved_in_on", "subsidy"]
        widgets = {"started_on": DATE, "accepted_on": DATE, "moved_in_on": DATE}
