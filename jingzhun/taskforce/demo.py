"""Demo of the leading group's year for Ankang (安康市): the 2019 groups (领导小组, 八办两组五保障),
a plan per group, tasks for the city and each county, a year of weekly dispatches, the leading
group's monthly meetings, joint meetings, leaders' instructions, the campaign's hard dates and
the targets per county read from the demo registry (people planned to exit / exited this year).

Deterministic (seeded), written in bulk inside one transaction with one audit event for the
load. As of 31 December most tasks are done and closed, some late, and some are overdue.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Substr

from jingzhun.core.audit import record_event
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household
from jingzhun.taskforce.choices import GroupKind, MeetingKind, PlanKind, TaskSource, TaskStatus
from jingzhun.taskforce.examples import ANKANG, ANKANG_LEADING
from jingzhun.taskforce.models import (
    CampaignDate,
    GroupMember,
    Instruction,
    Meeting,
    Target,
    Task,
    TaskGroup,
    WorkPlan,
)

CITY = "610900000000"
D = datetime.date

HARD_DATES = (
    ((2, 15), "春节后集中排查启动", "各县区完成节后贫困户动态排查，建立问题清单。"),
    ((3, 1), "年度任务分解下达", "各专项办、专项组将年度任务分解到县区和责任单位。"),
    ((7, 10), "上半年问题整改清零", "7月上旬前完成上半年考核反馈问题整改。"),
    ((8, 31), "项目开工和资金支付节点", "当年扶贫项目全部开工，资金支付进度达到 80%。"),
    ((10, 31), "贫困退出验收", "当年拟退出村、户完成退出程序和验收。"),
    ((11, 30), "问题全面整改到位", "三个“回头看”发现问题全面整改到位。"),
    ((12, 15), "迎国考准备就绪", "最迟12月中旬前完成迎检准备，确保指标全面达标。"),
)

TASK_TEMPLATES = {
    "综合协调办公室": ("完成{q}季度脱贫攻坚考核自查", "报送{q}季度统计监测数据", "组织{q}季度交叉检查"),
    "产业扶贫办公室": ("完成产业到户覆盖核查（{q}季度）", "新增新型经营主体带贫{n}个", "组织农产品产销对接会"),
    "就业扶贫办公室": ("新建社区工厂{n}家", "完成贫困劳动力技能培训{n}人次", "落实公益性岗位{n}个"),
    "易地扶贫搬迁办公室": ("完成搬迁安置点配套设施{n}处", "推进旧宅腾退复垦", "落实搬迁户后续扶持措施"),
    "基础设施建设办公室": ("完成通村道路硬化{n}公里", "完成安全饮水巩固提升工程{n}处", "完成农网改造{n}个村"),
    "金融扶贫办公室": ("发放扶贫小额信贷{n}万元", "落实产业贷款贴息", "推进扶贫保险全覆盖"),
    "社会扶贫办公室": ("开展驻村工作队轮换考核", "组织“万企帮万村”结对{n}对", "开展扶贫日募捐活动"),
    "苏陕协作办公室": ("落实苏陕协作项目{n}个", "组织劳务协作输出{n}人", "推进消费扶贫产品进江苏"),
    "督查巡查组": ("开展第{q}轮脱贫攻坚专项巡查", "交办巡查问题并跟踪销号", "通报{q}季度督查结果"),
    "考核评估组": ("反馈问题整改销号（{q}季度）", "组织第三方评估模拟测评", "完成年度考核迎检资料"),
    "住房安全保障组": ("完成危房改造{n}户", "完成住房安全鉴定全覆盖", "核查危改户入住情况"),
    "饮水安全保障组": ("完成饮水安全水质检测{n}处", "排查季节性缺水村", "落实工程管护责任"),
    "义务教育保障组": ("开展控辍保学“回头看”", "发放教育资助{n}万元", "核查适龄儿童就学情况"),
    "基本医疗保障组": ("完成贫困人口参保全覆盖核查", "落实大病专项救治", "完成家庭医生签约服务{n}人"),
    "兜底保障组": ("完成低保和扶贫对象衔接核查", "发放临时救助{n}万元", "落实特困人员供养"),
}
ISSUES = (
    "部分县区产业到户覆盖台账与实际不符，需逐户核实。",
    "个别安置点配套设施进度滞后。",
    "部分项目资金支付进度低于时序要求。",
    "少数驻村工作队在岗不到位。",
    "考核反馈问题整改存在“纸上整改”现象。",
    "个别村饮水工程管护责任未落实。",
)
PLANS = (
    "对照时序节点逐项推进，未完成事项下周调度会通报。",
    "各专项办牵头单位到县区开展专项督导。",
    "召开项目资金支付推进会。",
    "组织问题整改“回头看”。",
    "开展迎检资料集中审核。",
)
LEADERS = (("市委书记", "city"), ("市长", "city"), ("常务副市长", "city"), ("省脱贫攻坚领导小组", "province"))


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Add the leading group's year to the demo; return its summary for ``generate_demo``."""
    counts = taskforce_demo_generate(seed=seed, year=year, replace=replace)
    if not counts:
        return ""
    return "领导小组与专责组：工作组 {groups} 个、任务 {tasks} 项（逾期 {overdue} 项）、会议 {meetings} 次".format(
        **counts
    )


