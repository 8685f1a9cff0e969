"""Pages of the leading group's work: the ledgers, my tasks, the overview and the weekly dispatch sheet."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from jingzhun.core.access import allows
from jingzhun.core.generic import LedgerDetailView, LedgerEditView, LedgerListView
from jingzhun.core.views import ScopedViewMixin
from jingzhun.taskforce import filters, tables
from jingzhun.taskforce import forms as tf_forms
from jingzhun.taskforce.dispatch import dispatch_docx, dispatch_sheet, dispatch_xlsx
from jingzhun.taskforce.figures import countdowns, meeting_cadence, target_paces, workplan_status
from jingzhun.taskforce.models import CampaignDate, Meeting, Target, Task, TaskGroup
from jingzhun.taskforce.querysets import assigned_q
from jingzhun.taskforce.services import group_may_edit, meeting_decision_task, plan_save, task_save
from jingzhun.taskforce.workdays import CALENDAR


def default_date(user: Any, *, next_meeting: bool = False) -> datetime.date:
    """Today, or — when the work in the user's scope ended before this year (an archive, the demo) —
    the day of its last weekly dispatch (``next_meeting``: a week later), else the last deadline."""
    today = timezone.localdate()
    last = Task.objects.for_user(user).aggregate(last=Max("deadline"))["last"]
    if last is None or last.year >= today.year:
        return today
    meeting = Meeting.objects.for_user(user).filter(kind="dispatch").aggregate(d=Max("date"))["d"]
    if meeting is None:
        return last
    return meeting + datetime.timedelta(days=7) if next_meeting else meeting


def _date_param(request: Any, *, next_meeting: bool = False) -> datetime.date:
    raw = request.GET.get("date", "").strip()
    try:
        return datetime.date.fromisoformat(raw) if raw else default_date(request.user, next_meeting=next_meeting)
    except ValueError:
        return default_date(request.user, next_meeting=next_meeting)


# -- ledgers --------------------------------------------------------------------------------------


class TaskGroupList(LedgerListView):
    table_class, filterset_class, nav = tables.TaskGroupTable, filters.TaskGroupFilter, "taskforce"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region")


class TaskGroupDetail(LedgerDetailView):
    template_name = "taskforce/group_detail.html"
    nav = "taskforce"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        group = self.object
        user = self.request.user
        context["members"] = group.members.all()
        context["plans"] = group.plans.for_user(user).order_by("-year", "title")  # type: ignore[attr-defined]
        [context["status"]] = workplan_status(on=timezone.localdate(), groups=TaskGroup.objects.filter(pk=group.pk))
        context["may_edit"] = group_may_edit(user=user, group=group)
        return context


class ScopedEdit(LedgerEditView):
    nav = "taskforce"


class WorkPlanEdit(ScopedEdit):
    form_class = tf_forms.WorkPlanForm

    @transaction.atomic
    def save(self, form: forms.ModelForm) -> models.Model:
        return plan_save(
            user=self.request.user,
            plan=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class TaskList(LedgerListView):
    table_class, filterset_class, nav = tables.TaskTable, filters.TaskFilter, "tasks"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("group", "region")


class MyTaskList(TaskList):
    """我的任务: the tasks assigned to the user (his account, his unit, his county)."""

    model, ledger_name, routes = Task, "task", ("list", "detail")
    title = gettext_lazy("我的任务")  # type: ignore[assignment]

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().filter(assigned_q(self.request.user))


class TaskDetail(LedgerDetailView):
    template_name = "taskforce/task_detail.html"
    nav = "tasks"
    fields = (
        "group",
        "plan",
        "code",
        "content",
        "region",
        "owner_unit",
        "owner_person",
        "deadline",
        "status",
        "completed_on",
        "closed_on",
        "progress",
        "source",
        "meeting",
        "instruction",
        "source_ref",
    )


class TaskEdit(ScopedEdit):
    form_class = tf_forms.TaskForm
    nav = "tasks"

    @transaction.atomic
    def save(self, form: forms.ModelForm) -> models.Model:
        return task_save(
            user=self.request.user,
            task=form.save(commit=False),
            expected_version=form.cleaned_data.get("version"),
            reason=form.cleaned_data.get("reason", ""),
        )


class MeetingList(LedgerListView):
    table_class, filterset_class, nav = tables.MeetingTable, filters.MeetingFilter, "meetings"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("group", "region")


class MeetingDetail(LedgerDetailView):
    template_name = "taskforce/meeting_detail.html"
    nav = "meetings"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["tasks"] = self.object.tasks.for_user(user).select_related("group")
        if allows(user, "add", Task):
            context["decision_form"] = tf_forms.DecisionTaskForm(user=user, meeting_date=self.object.date)
        return context


class MeetingDecisionTask(ScopedViewMixin, TemplateView):
    """POST: a decision of the meeting becomes a task (the group's members, 403 otherwise)."""

    model = Meeting
    action = "view"
    http_method_names = ["get", "post"]

    def get(self, request: Any, pk: int) -> HttpResponse:
        meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)
        return HttpResponseRedirect(reverse("taskforce:meeting-detail", args=[meeting.pk]))

    def post(self, request: Any, pk: int) -> HttpResponse:
        meeting = get_object_or_404(Meeting.objects.for_user(request.user), pk=pk)
        if not allows(request.user, "add", Task):
            raise PermissionDenied(_("当前角色不能新增任务。"))
        form = tf_forms.DecisionTaskForm(request.POST, user=request.user, meeting_date=meeting.date)
        back = reverse("taskforce:meeting-detail", args=[meeting.pk])
        if not form.is_valid():
            messages.error(
                request,
                "；".join(
                    f"{form.fields[k].label}：{' '.join(map(str, v))}" if k in form.fields else " ".join(map(str, v))
                    for k, v in form.errors.items()
                ),
            )
            return HttpResponseRedirect(back)
        try:
            task = meeting_decision_task(user=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(request, _("已将议定事项转为任务 %(code)s。") % {"code": task.code})
        return HttpResponseRedirect(back)


class InstructionList(LedgerListView):
    table_class, filterset_class, nav = tables.InstructionTable, filters.InstructionFilter, "instructions"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region")


class CampaignDateList(LedgerListView):
    table_class, filterset_class, nav = tables.CampaignDateTable, filters.CampaignDateFilter, "taskforce"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region")


class TargetList(LedgerListView):
    table_class, filterset_class, nav = tables.TargetTable, filters.TargetFilter, "taskforce"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("region")


class MemberList(LedgerListView):
    table_class, filterset_class, nav = tables.GroupMemberTable, filters.GroupMemberFilter, "taskforce"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("group")


class PlanList(LedgerListView):
    table_class, filterset_class, nav = tables.WorkPlanTable, filters.WorkPlanFilter, "taskforce"

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().select_related("group")


# -- overview and dispatch -----------------------------------------------------------------------


class Overview(ScopedViewMixin, TemplateView):
    """总览: plan status per group, the meeting cadence, the countdown to the hard dates, the targets' pace."""

    model = Task
    template_name = "taskforce/overview.html"
    nav = "taskforce"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        on = _date_param(self.request)
        prefix = user.scope_prefix if user.scope_prefix != "-" else ""
        context.update(
            on=on,
            statuses=workplan_status(on=on, groups=TaskGroup.objects.for_user(user)),
            cadences=meeting_cadence(meetings=Meeting.objects.for_user(user), year=on.year, on=on, region=prefix),
            countdowns=countdowns(
                dates=CampaignDate.objects.for_user(user).filter(
                    date__gte=on, date__lte=on + datetime.timedelta(days=366)
                ),
                on=on,
            ),
            paces=target_paces(targets=Target.objects.for_user(user).filter(year=on.year), on=on),
            calendar=CALENDAR,
            title=_("领导小组与专责组"),
        )
        return context


class DispatchView(ScopedViewMixin, TemplateView):
    """周调度表 for the meeting on ``?date=`` (default today): page, ``?format=xlsx`` or ``?format=docx``."""

    model = Task
    template_name = "taskforce/dispatch.html"
    nav = "dispatch"

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_permission()
        on = _date_param(request, next_meeting=True)
        sheet = dispatch_sheet(user=request.user, on=on)
        fmt = request.GET.get("format", "")
        if fmt in ("xlsx", "docx"):
            self.action = "export"
            self.check_permission()
            if fmt == "xlsx":
                data, ctype = dispatch_xlsx(sheet), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            else:
                data, ctype = (
                    dispatch_docx(sheet),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                )
            response = HttpResponse(data, content_type=ctype)
            filename = f"周调度表-{on:%Y%m%d}.{fmt}"
            response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
            return response
        if fmt:
            raise Http404(_("不支持的格式。"))
        return self.render_to_response(self.get_context_data(sheet=sheet, on=on, title=_("周调度表")))
