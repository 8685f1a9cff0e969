"""The weekly dispatch sheet (周调度表) for the coming meeting, per group and county, as page, Excel and Word.

For the meeting on date D and the dispatch period of N days (``taskforce.dispatch_days``):

- 本期到期: open tasks whose deadline falls in [D, D + N);
- 已逾期: tasks whose deadline is before D and not completed by then;
- 上期完成: tasks completed in [D − N, D);

per group and county of assignment (a task assigned to the city itself is 市直). Counts of
other domains (overdue projects, overdue rectification problems …) are added per county by
hooks: any installed app may define ``dispatch_extend(*, user, on) -> list[DispatchCount]`` in
its ``dispatch`` module (found by name, as ``generate_demo`` finds ``demo_extend``), so this
app imports none of them. Overdue projects are counted here (projects is a lower layer).
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from jingzhun.core.documents import Document
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.parameters import parameter_value
from jingzhun.core.regioncodes import code_at
from jingzhun.projects.choices import ACTIVE_STATUSES
from jingzhun.projects.models import Project, ProjectMilestone
from jingzhun.regions.models import Region
from jingzhun.taskforce.choices import DONE_STATUSES, MeetingKind
from jingzhun.taskforce.hooks import app_hooks
from jingzhun.taskforce.models import Meeting, Task

CITY_LABEL = "市直"


@dataclass(frozen=True)
class DispatchCount:
    """One column a hook adds to the sheet: its label and the count per county code (12 digits)."""

    label: str
    by_county: dict[str, int]


@dataclass
class DispatchRow:
    group: str
    county: str
    due: int = 0
    overdue: int = 0
    done: int = 0


@dataclass
class DispatchSheet:
    on: datetime.date
    days: int
    rows: list[DispatchRow]
    counties: list[tuple[str, str]]  # (code, name) of the counties in the rows or the hooks
    extra: list[DispatchCount]
    overdue_tasks: list[Task]
    meeting: Meeting | None
    totals: DispatchRow = field(default_factory=lambda: DispatchRow("", ""))

    @property
    def period(self) -> str:
        end = self.on + datetime.timedelta(days=self.days - 1)
        return f"{self.on:%Y-%m-%d} 至 {end:%Y-%m-%d}"

    def county_table(self) -> list[list[Any]]:
        """The hooks' counts, one row per county."""
        return [[name, *(c.by_county.get(code, 0) for c in self.extra)] for code, name in self.counties]


def _hooks() -> list[Callable[..., list[DispatchCount]]]:
    return [projects_overdue, *app_hooks("dispatch_extend")]


def projects_overdue(*, user: Any, on: datetime.date) -> list[DispatchCount]:
    """逾期项目: projects under way with a milestone past its planned date, per county."""
    projects = Project.objects.for_user(user).filter(status__in=ACTIVE_STATUSES)
    late = ProjectMilestone.objects.filter(
        project__in=projects.values("pk"), actual_date__isnull=True, planned_date__lt=on
    ).values_list("project_id", "project__region_id")
    counties: dict[str, set[int]] = {}
    for pk, region in late:
        counties.setdefault(code_at(region, "county"), set()).add(pk)
    return [DispatchCount(_("逾期项目"), {code: len(pks) for code, pks in counties.items()})]


def dispatch_sheet(*, user: Any, on: datetime.date, region: str = "") -> DispatchSheet:
    """Return the dispatch sheet of the meeting on ``on`` for the tasks ``user`` may see (in ``region``)."""
    days = parameter_value("taskforce.dispatch_days", year=on.year, region=region or user.scope_prefix)
    start, end = on - datetime.timedelta(days=days), on + datetime.timedelta(days=days)
    tasks = Task.objects.for_user(user)
    if region:
        tasks = tasks.in_region(region)
    done_before = Q(completed_on__isnull=False, completed_on__lt=on)
    counts = (
        tasks.values("group__name", "group__order", "group__region_id", "region_id")
        .annotate(
            due=Count("pk", filter=Q(deadline__gte=on, deadline__lt=end) & ~Q(status__in=DONE_STATUSES)),
            overdue=Count("pk", filter=Q(deadline__lt=on) & ~done_before),
            done=Count("pk", filter=Q(completed_on__gte=start, completed_on__lt=on)),
        )
        .order_by("group__region_id", "group__order", "group__name", "region_id")
    )
    merged: dict[tuple[str, str], DispatchRow] = {}
    county_codes: set[str] = set()
    for row in counts:
        region_code = row["region_id"]
        county = "" if region_code.endswith("00000000") and region_code[4:6] == "00" else code_at(region_code, "county")
        key = (row["group__name"], county)
        item = merged.setdefault(key, DispatchRow(row["group__name"], county))
        item.due += row["due"]
        item.overdue += row["overdue"]
        item.done += row["done"]
        if county:
            county_codes.add(county)
    extra = [count for hook in _hooks() for count in hook(user=user, on=on)]
    for count in extra:
        county_codes.update(c for c in count.by_county if not region or c.startswith(region))
    names = dict(Region.objects.filter(code__in=county_codes).values_list("code", "name"))
    rows = [r for r in merged.values() if r.due or r.overdue or r.done]
    for row in rows:
        row.county = names.get(row.county, CITY_LABEL) if row.county else CITY_LABEL
    totals = DispatchRow(
        _("合计"), "", sum(r.due for r in rows), sum(r.overdue for r in rows), sum(r.done for r in rows)
    )
    overdue = list(
        tasks.filter(deadline__lt=on)
        .exclude(done_before)
        .select_related("group", "region")
        .order_by("deadline", "group__order", "code")[:200]
    )
    meeting = (
        Meeting.objects.for_user(user).filter(kind=MeetingKind.DISPATCH, date__lt=on).order_by("-date", "-id").first()
    )
    return DispatchSheet(
        on=on,
        days=days,
        rows=rows,
        counties=sorted(names.items()),
        extra=extra,
        overdue_tasks=overdue,
        meeting=meeting,
        totals=totals,
    )