def _delete() -> None:
    Task.objects.all().delete()
    Meeting.objects.all().delete()
    for model in (Instruction, WorkPlan, GroupMember, CampaignDate, Target):
        model.objects.all().delete()
    TaskGroup.objects.filter(parent__isnull=False).delete()
    TaskGroup.objects.all().delete()


@transaction.atomic
def taskforce_demo_generate(*, seed: int, year: int, replace: bool) -> dict[str, int]:
    """Write the demo (skipped, returning {}, if groups exist and ``replace`` is false)."""
    if not Region.objects.filter(code=CITY).exists():
        return {}
    if TaskGroup.objects.exists():
        if not replace:
            return {}
        _delete()
    rng = random.Random(f"{seed}:taskforce")
    as_of = D(year, 12, 31)
    counties = list(Region.objects.filter(level="county", code__startswith="6109").order_by("code"))
    leading = TaskGroup.objects.create(
        region_id=CITY,
        kind=GroupKind.LEADING,
        name=f"安康市{ANKANG_LEADING.name}",
        duties=ANKANG_LEADING.duties,
        lead_leader=ANKANG_LEADING.lead_leader,
        lead_department=ANKANG_LEADING.lead_department,
    )
    groups = TaskGroup.objects.bulk_create(
        TaskGroup(
            region_id=CITY,
            kind=spec.kind,
            name=spec.name,
            parent=leading,
            duties=spec.duties,
            lead_leader=spec.lead_leader,
            lead_department=spec.lead_department,
            order=order,
        )
        for order, spec in enumerate(ANKANG, start=1)
    )
    specs = {spec.name: spec for spec in ANKANG}
    GroupMember.objects.bulk_create(
        GroupMember(group=g, unit=unit, is_lead=unit == specs[g.name].lead_department, contact=_name(rng))
        for g in groups
        for unit in dict.fromkeys((specs[g.name].lead_department, *specs[g.name].members))
    )
    plans = {
        g.pk: p
        for g, p in zip(
            groups,
            WorkPlan.objects.bulk_create(
                WorkPlan(
                    group=g,
                    year=year,
                    kind=PlanKind.YEARLY,
                    title=f"{year}年{g.name}工作计划",
                    targets=specs[g.name].duties,
                    measures="实行工作推进台账，按时间表、路线图推进，进度销号管理。",
                    starts_on=D(year, 1, 1),
                    ends_on=D(year, 12, 31),
                )
                for g in groups
            ),
            strict=True,
        )
    }
    meetings = _meetings(rng, year, leading)
    instructions = Instruction.objects.bulk_create(
        Instruction(
            region_id=CITY,
            leader=leader,
            level=level,
            date=D(year, month, rng.randint(3, 25)),
            topic=rng.choice(ISSUES).rstrip("。"),
            content="请指挥部办公室牵头，相关专项办抓好落实，限期整改并报结果。",
        )
        for month in range(1, 12, 2)
        for leader, level in [LEADERS[month % len(LEADERS)]]
    )
    tasks = _tasks(rng, year, as_of, groups, plans, counties, meetings, instructions)
    CampaignDate.objects.bulk_create(
        [
            CampaignDate(region_id=CITY, year=year, date=D(year, m, d), title=title, note=note)
            for (m, d), title, note in HARD_DATES
        ]
        + [
            CampaignDate(
                region_id=CITY, year=year + 1, date=D(year + 1, 1, 10), title="国家脱贫攻坚成效考核", note="迎接国考。"
            )
        ]
    )
    targets = _targets(year, counties)
    overdue = sum(1 for t in tasks if t.deadline < as_of and t.completed_on is None)
    record_event(
        action="bulk",
        model_label="taskforce.Task",
        object_pk="demo",
        object_repr=f"演示数据生成：安康市 {year} 年领导小组与专责组任务 {len(tasks)} 项",
        region_code=CITY,
        after={
            "groups": len(groups) + 1,
            "tasks": len(tasks),
            "meetings": len(meetings),
            "targets": targets,
            "seed": seed,
        },
        reason="generate_demo",
    )
    return {"groups": len(groups) + 1, "tasks": len(tasks), "overdue": overdue, "meetings": len(meetings)}


