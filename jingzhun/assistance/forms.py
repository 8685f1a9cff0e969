"""Forms of 驻村帮扶: ledger forms (a village by the region picker, a household by 户编号, the
user's own units and cadres) and the small field forms a cadre fills on a phone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.assistance.choices import PresenceKind
from jingzhun.assistance.models import (
    Assignment,
    Cadre,
    Diary,
    HelpingUnit,
    Nomination,
    Pairing,
    PlanItem,
    Posting,
    Presence,
    Survey,
    UnitPlan,
    UnitVisit,
    Visit,
    WorkGroup,
    WorkTeam,
)
from jingzhun.core.forms import LedgerForm
from jingzhun.core.masking import mask_value
from jingzhun.regions.forms import RegionField, bind_region_pickers
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"})


class AssistanceForm(LedgerForm):
    """A ledger form whose village is picked with the region picker and household given by 户编号.

    Units and cadres offered are those the user may see (a helping unit: its own).
    """

    village_code = RegionField(label=_("行政村"), required=False, levels=("county", "township", "village"))
    household_code = forms.CharField(label=_("户编号"), max_length=30, required=False)
    region_code = RegionField(label=_("地区"), required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        model = self._meta.model
        names = {f.name for f in model._meta.get_fields()}
        if "village" not in names or "village" not in (self._meta.fields or ()):
            del self.fields["village_code"]
        else:
            self.fields["village_code"].required = True
            self.fields["village_code"].initial = getattr(self.instance, "village_id", None)
            self.fields.pop("village", None)
        if "region" not in names or "region" not in (self._meta.fields or ()):
            del self.fields["region_code"]
        else:
            self.fields["region_code"].required = True
            self.fields["region_code"].initial = getattr(self.instance, "region_id", None)
            self.fields.pop("region", None)
        if "household" not in names or "household" not in (self._meta.fields or ()):
            del self.fields["household_code"]
        else:
            self.fields["household_code"].required = True
            household = getattr(self.instance, "household", None) if self.instance.household_id else None  # type: ignore[attr-defined]
            self.fields["household_code"].initial = household.code if household else ""
            self.fields.pop("household", None)
        for name, related in (("unit", HelpingUnit), ("lead_unit", HelpingUnit), ("cadre", Cadre)):
            if name in self.fields and user is not None:
                self.fields[name].queryset = related.objects.for_user(user)  # type: ignore[attr-defined]
        for name in ("leader", "first_secretary", "members"):
            if name in self.fields and user is not None:
                self.fields[name].queryset = Cadre.objects.for_user(user)  # type: ignore[attr-defined]
        for name in ("member_units",):
            if name in self.fields and user is not None:
                self.fields[name].queryset = HelpingUnit.objects.for_user(user)  # type: ignore[attr-defined]
        for field in self.fields.values():
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
        # Personal data (证件号码, 联系电话) is write-only here: the stored value is shown masked
        # and kept when the field is left empty, so an edit page never shows it in full.
        self.personal = dict(getattr(model, "personal_fields", {}) or {})
        for name, kind in self.personal.items():
            stored = getattr(self.instance, name, "") if self.instance.pk else ""
            if name in self.fields and stored:
                self.initial[name] = ""
                self.fields[name].required = False
                self.fields[name].help_text = _("已登记：%(masked)s；留空则不修改。") % {
                    "masked": mask_value(kind, stored)
                }
        bind_region_pickers(self, user)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.personal:
            if name in self.fields and not cleaned.get(name) and self.instance.pk:
                cleaned[name] = getattr(self.instance, name, "")
        return cleaned

    def clean_village_code(self) -> str:
        code = (self.cleaned_data.get("village_code") or "").strip()
        if "village_code" in self.fields and code:
            region = Region.objects.for_user(self.user).filter(code=code, level="village").first()
            if region is None:
                raise forms.ValidationError(_("请选择您管辖范围内的行政村。"))
            self.instance.village = region  # type: ignore[attr-defined]
        return code

    def clean_region_code(self) -> str:
        code = (self.cleaned_data.get("region_code") or "").strip()
        if "region_code" in self.fields and code:
            region = Region.objects.filter(code=code).first()
            if region is None:
                raise forms.ValidationError(_("请选择地区。"))
            self.instance.region = region  # type: ignore[attr-defined]
        return code

    def clean_household_code(self) -> str:
        code = (self.cleaned_data.get("household_code") or "").strip()
        if "household_code" in self.fields and code:
            household = Household.objects.for_user(self.user).filter(code=code).first()
            if household is None:
                raise forms.ValidationError(_("没有找到该户编号的贫困户，或它不在您的管辖范围内。"))
            self.instance.household = household  # type: ignore[attr-defined]
        return code


def ledger_form(model: type, fields: list[str]) -> type[AssistanceForm]:
    """Return the AssistanceForm of ``model`` with ``fields`` (village / household replaced by pickers)."""
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Form", (AssistanceForm,), {"Meta": meta, "__module__": __name__})


FORMS: dict[type, type[AssistanceForm]] = {
    HelpingUnit: ledger_form(HelpingUnit, ["name", "level", "region", "head"]),
    Assignment: ledger_form(Assignment, ["unit", "village", "start_year", "end_year"]),
    WorkGroup: ledger_form(WorkGroup, ["name", "region", "lead_unit", "member_units"]),
    Cadre: ledger_form(Cadre, ["name", "id_number", "unit", "village", "post", "phone"]),
    WorkTeam: ledger_form(WorkTeam, ["village", "unit", "leader", "first_secretary", "members"]),
    Posting: ledger_form(Posting, ["cadre", "village", "kind", "start", "end"]),
    Pairing: ledger_form(Pairing, ["household", "cadre", "start"]),
    PlanItem: ledger_form(PlanItem, ["household", "year", "measure", "done", "done_on"]),
    Presence: ledger_form(Presence, ["cadre", "date", "village", "kind", "note"]),
    Diary: ledger_form(Diary, ["cadre", "date", "village", "content"]),
    Visit: ledger_form(Visit, ["cadre", "household", "date", "purpose", "done", "needs"]),
    Survey: ledger_form(Survey, ["household", "date", "knows_policy", "satisfied", "surveyor"]),
    UnitVisit: ledger_form(UnitVisit, ["unit", "village", "date", "visitor", "note"]),
    UnitPlan: ledger_form(UnitPlan, ["unit", "village", "year", "plan", "tasks", "four_ones_done"]),
    Nomination: ledger_form(Nomination, ["kind", "year", "village", "nominee", "cadre", "reason"]),
}


# Field forms (phone): small, plain, no region picker.
class CheckinForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=PresenceKind.choices, initial=PresenceKind.PRESENT)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, required=False, widget=forms.HiddenInput)
    photo = forms.FileField(label=_("现场照片（可选）"), required=False)


class DiaryForm(forms.Form):
    content = forms.CharField(label=_("今日工作"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))


class VisitForm(forms.Form):
    household_code = forms.CharField(label=_("户编号"), max_length=30)
    purpose = forms.CharField(label=_("走访事由"), max_length=200)
    done = forms.CharField(
        label=_("帮办事项"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("群众诉求"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, households: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if households:
            self.fields["household_code"].widget = forms.Select(choices=[(h.code, f"{h.code}") for h in households])
        for field in self.fields.values():
            if not isinstance(field.widget, forms.HiddenInput):
                field.widget.attrs.setdefault("class", "form-control")
