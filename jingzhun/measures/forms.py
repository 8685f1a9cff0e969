"""Edit forms of the measures ledgers: households by 户编号, members by 人编号, villages with the picker."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.forms import LedgerForm
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)
from jingzhun.regions.forms import RegionField
from jingzhun.regions.models import Region
from jingzhun.registry.models import Member
from jingzhun.relocation.forms import HouseholdCodeForm


class MeasureForm(HouseholdCodeForm):
    class Meta:
        model = HouseholdMeasure
        fields = ["household", "year", "kind", "industry", "long_term", "amount", "provider", "note"]


class LinkForm(HouseholdCodeForm):
    class Meta:
        model = EntityLink
        fields = ["entity", "household", "year", "kind", "amount"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entity"].queryset = BusinessEntity.objects.for_user(self.user, "view")  # type: ignore[attr-defined]


class MemberCodeForm(LedgerForm):
    """A ledger form whose ``member`` is typed as its 人编号 and must lie in the user's scope."""

    member = forms.ModelChoiceField(
        label=_("人编号"),
        queryset=Member.objects.none(),
        to_field_name="code",
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"invalid_choice": _("人编号不存在，或不在您的管辖范围内。")},
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["member"].queryset = (  # type: ignore[attr-defined]
            Member.objects.for_user(user, "view") if user is not None else Member.objects.none()
        )
        if self.instance.pk and not self.is_bound:
            self.initial["member"] = self.instance.member.code


class TrainingForm(MemberCodeForm):
    class Meta:
        model = Training
        fields = ["member", "year", "course", "certificate"]


class EmploymentForm(MemberCodeForm):
    class Meta:
        model = Employment
        fields = ["member", "year", "place", "employer", "months", "income"]


class PostForm(MemberCodeForm):
    class Meta:
        model = WelfarePost
        fields = ["member", "year", "kind", "post", "monthly_pay", "months"]


class VillageForm(LedgerForm):
    """A ledger form with a village picked with the region picker."""

    village = RegionField(label=_("行政村"), levels=("county", "township", "village"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["village"] = self.instance.village_id

    def clean_village(self) -> Region:
        village = Region.objects.filter(code=self.cleaned_data.get("village"), level="village").first()
        if village is None:
            raise forms.ValidationError(_("请选择行政村。"))
        return village


class EntityForm(VillageForm):
    class Meta:
        model = BusinessEntity
        fields = ["name", "kind", "village", "industry", "poor_linked", "poor_employed"]


class CollectiveForm(VillageForm):
    class Meta:
        model = CollectiveEconomy
        fields = ["village", "year", "organisation", "assets", "income", "shareholders", "poor_shareholders"]