def _name(rng: random.Random) -> str:
    return rng.choice("王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林") + rng.choice(
        ("建国", "海燕", "志强", "丽娟", "国庆", "小军", "秀英", "文斌", "晓东", "春梅")
    )


def _meetings(rng: random.Random, year: int, leading: TaskGroup) -> list[Meeting]:
    rows = []
    day = D(year, 1, 7)
    week = 1
    while day.year == year:
        if not (day.month == 2 and day.day < 12):  # no dispatch in the Spring Festival week
            rows.append(
                Meeting(
                    region_id=CITY,
                    kind=MeetingKind.DISPATCH,
                    group=leading,
                    date=day,
                    title=f"{year}年第{week}周脱贫攻坚调度会",
                    chair="常务副市长",
                    attendees="各专项办、专项组牵头单位负责同志，各县区分管领导（视频）",
                    issues_this_week=rng.choice(ISSUES),
                    plan_next_week=rng.choice(PLANS),
                )
            )
        day += datetime.timedelta(days=7)
        week += 1
    for month in range(1, 13):
        if month == 8:
            continue  # the August meeting was not held: the cadence page shows it
        rows.append(
            Meeting(
                region_id=CITY,
                kind=MeetingKind.LEADING,
                group=leading,
                date=D(year, month, 20),
                title=f"市脱贫攻坚领导小组{month}月专题会议",
                chair="市委书记",
                attendees="领导小组成员",
                minutes="听取各专项办、专项组工作汇报，研究部署下阶段重点工作。",
                decisions="一、各牵头单位对照时间表倒排工期；二、逾期任务由督查巡查组跟踪督办。",
            )
        )
    for month in (3, 6, 9, 12):
        rows.append(
            Meeting(region_id=CITY, kind=MeetingKind.JOINT, date=D(year, month, 26), title=f"{month}月苏陕协作联席会议")
        )
    rows.append(Meeting(region_id=CITY, kind=MeetingKind.ONSITE, date=D(year, 5, 16), title="产业扶贫现场会"))
    rows.append(Meeting(region_id=CITY, kind=MeetingKind.PROMOTION, date=D(year, 9, 5), title="项目资金支付推进会"))
    return Meeting.objects.bulk_create(rows)


