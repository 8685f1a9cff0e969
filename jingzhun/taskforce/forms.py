"""Edit forms of the taskforce ledgers: related rows offered only from the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jingzhun.core.forms import LedgerForm
from jingzhun.regions.forms import RegionField
from jingzhun.regions.models import Region
from jingzhun.taskforce.models import CampaignDate, GroupMember, Instruction, Meeting, Target, Task, TaskGroup, WorkPlan
from jingzhun.taskforce.workdays import workdays_add

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ScopedChoicesForm(LedgerForm):
    """A ledger form whose region is picked on the map and whose related rows come from the user's scope."""

    region_levels: tuple[str, ...] = ("county",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model in (TaskGroup, WorkPlan, Meeting, Instruction) and self.user is not None:
                field.queryset = model.objects.for_user(self.user)  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.DateInput):
                field.widget = DATE
                field.widget.attrs["class"] = "form-control"
        if "region" in self.fields:
            current = self.instance.region_id if self.instance.pk else ""
            self.fields["region"] = RegionField(label=self.fields["region"].label, required=False, initial=current)
            self.fields["region"].help_text = _("留空为本人管辖区划。")
            bind = getattr(self.fields["region"].widget, "bind_user", None)
            if bind:
                bind(self.user)

    def clean_region(self) -> Region | None:
        code = self.cleaned_data.get("region") or (getattr(self.user, "region_id", None) or "")
        if not code:
            raise forms.ValidationError(_("请选择区划。"))
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("区划代码不存在。"))
        return region


class TaskGroupForm(ScopedChoicesForm):
    class Meta:
        model = TaskGroup
        fields = ["region", "kind", "name", "parent", "duties", "lead_leader", "lead_department", "order"]


class GroupMemberForm(ScopedChoicesForm):
    class Meta:
        model = GroupMember
        fields = ["group", "unit", "is_lead", "contact", "phone"]


class WorkPlanForm(ScopedChoicesForm):
    class Meta:
        model = WorkPlan
        fields = ["group", "year", "kind", "title", "targets", "measures", "starts_on", "ends_on"]


class TaskForm(ScopedChoicesForm):
    class Meta:
        model = Task
        fields = [
            "group",
            "plan",
            "code",
            "content",
            "region",
            "owner_unit",
            "owner_person",
            "deadline",
            "source",
            "meeting",
            "instruction",
            "source_ref",
            "progress",
        ]

    def clean_region(self) -> Region | None:
        if not self.cleaned_data.get("region"):
            group = self.cleaned_data.get("group")
            return group.region if group is not None else None
        return super().clean_region()


class MeetingForm(ScopedChoicesForm):
    class Meta:
        model = Meeting
        fields = [
            "region",
            "kind",
            "group",
            "date",
            "title",
            "chair",
            "attendees",
            "minutes",
            "decisions",
            "issues_this_week",
            "plan_next_week",
        ]


class InstructionForm(ScopedChoicesForm):
    class Meta:
        model = Instruction
        fields = ["region", "leader", "level", "date", "topic", "content"]


class CampaignDateForm(ScopedChoicesForm):
    class Meta:
        model = CampaignDate
        fields = ["region", "year", "date", "title", "note"]


class TargetForm(ScopedChoicesForm):
    class Meta:
        model = Target
        fields = [
            "region",
            "year",
            "people",
            "people_done",
            "villages",
            "villages_done",
            "counties",
            "counties_done",
            "deadline",
        ]


class DecisionTaskForm(forms.Form):
    """One decision of a meeting turned into a task."""

    group = forms.ModelChoiceField(TaskGroup.objects.none(), label=_("专项组"))
    content = forms.CharField(label=_("任务内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    owner_unit = forms.CharField(label=_("牵头单位"), max_length=100)
    owner_person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    deadline = forms.DateField(label=_("完成时限"), widget=DATE, required=False)
    workdays = forms.IntegerField(
        label=_("或：会后几个工作日内完成"),
        min_value=1,
        max_value=250,
        required=False,
        help_text=_("按法定节假日和调休计算。"),
    )

    def __init__(self, *args: Any, user: Any = None, meeting_date: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting_date = meeting_date
        self.fields["group"].queryset = TaskGroup.objects.for_user(user)  # type: ignore[attr-defined]
        for field in self.fields.values():
            field.widget.attrs.setdefault(
                "class", "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        days = data.pop("workdays", None)
        if not data.get("deadline"):
            if not days or self.meeting_date is None:
                raise forms.ValidationError(_("请填写完成时限，或会后几个工作日内完成。"))
            data["deadline"] = workdays_add(self.meeting_date, days)
        return data
