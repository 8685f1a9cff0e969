"""The access policy: for each app (or model), which roles may view, add, change, delete,
approve, reveal personal data and export, and how its rows are scoped.

This is the only table of permissions in the project; ``jingzhun.core.access`` reads it
(named by the ``JINGZHUN_ACCESS_POLICY`` setting) and every view, viewset, export, job,
command and service asks through that door. A model's own entry wins over its app's.
Administrators may do everything, everywhere. Adding a scoped model without an entry
here stops the server from starting (system check ``jingzhun.E003``), and the
every-URL × every-persona test (``tests/test_access_matrix.py``) walks what it says.
"""

from __future__ import annotations

from jingzhun.accounts.choices import Role
from jingzhun.core.access import Rule

ADMIN_ROLES = frozenset({Role.ADMIN})

EVERYONE = frozenset(Role)
# The poverty-alleviation offices along the line city → county → township → village.
OFFICES = frozenset({Role.CITY, Role.COUNTY, Role.TOWNSHIP, Role.VILLAGE})
CITY = frozenset({Role.CITY})
CITY_COUNTY = frozenset({Role.CITY, Role.COUNTY})
# Roles whose work needs ID numbers and phones; the inspector reads them (every read logged).
PERSONAL_DATA = OFFICES | {Role.INSPECTOR}

