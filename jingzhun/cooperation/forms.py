"""Edit forms of the cooperation ledgers: regions with the region picker, pairings from the user's own."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import modelform_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.cooperation import models as m
from jingzhun.core.forms import LedgerForm
from jingzhun.core.imports.forms import ImportForm
from jingzhun.projects.choices import ProjectType
from jingzhun.projects.models import Project
from jingzhun.regions.forms import RegionField
from jingzhun.regions.models import Region

REGION_FIELDS = ("west_region", "east_region")


class CooperationForm(LedgerForm):
    """A ledger form whose regions are picked as codes (either side: no scope check here, the service checks)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in REGION_FIELDS:
            if name in self.fields:
                label = self.fields[name].label
                optional = name == "west_region" and "pairing" in self.fields  # then the pairing's own region
                self.fields[name] = RegionField(label=label, check_scope=False, required=not optional)
                if optional:
                    self.fields[name].help_text = _("不选时为所选结对关系的西部地区。")
                self.fields[name].widget.attrs.setdefault("class", "form-control")
                if self.instance.pk:
                    self.initial[name] = getattr(self.instance, f"{name}_id")
        if "pairing" in self.fields and self.user is not None:
            self.fields["pairing"].queryset = m.Pairing.objects.for_user(self.user).order_by("east_party")  # type: ignore[attr-defined]
        if "agreement" in self.fields and self.user is not None:
            self.fields["agreement"].queryset = m.Agreement.objects.for_user(self.user).order_by("-year")  # type: ignore[attr-defined]
        if "project" in self.fields and self.user is not None:
            self.fields["project"].queryset = Project.objects.for_user(self.user).filter(  # type: ignore[attr-defined]
                type=ProjectType.COOPERATION
            )

    def _region(self, name: str) -> Region:
        code = self.cleaned_data.get(name)
        region = Region.objects.filter(code=code).first() if code else None
        if region is None:
            raise forms.ValidationError(_("区划代码不存在。"))
        return region

    def clean_west_region(self) -> Region | None:
        if not self.cleaned_data.get("west_region") and not self.fields["west_region"].required:
            return None
        return self._region("west_region")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        if "west_region" in self.fields and not cleaned.get("west_region") and "west_region" not in self.errors:
            pairing = cleaned.get("pairing")
            if pairing is None:
                self.add_error("west_region", _("请选择受援地区，或选择结对关系。"))
            else:
                cleaned["west_region"] = pairing.west_region
        return cleaned

    def clean_east_region(self) -> Region:
        return self._region("east_region")


EXCLUDED = ("member",)


def form_for(model: type[Any]) -> type[forms.ModelForm]:
    """The edit form of a cooperation ledger: every editable field but the derived ones."""
    fields = [
        f.name
        for f in model._meta.fields
        if f.editable and not f.auto_created and f.name not in ("id", "version", "created_by", *EXCLUDED)
    ]
    return modelform_factory(model, form=CooperationForm, fields=fields)


class CooperationImportForm(ImportForm):
    """The cooperation workbook and its year."""

    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=2010,
        max_value=2035,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
