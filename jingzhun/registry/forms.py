"""Forms of the registry pages (the spreadsheet import binds its rows to these too)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.imports.forms import ImportForm
from jingzhun.regions.models import Region
from jingzhun.registry.choices import Cause
from jingzhun.registry.fieldsets import HOUSEHOLD_FIELDS, MEMBER_FIELDS, YEAR_FIELDS
from jingzhun.registry.models import Household, HouseholdYear, Member


class AuditedForm(forms.ModelForm):
    """A model form with the version the user saw (optimistic locking) and a change reason."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("如：入户核实后更正")}),
    )
    reason_required_on_change = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            self.fields["reason"].required = self.reason_required_on_change
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")
            field.widget.attrs.setdefault("id", f"id_{name}")


def village_labels(villages: Any) -> dict[str, str]:
    """Return a label per village code: 乡镇 村, with the county in front where that pair repeats in the list."""
    places = []
    for village in villages:
        township = village.parent
        county = township.parent if township else None
        places.append(
            (village.code, county.name if county else "", township.name if township else "", village.short_name)
        )
    seen = Counter((township, name) for _code, _county, township, name in places)
    return {
        code: " ".join(p for p in ((county if seen[(township, name)] > 1 else ""), township, name) if p)
        for code, county, township, name in places
    }


class HouseholdForm(AuditedForm):
    village = forms.ModelChoiceField(
        label=_("行政村"), queryset=Region.objects.none(), to_field_name="code", empty_label=_("请选择行政村")
    )
    other_causes = forms.MultipleChoiceField(
        label=_("其他致贫原因"), choices=Cause.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Household
        fields = ["code", "village", *HOUSEHOLD_FIELDS]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        villages = (
            Region.objects.for_user(user).filter(level="village").select_related("parent__parent").order_by("code")
        )
        self.fields["village"].queryset = villages
        labels = village_labels(villages)
        self.fields["village"].label_from_instance = lambda r: labels.get(r.code) or r.short_name
        if self.instance.pk:
            self.initial["other_causes"] = [c for c in self.instance.other_causes.split(",") if c]
            self.fields["code"].disabled = True
            # The status changes only through the yearly cycle (dated, reasoned, evidenced steps).
            for name in ("status", "exit_year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("通过户详情页的“动态调整”变更。")

    def clean_other_causes(self) -> str:
        return ",".join(self.cleaned_data.get("other_causes") or [])


class MemberForm(AuditedForm):
    class Meta:
        model = Member
        fields = ["code", *MEMBER_FIELDS]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["code"].disabled = True

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])


class HouseholdYearForm(AuditedForm):
    class Meta:
        model = HouseholdYear
        fields = ["year", *YEAR_FIELDS]
        widgets = {"assistance_measures": forms.Textarea(attrs={"rows": 3})}


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label=_("删除原因"), max_length=500, widget=forms.TextInput(attrs={"class": "form-control"})
    )


class RegistryImportForm(ImportForm):
    """导入建档立卡数据: the workbook, and the year of its income columns when it has no 年度 column."""

    field_order = ["file", "year", "dry_run"]

    year = forms.IntegerField(
        label=_("收入数据年度"),
        required=False,
        min_value=2010,
        max_value=2035,
        help_text=_("文件中没有“年度”列时，收入和生活条件记入此年度。"),
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("建档立卡数据文件")
