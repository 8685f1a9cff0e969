"""Import of a work plan's task list (sheet 任务清单), on the spreadsheet-import kit.

Columns: 任务编号, 专项组, 任务内容, 牵头单位, 责任人, 完成时限, 状态, 完成日期. A task is identified
by (专项组, 任务编号): re-importing the same file changes nothing. The group is named as it is
registered in the importer's scope, and the importer must be allowed to edit its plan (its
office or a member unit). 状态 逾期 is stored as 推进中 (逾期 is read from the deadline);
已完成 and 已销号 need a 完成日期, the other states none. All or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.schema import Column, choice_map
from jingzhun.core.imports import Importer, Target
from jingzhun.core.imports.binding import stored_values
from jingzhun.taskforce.choices import DONE_STATUSES, TaskStatus
from jingzhun.taskforce.models import Task, TaskGroup
from jingzhun.taskforce.services import group_may_edit

SHEET = "任务清单"
OVERDUE = "overdue"
STATUS_CHOICES = choice_map([*TaskStatus.choices, (OVERDUE, "逾期")], {"已逾期": OVERDUE, "进行中": "in_progress"})

SCHEMA = SheetSchema(
    SHEET,
    columns=(
        Column("code", "任务编号", required=True),
        Column("group", "专项组", aliases=("专责组", "工作组"), required=True),
        Column("content", "任务内容", required=True),
        Column("owner_unit", "牵头单位", aliases=("责任单位",), required=True),
        Column("owner_person", "责任人"),
        Column("deadline", "完成时限", kind="date", required=True),
        Column("status", "状态", kind="choice", choices=STATUS_CHOICES),
        Column("completed_on", "完成日期", kind="date"),
    ),
)
FIELDS = ["content", "owner_unit", "owner_person", "deadline", "status", "completed_on"]


class WorkPlanImporter(Importer):
    """One import of a task list for one user."""

    name = "taskforce.workplan"
    label = gettext_lazy("导入工作任务清单")
    targets = (Target("tasks", Task, ("group_id", "code"), gettext_lazy("任务")),)
    denied_message = gettext_lazy("当前角色不能导入工作任务。")
    notes = (
        gettext_lazy("“任务清单”表每行一项任务，按（专项组，任务编号）新增或更新；专项组须已登记。"),
        gettext_lazy("状态填“已完成”或“已销号”时须填写完成日期；“逾期”按“推进中”保存，逾期由完成时限判断。"),
    )

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (SCHEMA,)

    def check(self, read: ReadResult) -> None:
        rows = [r for r in self.rows(read.sheets.get(SHEET)) if r.values.get("code") and r.values.get("group")]
        names = {r.values["group"] for r in rows}
        groups: dict[str, list[TaskGroup]] = {}
        for group in TaskGroup.objects.for_user(self.user).filter(name__in=names).select_related("region"):
            groups.setdefault(group.name, []).append(group)
        editable = {g.pk: group_may_edit(user=self.user, group=g) for found in groups.values() for g in found}
        keys = {(g.pk, r.values["code"]) for r in rows for g in groups.get(r.values["group"], [])}
        stored = {
            (t.group_id, t.code): t
            for t in Task.objects.filter(group_id__in={k[0] for k in keys}, code__in={k[1] for k in keys})
        }
        seen: dict[tuple[int, str], int] = {}
        for row in rows:
            found = groups.get(row.values["group"], [])
            if not found:
                self.error(
                    row, "group", _("专项组“%(name)s”未登记或不在您的管辖范围内。") % {"name": row.values["group"]}
                )
                continue
            if len(found) > 1:
                self.error(
                    row, "group", _("有多个名为“%(name)s”的工作组，请分地区导入。") % {"name": row.values["group"]}
                )
                continue
            group = found[0]
            if not editable[group.pk]:
                self.error(row, "group", _("您不是“%(name)s”的成员单位，不能导入其任务。") % {"name": group.name})
                continue
            key = (group.pk, row.values["code"])
            if key in seen:
                self.error(row, "code", _("与第 %(row)s 行重复。") % {"row": seen[key]})
                continue
            seen[key] = row.number
            values = dict(row.values)
            status = values.get("status") or (TaskStatus.DONE if values.get("completed_on") else TaskStatus.NOT_STARTED)
            if status == OVERDUE:
                if values.get("completed_on"):
                    self.error(row, "completed_on", _("状态为“逾期”的任务不应填写完成日期。"))
                    continue
                status = TaskStatus.IN_PROGRESS
            values["status"] = status
            if status in DONE_STATUSES and not values.get("completed_on"):
                self.error(
                    row,
                    "completed_on",
                    _("状态为“%(status)s”的任务须填写完成日期。") % {"status": TaskStatus(status).label},
                )
                continue
            if status not in DONE_STATUSES and values.get("completed_on"):
                self.error(
                    row,
                    "completed_on",
                    _("状态为“%(status)s”的任务不应填写完成日期。") % {"status": TaskStatus(status).label},
                )
                continue
            current = stored.get(key)
            instance = current or Task(group=group, code=row.values["code"], region_id=group.region_id)
            before = stored_values(current)
            if status == TaskStatus.CLOSED and (current is None or not current.closed_on):
                instance.closed_on = values["completed_on"]
            if not self.bind(row, instance, FIELDS, values):
                continue
            fields = [*FIELDS, "closed_on"]
            self.stage("tasks", key, row, instance, before, fields, region=instance.region_id)
        self.result.links = [(reverse("taskforce:task-list"), _("返回任务台账"))]
