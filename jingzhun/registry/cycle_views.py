"""Pages of the yearly cycle (动态调整): a household's change form, and the year's changes of a place."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from jingzhun.core.access import require
from jingzhun.core.views import AccessMixin
from jingzhun.core.workflow_views import MultipleFileField, MultipleFileInput
from jingzhun.regions.forms import RegionPickerWidget
from jingzhun.regions.visibility import visible_region
from jingzhun.registry.choices import EXITED_STATUSES, LEFT_STATUSES, STILL_POOR_STATUSES, CycleChange
from jingzhun.registry.cycle import CHANGE_OF_STEP, LEAVE_CHOICES, cycle_change, cycle_changes, cycle_counts, cycle_year
from jingzhun.registry.models import Household

CONTROL = {"class": "form-control"}


def changes_open(household: Household) -> list[tuple[str, str]]:
    """Return the changes a household in its current status may take (value, Chinese label)."""
    if household.status in LEFT_STATUSES:
        return []
    changes = [CycleChange.EXITED] if household.status in STILL_POOR_STATUSES else []
    if household.status in EXITED_STATUSES:
        changes.append(CycleChange.RETURNED)
    changes += [CycleChange.LEFT, CycleChange.REMOVED]
    return [(c.value, str(c.label)) for c in changes]


class CycleForm(forms.Form):
    """动态调整 of one household: which change, on which day, why, with which evidence."""

    change = forms.ChoiceField(label=gettext_lazy("调整类型"), widget=forms.Select(attrs={"class": "form-select"}))
    on = forms.DateField(
        label=gettext_lazy("变更日期"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    reason = forms.ChoiceField(
        label=gettext_lazy("自然减少原因"),
        choices=[("", "—"), *LEAVE_CHOICES],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=gettext_lazy("仅“自然减少”须选择。"),
    )
    note = forms.CharField(
        label=gettext_lazy("依据与说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3, **CONTROL})
    )
    files = MultipleFileField(
        label=gettext_lazy("佐证材料"),
        required=False,
        widget=MultipleFileInput(attrs=CONTROL),
        help_text=gettext_lazy("如核查记录、死亡证明、户籍迁移证明、评议会议记录（必传）。"),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["change"].choices = changes_open(household)
        self.fields["on"].initial = timezone.localdate()


class HouseholdCycleView(AccessMixin, FormView):
    """动态调整 of one household (标注脱贫, 返贫, 自然减少, 清退): 404 outside scope, 403 for read-only roles."""

    access = ("change", "registry")
    form_class = CycleForm
    template_name = "registry/cycle_form.html"
    nav = "households"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.household = get_object_or_404(Household.objects.for_user(request.user), code=kwargs["code"])
            require(request.user, "change", Household, _("当前角色只能查看，不能调整建档立卡数据。"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "household": self.household}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "household": self.household}

    def form_valid(self, form: CycleForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            cycle_change(
                user=self.request.user,
                household=self.household,
                change=data["change"],
                on=data["on"],
                note=data["note"],
                files=data["files"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已办理动态调整。"))
        return HttpResponseRedirect(reverse("registry:household-detail", args=[self.household.code]))


class CycleListView(AccessMixin, TemplateView):
    """年度动态调整: the year's changes of a place, counted and listed (newest first, 50 a page)."""

    access = ("view", "registry")
    template_name = "registry/cycle_list.html"
    nav = "cycle"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        region = visible_region(user, self.request.GET.get("region"))
        year = cycle_year(self.request.GET.get("year", ""), region.prefix)
        change = self.request.GET.get("change", "")
        logs = cycle_changes(user=user, prefix=region.prefix, year=year)
        if change in CycleChange.values:
            logs = logs.filter(transition=next(s for s, c in CHANGE_OF_STEP.items() if c == change))
        page = Paginator(logs.prefetch_related("evidence"), 50).get_page(self.request.GET.get("page"))
        labels = dict(CycleChange.choices)
        picker = RegionPickerWidget()
        picker.bind_user(user)
        counts = cycle_counts(prefix=region.prefix, year=year)
        context.update(
            region=region,
            region_picker=picker.render("region", self.request.GET.get("region", ""), {"id": "id_region"}),
            year=year,
            years=range(max(year, timezone.localdate().year), 2013, -1),
            change=change,
            changes=CycleChange.choices,
            counts=[(key, labels[key], counts[key]) for key in CycleChange.values],
            page=page,
            rows=[(log, labels[CHANGE_OF_STEP[log.transition]]) for log in page.object_list],
        )
        return context
