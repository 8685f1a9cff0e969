"""Forms of 整改督办: places picked with the region picker, households and projects typed by their codes."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.forms import LedgerForm
from jingzhun.core.imports.forms import ImportForm
from jingzhun.projects.models import Project
from jingzhun.rectification.choices import Progress, Source, SupervisionLevel
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk
from jingzhun.regions.forms import RegionField
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class PlaceForm(LedgerForm):
    """A ledger form whose row has a ``region``: picked as a division code in the user's scope."""

    region_code = RegionField(label=_("地区"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.region_id:
            self.fields["region_code"].initial = self.instance.region_id

    def clean_region_code(self) -> Region:
        code = self.cleaned_data["region_code"]
        region = Region.objects.filter(code=code.ljust(12, "0")).first()
        if region is None:
            raise forms.ValidationError(_("区划代码不存在。"))
        self.instance.region = region
        return region


def household_by_code(code: str, user: Any) -> Household | None:
    code = (code or "").strip()
    if not code:
        return None
    household = Household.objects.for_user(user).filter(code=code).first()
    if household is None:
        raise forms.ValidationError(_("户编号不存在或不在您的管辖范围内。"))
    return household


class InspectionForm(PlaceForm):
    class Meta:
        model = Inspection
        fields = ["code", "title", "source", "date", "team", "document_number", "note"]
        widgets = {"note": TEXTAREA}

    field_order = ["code", "title", "source", "date", "region_code", "team", "document_number", "note"]


class ProblemForm(PlaceForm):
    household_code = forms.CharField(label=_("涉及贫困户（户编号）"), required=False, max_length=30)
    project_code = forms.CharField(label=_("涉及项目（项目编号）"), required=False, max_length=30)

    class Meta:
        model = Problem
        fields = [
            "inspection",
            "number",
            "level",
            "category",
            "description",
            "measures",
            "deadline",
            "line",
            "sector",
            "responsible_unit",
            "responsible_person",
            "leader",
        ]
        widgets = {"description": TEXTAREA, "measures": TEXTAREA}

    field_order = ["inspection", "number", "level", "category", "region_code", "household_code", "project_code"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].label = _("所在地区")
        self.fields["inspection"].queryset = Inspection.objects.for_user(self.user)  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["inspection"].disabled = True
            self.fields["number"].disabled = True
            self.fields["household_code"].initial = self.instance.household.code if self.instance.household_id else ""
            self.fields["project_code"].initial = self.instance.project.code if self.instance.project_id else ""

    def clean_household_code(self) -> str:
        self.instance.household = household_by_code(self.cleaned_data["household_code"], self.user)
        return self.cleaned_data["household_code"]

    def clean_project_code(self) -> str:
        code = (self.cleaned_data["project_code"] or "").strip()
        project = None
        if code:
            project = Project.objects.for_user(self.user).filter(code=code).first()
            if project is None:
                raise forms.ValidationError(_("项目编号不存在或不在您的管辖范围内。"))
        self.instance.project = project
        return code


class AccountabilityForm(PlaceForm):
    problem_ref = forms.CharField(
        label=_("相关问题"), required=False, max_length=80, help_text=_("检查批次编号/问题编号，可留空")
    )

    class Meta:
        model = Accountability
        fields = ["kind", "person", "unit", "document_number", "date", "note"]
        widgets = {"note": TEXTAREA}

    field_order = ["problem_ref", "region_code", "kind", "person", "unit", "document_number", "date", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        problem = self.instance.problem if self.instance.problem_id else None
        if problem is not None:
            self.fields["problem_ref"].initial = f"{problem.inspection.code}/{problem.number}"

    def clean_problem_ref(self) -> str:
        ref = (self.cleaned_data["problem_ref"] or "").strip()
        problem = None
        if ref:
            inspection, _sep, number = ref.partition("/")
            problem = Problem.objects.for_user(self.user).filter(inspection__code=inspection, number=number).first()
            if problem is None:
                raise forms.ValidationError(
                    _("没有找到该问题，或它不在您的管辖范围内（格式：检查批次编号/问题编号）。")
                )
        self.instance.problem = problem
        return ref


class RiskForm(PlaceForm):
    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "description",
            "owner",
            "owner_unit",
            "found_on",
            "status",
            "measures",
            "resolved_on",
        ]
        widgets = {"description": TEXTAREA, "measures": TEXTAREA}

    field_order = ["kind", "title", "region_code"]


class PetitionForm(PlaceForm):
    household_code = forms.CharField(label=_("贫困户（户编号）"), required=False, max_length=30)

    class Meta:
        model = Petition
        fields = [
            "received_on",
            "petitioner",
            "phone",
            "kind",
            "is_group",
            "people",
            "to_capital",
            "content",
            "handling",
            "resolved",
            "resolved_on",
        ]
        widgets = {"content": TEXTAREA, "handling": TEXTAREA}

    field_order = ["received_on", "region_code", "household_code", "petitioner", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.household_id:
            self.fields["household_code"].initial = self.instance.household.code

    def clean_household_code(self) -> str:
        self.instance.household = household_by_code(self.cleaned_data["household_code"], self.user)
        return self.cleaned_data["household_code"]


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    progress = forms.ChoiceField(label=_("进展"), choices=Progress.choices)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SuperviseForm(forms.Form):
    supervision_level = forms.ChoiceField(
        label=_("挂牌级别"), choices=[("", _("摘牌（取消督办）")), *SupervisionLevel.choices], required=False
    )
    supervising_leader = forms.CharField(label=_("督办领导"), max_length=50, required=False)
    special_case = forms.BooleanField(label=_("专案盯办"), required=False)


class ProblemImportForm(ImportForm):
    """导入问题清单: the file and the inspection it belongs to (a new one needs its source and date)."""

    inspection = forms.CharField(label=_("检查批次编号"), max_length=30)
    source = forms.ChoiceField(label=_("检查来源（新批次）"), choices=[("", "—"), *Source.choices], required=False)
    date = forms.CharField(
        label=_("反馈日期（新批次）"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("inspection", "source", "date"):
            widget = self.fields[name].widget
            widget.attrs.setdefault("class", "form-select" if isinstance(widget, forms.Select) else "form-control")

    def clean_date(self) -> str:
        value = (self.cleaned_data.get("date") or "").strip()
        if value:
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                raise forms.ValidationError(_("日期格式应为 YYYY-MM-DD。")) from None
        return value