HEADER = ("专项组", "县区", "本期到期", "已逾期", "上期完成")
OVERDUE_HEADER = ("专项组", "任务编号", "任务内容", "牵头单位", "责任人", "完成时限", "逾期天数")


def _overdue_rows(sheet: DispatchSheet) -> list[list[Any]]:
    return [
        [t.group.name, t.code, t.content, t.owner_unit, t.owner_person or "—", t.deadline, (sheet.on - t.deadline).days]
        for t in sheet.overdue_tasks
    ]


def dispatch_docx(sheet: DispatchSheet) -> bytes:
    """Return the sheet as a Word document (调度表), the same bytes for the same data."""
    doc = Document(
        title=_("脱贫攻坚周调度表"),
        subtitle=_("调度日期：%(on)s　调度周期：%(period)s") % {"on": f"{sheet.on:%Y-%m-%d}", "period": sheet.period},
        timestamp=sheet.on,
        subject="taskforce.dispatch",
        landscape=True,
    )
    doc.heading(_("一、任务推进情况"))
    rows: list[list[Any]] = [[r.group, r.county, r.due, r.overdue, r.done] for r in sheet.rows]
    rows.append([_("合计"), "", sheet.totals.due, sheet.totals.overdue, sheet.totals.done])
    doc.table(rows, header=list(HEADER))
    if sheet.extra:
        doc.heading(_("二、相关工作逾期情况"))
        doc.table(sheet.county_table(), header=[_("县区"), *(c.label for c in sheet.extra)])
    doc.heading(_("三、逾期任务清单"))
    if sheet.overdue_tasks:
        doc.table(_overdue_rows(sheet), header=list(OVERDUE_HEADER))
    else:
        doc.paragraph(_("无逾期任务。"))
    doc.heading(_("四、本周问题与下周安排"))
    meeting = sheet.meeting
    doc.paragraph(_("本周问题：%(text)s") % {"text": (meeting.issues_this_week if meeting else "") or "—"})
    doc.paragraph(_("下周安排：%(text)s") % {"text": (meeting.plan_next_week if meeting else "") or "—"})
    return doc.render()


def dispatch_xlsx(sheet: DispatchSheet) -> bytes:
    """Return the sheet as an Excel workbook: 调度表, 相关工作, 逾期任务."""
    out = io.BytesIO()
    book = new_workbook(out)
    bold = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})

    def write(name: str, header: list[str], rows: list[list[Any]]) -> None:
        ws = book.add_worksheet(name)
        for col, text in enumerate(header):
            ws.write_string(0, col, str(text), bold)
            ws.set_column(col, col, 14)
        for r, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, int):
                    ws.write_number(r, col, value)
                else:
                    ws.write_string(r, col, value.isoformat() if isinstance(value, datetime.date) else str(value))

    rows: list[list[Any]] = [[r.group, r.county, r.due, r.overdue, r.done] for r in sheet.rows]
    rows.append([_("合计"), "", sheet.totals.due, sheet.totals.overdue, sheet.totals.done])
    write(_("调度表"), list(HEADER), rows)
    write(_("相关工作"), [_("县区"), *(c.label for c in sheet.extra)], sheet.county_table())
    write(_("逾期任务"), list(OVERDUE_HEADER), _overdue_rows(sheet))
    book.close()
    return out.getvalue()
