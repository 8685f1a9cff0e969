"""What the task groups show in the command centre: tasks due, done and overdue, and the campaign's hard dates."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import (
    BAD,
    GOOD,
    Figure,
    Panel,
    PanelContext,
    PanelData,
    deadlines_register,
    panel_register,
)
from jingzhun.core.regioncodes import ancestor_codes
from jingzhun.taskforce.choices import TaskStatus
from jingzhun.taskforce.models import CampaignDate, Task

FINISHED = (TaskStatus.DONE, TaskStatus.CLOSED)


def _tasks(ctx: PanelContext) -> PanelData | None:
    """专责组任务: the tasks of the place due by today, done, and overdue."""
    tasks = Task.objects.for_user(ctx.user).in_region(ctx.prefix).filter(deadline__year=ctx.year)
    counts = tasks.aggregate(
        total=Count("pk"),
        due=Count("pk", filter=Q(deadline__lte=ctx.today)),
        done=Count("pk", filter=Q(status__in=FINISHED)),
        overdue=Count("pk", filter=Q(deadline__lt=ctx.today) & ~Q(status__in=FINISHED)),
    )
    if not counts["total"]:
        return None
    figures = [
        Figure(_("任务"), formatting.quantity(counts["total"], _("项"))),
        Figure(_("已到期"), formatting.quantity(counts["due"], _("项"))),
        Figure(_("已完成"), formatting.quantity(counts["done"], _("项")), tone=GOOD),
        Figure(
            _("逾期未完成"), formatting.quantity(counts["overdue"], _("项")), tone=BAD if counts["overdue"] else GOOD
        ),
    ]
    return PanelData(figures, link=reverse("taskforce:overview"))


def _hard_dates(ctx: PanelContext) -> list[tuple[datetime.date, str]]:
    """The 攻坚节点 of the place and of the places above it (a county sees the city's dates)."""
    codes = [*ancestor_codes(ctx.prefix), ctx.region.code]
    dates = CampaignDate.objects.filter(region_id__in=codes, date__year__in=(ctx.year, ctx.year + 1))
    return [(date, title) for date, title in dates.values_list("date", "title")]


panel_register(Panel("tasks", gettext_lazy("专责组任务"), _tasks, access=("view", "taskforce.Task"), order=30))
deadlines_register(_hard_dates)