POLICY: dict[str, Rule] = {
    # Divisions and their yearly facts: everyone reads; the city office keeps the year facts.
    # Counties read theirs (the figures they report are checked by the city, which enters them).
    "regions": Rule(label="行政区划与年度指标", view=EVERYONE, export=EVERYONE, add=CITY, change=CITY),
    # 建档立卡: the offices keep it; sector departments, helping units, cooperation offices
    # and inspectors read (403 on writes).
    "registry": Rule(
        label="建档立卡数据",
        view=EVERYONE,
        add=OFFICES,
        change=OFFICES,
        delete=OFFICES,
        reveal=PERSONAL_DATA,
        export=EVERYONE,
    ),
    # Exit standards: the city office edits standards and records official runs; county and
    # township offices run what-if evaluations in their scope and delete their own.
    "standards": Rule(
        label="退出标准与评估",
        view=EVERYONE,
        add=OFFICES - {Role.VILLAGE},
        change=CITY,
        delete=OFFICES - {Role.VILLAGE},
        approve=CITY,
        export=EVERYONE,
    ),
    # Data quality: offices run checks, upload comparison lists and justify findings; the
    # county and the city approve what a village or township proposes.
    "quality": Rule(
        label="数据质量",
        view=EVERYONE,
        add=OFFICES,
        change=OFFICES,
        approve=CITY_COUNTY,
        reveal=PERSONAL_DATA,
        export=EVERYONE,
    ),
    # Projects and funds: sector departments keep their own sector's projects (sector scope);
    # the county and the city approve budget changes.
    "projects": Rule(
        label="项目资金",
        view=EVERYONE,
        add=OFFICES | {Role.SECTOR},
        change=OFFICES | {Role.SECTOR},
        delete=OFFICES | {Role.SECTOR},
        approve=CITY_COUNTY,
        export=EVERYONE,
        scope=("region", "sector"),
    ),
    # The audit trail of a region: everyone reads what happened in his scope.
    "core.AuditEvent": Rule(label="操作日志", view=EVERYONE, export=CITY_COUNTY | {Role.INSPECTOR}),
    # Workflow steps (流程记录): everyone reads the steps of the objects in his scope (the
    # query narrows to objects he may see); a step is taken with its transition's own action
    # on the object's model (e.g. ``approve`` on quality), asked by core.workflow.
    "core.TransitionLog": Rule(label="流程记录", view=EVERYONE),
    # Background jobs: a user sees his own (the query adds created_by).
    "core.Job": Rule(label="后台任务", view=EVERYONE),
    # Evidence files: visible with the object they belong to (checked again at download).
    "core.Attachment": Rule(label="佐证材料", view=EVERYONE, add=EVERYONE),
    # Business parameters (thresholds, periods, dates): everyone reads; the city office sets them.
    "core.Parameter": Rule(label="业务参数", view=EVERYONE, add=CITY, change=CITY, delete=CITY, export=EVERYONE),
    "accounts": Rule(label="用户"),
    # 退出程序: the village office proposes exits and takes the village steps; the township and
    # the county approve theirs (each step narrows the roles: core.workflow ``roles``).
    "exits": Rule(
        label="退出程序",
        view=EVERYONE,
        add=OFFICES,
        change=OFFICES,
        approve=OFFICES - {Role.VILLAGE},
        export=EVERYONE,
    ),
    # 贫困县摘帽: the county applies; the city office records 市初审, 省核查, 省公示 and approval.
    "exits.CountyExit": Rule(
        label="贫困县摘帽", view=EVERYONE, add=CITY_COUNTY, change=CITY_COUNTY, approve=CITY, export=EVERYONE
    ),
    # 抽样核查: the city office draws samples, records field results and writes the measured rates.
    "exits.Sample": Rule(
        label="抽样核查", view=EVERYONE, add=CITY, change=CITY, delete=CITY, approve=CITY, export=EVERYONE
    ),
    "exits.SampleItem": Rule(
        label="抽样户核查结果",
        view=EVERYONE,
        add=CITY,
        change=CITY,
        delete=CITY,
        reveal=PERSONAL_DATA,
        export=EVERYONE,
    ),
    # 驻村帮扶: helping units, work teams, cadres and their field records. The offices keep
    # their region's records; a helping unit keeps its own units' cadres, villages and records
    # (assignment scope: the units its account belongs to, inside its region); townships,
    # counties and the city approve official absences and review awards.
    "assistance": Rule(
        label="驻村帮扶",
        view=EVERYONE,
        add=OFFICES | {Role.HELPING_UNIT},
        change=OFFICES | {Role.HELPING_UNIT},
        delete=OFFICES | {Role.HELPING_UNIT},
        approve=OFFICES - {Role.VILLAGE},
        reveal=PERSONAL_DATA | {Role.HELPING_UNIT},
        export=EVERYONE,
        scope=("region", "assignment"),
    ),
    # The directory of helping units (city-wide): the city office keeps it, a unit its own row.
    "assistance.HelpingUnit": Rule(
        label="帮扶单位",
        view=EVERYONE,
        add=CITY,
        change=CITY | {Role.HELPING_UNIT},
        delete=CITY,
        export=EVERYONE,
        scope=("assignment",),
    ),
    # Which unit helps which village (联村包抓) and the work groups: decided by the city and counties.
    "assistance.Assignment": Rule(
        label="包抓村",
        view=EVERYONE,
        add=CITY_COUNTY,
        change=CITY_COUNTY,
        delete=CITY_COUNTY,
        export=EVERYONE,
        scope=("region", "assignment"),
    ),
    "assistance.WorkGroup": Rule(
        label="工作团",
        view=EVERYONE,
        add=CITY_COUNTY,
        change=CITY_COUNTY,
        delete=CITY_COUNTY,
        export=EVERYONE,
        scope=("region", "assignment"),
    ),
    # 考核评估: assessments and rankings. Rankings are published to everyone assessed (月通报,
    # 季点评), so every role reads every round (no region scope); the city office keeps them.
    "assessments": Rule(
        label="考核评估",
        view=EVERYONE,
        add=CITY,
        change=CITY,
        delete=CITY,
        approve=CITY,
        export=EVERYONE,
        scope=(),
    ),
    # 整改督办: the city and county offices register inspections and assign their problems;
    # whoever owns a problem (offices along the line, a sector department for its own
    # sector's problems) reports progress; the county and the city verify and close (销号),
    # supervise (挂牌督办) and record accountability.
    "rectification": Rule(
        label="整改督办",
        view=EVERYONE,
        add=CITY_COUNTY,
        change=CITY_COUNTY,
        delete=CITY_COUNTY,
        approve=CITY_COUNTY,
        export=EVERYONE,
    ),
    "rectification.Problem": Rule(
        label="整改问题",
        view=EVERYONE,
        add=CITY_COUNTY,
        change=OFFICES | {Role.SECTOR},
        delete=CITY_COUNTY,
        approve=CITY_COUNTY,
        export=EVERYONE,
        scope=("region", "sector"),
    ),
    "rectification.ProgressReport": Rule(
        label="整改进展",
        view=EVERYONE,
        add=OFFICES | {Role.SECTOR},
        change=OFFICES | {Role.SECTOR},
        delete=CITY_COUNTY,
        export=EVERYONE,
        scope=("region", "sector"),
    ),
    # 一票否决风险: the offices keep the register; sector departments and inspectors read it.
    "rectification.Risk": Rule(
        label="一票否决风险",
        view=EVERYONE,
        add=OFFICES - {Role.VILLAGE},
        change=OFFICES - {Role.VILLAGE},
        delete=CITY_COUNTY,
        export=EVERYONE,
    ),
    # 信访: the offices register and handle petitions; phones are personal data.
    "rectification.Petition": Rule(
        label="信访",
        view=OFFICES | {Role.INSPECTOR},
        add=OFFICES,
        change=OFFICES,
        delete=CITY_COUNTY,
        reveal=PERSONAL_DATA,
        export=OFFICES | {Role.INSPECTOR},
    ),
    # 东西部协作: East–West cooperation. The cooperation offices of both sides (a western city
    # or county, an eastern district) keep the ledgers, each seeing the rows of its own pairings
    # (either side's region; cooperation.querysets.TwoSidedQuerySet); the city and county
    # offices of the receiving side keep them too. ID numbers of the labour ledger are revealed
    # to the offices and the cooperation office, who match them against the registry.
    "cooperation": Rule(
        label="东西部协作",
        view=EVERYONE,
        add=CITY_COUNTY | {Role.COOPERATION},
        change=CITY_COUNTY | {Role.COOPERATION},
        delete=CITY_COUNTY | {Role.COOPERATION},
        reveal=PERSONAL_DATA | {Role.COOPERATION},
        export=EVERYONE,
    ),
    # 领导小组与专责组: leading group, task groups, weekly dispatch.
    "taskforce": Rule(
        label="领导小组与专责组",
        view=EVERYONE,
        add=CITY_COUNTY,
        change=CITY_COUNTY,
        delete=CITY_COUNTY,
        reveal=OFFICES | {Role.INSPECTOR},
        export=EVERYONE,
    ),
    # Plans and tasks: a group's members (often sector departments) edit them — the services
    # check the membership; the county office reports on the tasks assigned to its county;
    # a group's members (or its office) close finished tasks (销号, approve).
    "taskforce.WorkPlan": Rule(
        label="工作计划",
        view=EVERYONE,
        add=CITY_COUNTY | {Role.SECTOR},
        change=CITY_COUNTY | {Role.SECTOR},
        delete=CITY_COUNTY | {Role.SECTOR},
        export=EVERYONE,
    ),
    "taskforce.Task": Rule(
        label="任务",
        view=EVERYONE,
        add=CITY_COUNTY | {Role.SECTOR},
        change=CITY_COUNTY | {Role.SECTOR},
        delete=CITY_COUNTY | {Role.SECTOR},
        approve=CITY_COUNTY | {Role.SECTOR},
        export=EVERYONE,
    ),
    # 易地搬迁与住房安全: relocation and housing.
    # The offices keep sites, relocated households and facilities; the housing department
    # (住建, a sector department: the service refuses the others) keeps renovations with them.
    "relocation": Rule(
        label="易地搬迁与住房安全",
        view=EVERYONE,
        add=OFFICES,
        change=OFFICES,
        delete=OFFICES,
        export=EVERYONE,
    ),
    "relocation.Renovation": Rule(
        label="危房改造",
        view=EVERYONE,
        add=OFFICES | {Role.SECTOR},
        change=OFFICES | {Role.SECTOR},
        delete=OFFICES | {Role.SECTOR},
        export=EVERYONE,
    ),
    # 产业就业帮扶措施: what each household gets. The offices keep the ledgers; sector
    # departments (农业农村, 人社) and helping units record the measures they provide.
    "measures": Rule(
        label="产业就业帮扶措施",
        view=EVERYONE,
        add=OFFICES | {Role.SECTOR},
        change=OFFICES | {Role.SECTOR},
        delete=OFFICES | {Role.SECTOR},
        export=EVERYONE,
    ),
    # The command centre's documents (月通报): everyone reads the bulletins of his region (figures,
    # no personal data); the offices above the village generate them.
    "dashboards": Rule(label="指挥中心与通报", view=EVERYONE, add=OFFICES - {Role.VILLAGE}, export=EVERYONE),
    # 防返贫监测: incomes, illnesses, disabilities and disasters of named households are
    # personal data, so only the offices and the inspectors see them; the offices record risk
    # events and keep the help up to date; the township, county and city declare a risk gone.
    "monitoring": Rule(
        label="防返贫监测",
        view=PERSONAL_DATA,
        add=OFFICES,
        change=OFFICES,
        delete=OFFICES,
        approve=OFFICES - {Role.VILLAGE},
        reveal=PERSONAL_DATA,
        export=PERSONAL_DATA,
    ),
}
