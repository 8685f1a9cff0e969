"""Example group structures, shipped to be loaded and then edited (名称、职责、牵头领导和成员单位可改).

``ANKANG``: 安康市脱贫攻坚领导小组 and its 八办两组五保障 (eight offices, two groups, five
guarantees), each with its lead department and member units. ``DISTRICT``: the eleven special
task groups of a district's leading group for East–West cooperation as the 2020-04 speech
reorganises them (each led by a district leader, with its lead department).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from jingzhun.core.services import ledger_save
from jingzhun.taskforce.choices import GroupKind
from jingzhun.taskforce.models import GroupMember, TaskGroup


@dataclass(frozen=True)
class GroupExample:
    name: str
    kind: str
    duties: str
    lead_department: str
    members: tuple[str, ...] = ()
    lead_leader: str = ""


ANKANG_LEADING = GroupExample(
    "脱贫攻坚领导小组",
    GroupKind.LEADING,
    "统筹全市脱贫攻坚工作，研究解决重大问题，部署年度任务，督促检查各专项办、专项组和县区工作落实。",
    "市脱贫攻坚指挥部办公室",
    ("市委办公室", "市政府办公室", "市脱贫攻坚指挥部办公室"),
    "市委书记",
)

ANKANG = (
    GroupExample(
        "综合协调办公室",
        GroupKind.OFFICE,
        "综合协调、督查考核、信息统计和年度考核迎检。",
        "市脱贫攻坚指挥部办公室",
        ("市委督查室", "市政府督查室", "市统计局"),
        "常务副市长",
    ),
    GroupExample(
        "产业扶贫办公室",
        GroupKind.OFFICE,
        "产业到户、新型经营主体带贫、“一村一品”和消费扶贫。",
        "市农业农村局",
        ("市林业局", "市商务局", "市供销社"),
        "分管农业副市长",
    ),
    GroupExample(
        "就业扶贫办公室",
        GroupKind.OFFICE,
        "社区工厂、技能培训、劳务输出和公益性岗位。",
        "市人社局",
        ("市工信局", "市总工会"),
        "分管人社副市长",
    ),
    GroupExample(
        "易地扶贫搬迁办公室",
        GroupKind.OFFICE,
        "搬迁安置、旧宅腾退和后续扶持。",
        "市发改委",
        ("市自然资源局", "市住建局"),
        "分管发改副市长",
    ),
    GroupExample(
        "基础设施建设办公室",
        GroupKind.OFFICE,
        "通村道路、安全饮水、电网改造和通信网络。",
        "市交通运输局",
        ("市水利局", "国网安康供电公司"),
        "分管交通副市长",
    ),
    GroupExample(
        "金融扶贫办公室",
        GroupKind.OFFICE,
        "扶贫小额信贷、产业贷款贴息和扶贫保险。",
        "市财政局",
        ("人民银行安康中心支行", "安康银保监分局"),
        "分管财政副市长",
    ),
    GroupExample(
        "社会扶贫办公室",
        GroupKind.OFFICE,
        "驻村帮扶、“万企帮万村”和社会力量参与。",
        "市委组织部",
        ("市工商联", "市民政局"),
        "市委组织部部长",
    ),
    GroupExample(
        "苏陕协作办公室",
        GroupKind.OFFICE,
        "东西部扶贫协作项目、资金和劳务协作对接。",
        "市发改委",
        ("市商务局", "市人社局"),
        "分管协作副市长",
    ),
    GroupExample(
        "督查巡查组",
        GroupKind.SPECIAL,
        "常态化督查巡查、问题交办和整改销号。",
        "市纪委监委",
        ("市委督查室", "市审计局"),
        "市纪委书记",
    ),
    GroupExample(
        "考核评估组",
        GroupKind.SPECIAL,
        "年度考核、第三方评估反馈问题的整改和迎检。",
        "市脱贫攻坚指挥部办公室",
        ("市统计局", "国家统计局安康调查队"),
        "常务副市长",
    ),
    GroupExample(
        "住房安全保障组",
        GroupKind.GUARANTEE,
        "危房改造和住房安全鉴定，确保住房安全有保障。",
        "市住建局",
        ("市自然资源局",),
        "分管住建副市长",
    ),
    GroupExample(
        "饮水安全保障组",
        GroupKind.GUARANTEE,
        "农村饮水安全巩固提升，确保饮水安全有保障。",
        "市水利局",
        ("市卫健委",),
        "分管水利副市长",
    ),
    GroupExample(
        "义务教育保障组",
        GroupKind.GUARANTEE,
        "控辍保学和教育资助，确保义务教育有保障。",
        "市教育局",
        ("市财政局",),
        "分管教育副市长",
    ),
    GroupExample(
        "基本医疗保障组",
        GroupKind.GUARANTEE,
        "医疗保险、大病救治和家庭医生签约，确保基本医疗有保障。",
        "市卫健委",
        ("市医保局",),
        "分管卫健副市长",
    ),
    GroupExample(
        "兜底保障组",
        GroupKind.GUARANTEE,
        "低保、特困供养和临时救助，兜住民生底线。",
        "市民政局",
        ("市残联",),
        "分管民政副市长",
    ),
)

DISTRICT = (
    GroupExample(
        "干部人才资源专项组", GroupKind.SPECIAL, "选派挂职干部和专业技术人才。", "区委组织部", lead_leader="李斌"
    ),
    GroupExample("扶贫宣传专项组", GroupKind.SPECIAL, "扶贫协作宣传。", "区委宣传部", lead_leader="管强"),
    GroupExample("社会动员专项组", GroupKind.SPECIAL, "动员社会力量参与。", "区民政局", lead_leader="韩昱"),
    GroupExample("产业帮扶专项组", GroupKind.SPECIAL, "产业合作和招商引资。", "区商务局", lead_leader="陈宇"),
    GroupExample("教育扶贫专项组", GroupKind.SPECIAL, "教育结对帮扶。", "区教育局", lead_leader="冬梅"),
    GroupExample("资金支持专项组", GroupKind.SPECIAL, "协作资金拨付和监管。", "区财政局", lead_leader="陈宇"),
    GroupExample("劳务协作专项组", GroupKind.SPECIAL, "劳务输出和稳岗就业。", "区人社局", lead_leader="陈宇"),
    GroupExample("消费扶贫专项组", GroupKind.SPECIAL, "采购和销售受援地产品。", "区商务局", lead_leader="志仁"),
    GroupExample("文化旅游专项组", GroupKind.SPECIAL, "文旅合作。", "区文旅局", lead_leader="管强"),
    GroupExample("健康扶贫专项组", GroupKind.SPECIAL, "医疗卫生结对帮扶。", "区卫健委", lead_leader="冬梅"),
    GroupExample("“万企帮万村”专项组", GroupKind.SPECIAL, "组织企业结对帮扶贫困村。", "区工商联", lead_leader="韩昱"),
)

EXAMPLES = {"ankang": (ANKANG_LEADING, ANKANG), "district": (None, DISTRICT)}


@transaction.atomic
def groups_example_load(*, user: Any, region_code: str, example: str) -> list[TaskGroup]:
    """Register the example structure ``example`` (ankang / district) in ``region_code``; skip names already there."""
    leading_example, groups = EXAMPLES[example]
    taken = set(TaskGroup.objects.filter(region_id=region_code).values_list("name", flat=True))
    created: list[TaskGroup] = []
    leading = TaskGroup.objects.filter(region_id=region_code, kind=GroupKind.LEADING).first()
    if leading_example is not None and leading is None:
        leading = _load(user, region_code, leading_example, None, 0)
        created.append(leading)
    for order, spec in enumerate(groups, start=1):
        if spec.name not in taken:
            created.append(_load(user, region_code, spec, leading, order))
    return created


def _load(user: Any, region_code: str, spec: GroupExample, parent: TaskGroup | None, order: int) -> TaskGroup:
    group = ledger_save(
        user=user,
        instance=TaskGroup(
            region_id=region_code,
            kind=spec.kind,
            name=spec.name,
            parent=parent,
            duties=spec.duties,
            lead_leader=spec.lead_leader,
            lead_department=spec.lead_department,
            order=order,
        ),
        reason="载入示例工作组",
    )
    for unit in dict.fromkeys((spec.lead_department, *spec.members)):
        ledger_save(user=user, instance=GroupMember(group=group, unit=unit, is_lead=unit == spec.lead_department))
    return group
