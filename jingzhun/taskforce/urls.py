"""The pages of 领导小组与专责组, mounted at /taskforce/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.core.generic import LedgerEditView, ledger_urls
from jingzhun.core.imports.views import import_urls
from jingzhun.taskforce import forms, views
from jingzhun.taskforce.imports import WorkPlanImporter
from jingzhun.taskforce.models import CampaignDate, GroupMember, Instruction, Meeting, Target, Task, TaskGroup, WorkPlan

app_name = "taskforce"


def edit(form_class: type, nav: str = "taskforce") -> type:
    return type(
        f"{form_class.__name__}Edit", (LedgerEditView,), {"form_class": form_class, "nav": nav, "__module__": __name__}
    )


urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.Overview.as_view(), name="overview"),
    path("dispatch/", views.DispatchView.as_view(), name="dispatch"),
    path("tasks/mine/", views.MyTaskList.as_view(), name="my-tasks"),
    path("meetings/<int:pk>/decisions/", views.MeetingDecisionTask.as_view(), name="meeting-decision"),
    *ledger_urls(
        "groups",
        TaskGroup,
        list=views.TaskGroupList,
        detail=views.TaskGroupDetail,
        edit=edit(forms.TaskGroupForm),
        delete=True,
    ),
    *ledger_urls(
        "members", GroupMember, list=views.MemberList, detail=True, edit=edit(forms.GroupMemberForm), delete=True
    ),
    *ledger_urls("plans", WorkPlan, list=views.PlanList, detail=True, edit=views.WorkPlanEdit, delete=True),
    *ledger_urls("tasks", Task, list=views.TaskList, detail=views.TaskDetail, edit=views.TaskEdit, delete=True),
    *ledger_urls(
        "meetings",
        Meeting,
        list=views.MeetingList,
        detail=views.MeetingDetail,
        edit=edit(forms.MeetingForm, "meetings"),
        delete=True,
    ),
    *ledger_urls(
        "instructions",
        Instruction,
        list=views.InstructionList,
        detail=True,
        edit=edit(forms.InstructionForm, "instructions"),
        delete=True,
    ),
    *ledger_urls(
        "calendar",
        CampaignDate,
        list=views.CampaignDateList,
        detail=True,
        edit=edit(forms.CampaignDateForm),
        delete=True,
    ),
    *ledger_urls("targets", Target, list=views.TargetList, detail=True, edit=edit(forms.TargetForm), delete=True),
    *import_urls(WorkPlanImporter, nav="tasks"),
]