def _tasks(
    rng: random.Random,
    year: int,
    as_of: datetime.date,
    groups: list[TaskGroup],
    plans: dict[int, WorkPlan],
    counties: list[Region],
    meetings: list[Meeting],
    instructions: list[Instruction],
) -> list[Task]:
    rows: list[Task] = []
    leading_meetings = [m for m in meetings if m.kind == MeetingKind.LEADING]
    for group in groups:
        templates = TASK_TEMPLATES.get(group.name, ("推进年度重点工作",))
        number = 0
        places = [(CITY, "")] + [(c.code, c.name) for c in counties]
        for quarter in range(1, 5):
            for region, county in places:
                if county and rng.random() < 0.6:
                    continue
                number += 1
                template = rng.choice(templates)
                content = template.format(q="一二三四"[quarter - 1], n=rng.choice((5, 10, 20, 50, 100)))
                deadline = D(year, quarter * 3, 1) + datetime.timedelta(days=rng.randint(0, 29))
                rows.append(
                    _task(rng, group, plans[group.pk], f"{number:03d}", content, region, county, deadline, as_of)
                )
        for meeting in rng.sample(leading_meetings, 2):
            number += 1
            task = _task(
                rng,
                group,
                plans[group.pk],
                f"{number:03d}",
                f"落实{meeting.title}议定事项",
                CITY,
                "",
                meeting.date + datetime.timedelta(days=30),
                as_of,
            )
            task.source, task.meeting, task.code = TaskSource.MEETING, meeting, f"HY{meeting.date:%Y%m%d}-{number:02d}"
            rows.append(task)
    for instruction in instructions:
        group = rng.choice(groups)
        task = _task(
            rng,
            group,
            plans[group.pk],
            f"PS{instruction.date:%Y%m%d}",
            f"落实{instruction.leader}批示：{instruction.topic}",
            CITY,
            "",
            instruction.date + datetime.timedelta(days=20),
            as_of,
        )
        task.source, task.instruction = TaskSource.INSTRUCTION, instruction
        rows.append(task)
    return Task.objects.bulk_create(rows)


def _task(
    rng: random.Random,
    group: TaskGroup,
    plan: WorkPlan,
    code: str,
    content: str,
    region: str,
    county: str,
    deadline: datetime.date,
    as_of: datetime.date,
) -> Task:
    unit = f"{county}{group.lead_department.removeprefix('市')}" if county else group.lead_department
    fate = rng.random()
    completed: datetime.date | None = None
    if fate < 0.78:
        completed = deadline - datetime.timedelta(days=rng.randint(0, 20))
    elif fate < 0.92:
        completed = deadline + datetime.timedelta(days=rng.randint(1, 25))
    if completed and completed > as_of:
        completed = None
    status = TaskStatus.NOT_STARTED if deadline > as_of else TaskStatus.IN_PROGRESS
    closed = None
    if completed:
        status = TaskStatus.CLOSED if rng.random() < 0.8 else TaskStatus.DONE
        closed = (
            min(completed + datetime.timedelta(days=rng.randint(1, 10)), as_of) if status == TaskStatus.CLOSED else None
        )
    return Task(
        group=group,
        plan=plan,
        code=code,
        content=content,
        region_id=region,
        owner_unit=unit,
        owner_person=_name(rng),
        deadline=deadline,
        status=status,
        completed_on=completed,
        closed_on=closed,
        progress="已按时序推进。" if completed else "正在推进，进度滞后于时序。",
    )


def _targets(year: int, counties: list[Region]) -> int:
    """One target per county and one for the city: people planned to exit this year, and those who did."""
    rows = (
        Household.objects.filter(Q(planned_exit_year=year) | Q(exit_year=year))
        .annotate(county=Substr("village_id", 1, 6))
        .values("county")
        .annotate(people=Sum("size", filter=Q(planned_exit_year=year)), done=Sum("size", filter=Q(exit_year=year)))
    )
    by_county: dict[str, Any] = {row["county"]: row for row in rows}
    targets = []
    for county in counties:
        row = by_county.get(county.code[:6])
        if not row or not row["people"]:
            continue
        targets.append(
            Target(
                region=county,
                year=year,
                people=row["people"],
                people_done=row["done"] or 0,
                deadline=D(year, 11, 30),
            )
        )
    if targets:
        targets.append(
            Target(
                region_id=CITY,
                year=year,
                people=sum(t.people for t in targets),
                people_done=sum(t.people_done for t in targets),
                counties=len(targets),
                deadline=D(year, 11, 30),
            )
        )
    Target.objects.bulk_create(targets)
    return len(targets)
