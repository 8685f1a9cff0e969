"""Codes of the 建档立卡 registry (POLICY §4). Codes are stored; Chinese labels are shown."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Attribute(models.TextChoices):
    """贫困户属性 (national field aac006)."""

    GENERAL_POOR = "01", _("一般贫困户")
    DIBAO_EXITED = "02", _("低保脱贫户")
    TEKUN_EXITED = "03", _("特困供养脱贫户")
    DIBAO_POOR = "04", _("低保贫困户")
    GENERAL_EXITED = "05", _("一般脱贫户")
    TEKUN_POOR = "06", _("特困供养贫困户")
    DIBAO_TEKUN_POOR = "07", _("低保特困供养贫困户")
    DIBAO_TEKUN = "08", _("低保特困供养户")


DIBAO_ATTRIBUTES = frozenset(
    {Attribute.DIBAO_EXITED, Attribute.DIBAO_POOR, Attribute.DIBAO_TEKUN_POOR, Attribute.DIBAO_TEKUN}
)
TEKUN_ATTRIBUTES = frozenset(
    {Attribute.TEKUN_EXITED, Attribute.TEKUN_POOR, Attribute.DIBAO_TEKUN_POOR, Attribute.DIBAO_TEKUN}
)


class Status(models.TextChoices):
    """脱贫标志 (national field aar010)."""

    NOT_EXITED = "0", _("未脱贫")
    EXITED = "1", _("已脱贫（享受政策）")
    PRE_EXITED = "2", _("预脱贫")
    RETURNED = "3", _("返贫")
    EXITED_NO_POLICY = "4", _("已脱贫（不再享受政策）")
    LEFT = "5", _("自然减少")
    REMOVED = "6", _("已清退（错评剔除）")


# 预脱贫 is a household planned to exit this year and not yet exited: still poor until it does.
STILL_POOR_STATUSES = (Status.NOT_EXITED, Status.PRE_EXITED, Status.RETURNED)
EXITED_STATUSES = (Status.EXITED, Status.EXITED_NO_POLICY)
# No longer in the registry's population (动态调整 out of the register): never counted as poor or exited.
LEFT_STATUSES = (Status.LEFT, Status.REMOVED)


class LeaveReason(models.TextChoices):
    """自然减少的原因, and 错评剔除 for a household removed as wrongly identified (清退)."""

    DEATH = "1", _("死亡")
    MOVED_OUT = "2", _("迁出")
    MARRIED_OUT = "3", _("婚出")
    PRISON = "4", _("服刑")
    OTHER = "9", _("其他")
    WRONGLY_IDENTIFIED = "6", _("错评剔除")


NATURAL_LEAVE_REASONS = (
    LeaveReason.DEATH,
    LeaveReason.MOVED_OUT,
    LeaveReason.MARRIED_OUT,
    LeaveReason.PRISON,
    LeaveReason.OTHER,
)


class CycleChange(models.TextChoices):
    """动态调整: the kinds of change of the registry's yearly cycle, counted per year and place."""

    IDENTIFIED = "identified", _("新识别纳入")
    EXITED = "exited", _("标注脱贫")
    RETURNED = "returned", _("返贫")
    LEFT = "left", _("自然减少")
    REMOVED = "removed", _("清退")


class Cause(models.TextChoices):
    """致贫原因."""

    ILLNESS = "01", _("因病")
    DISABILITY = "02", _("因残")
    EDUCATION = "03", _("因学")
    DISASTER = "04", _("因灾")
    LAND = "05", _("缺土地")
    WATER = "06", _("缺水")
    SKILLS = "07", _("缺技术")
    LABOUR = "08", _("缺劳力")
    CAPITAL = "09", _("缺资金")
    TRANSPORT = "10", _("交通条件落后")
    MOTIVATION = "11", _("自身发展动力不足")
    MARRIAGE = "12", _("因婚")
    FUNERAL = "13", _("因丧")
    OTHER = "99", _("其他")


# Cause.values as a set (``Cause.values`` builds its list, with every label, at each use); not
# national.CAUSE_CODES, the national code table.
CAUSE_VALUES = frozenset(Cause.values)


class IdentificationStandard(models.TextChoices):
    """识别标准."""

    NATIONAL = "1", _("国家标准")
    PROVINCIAL = "2", _("省定标准")
    CITY = "3", _("市定标准")


class Relation(models.TextChoices):
    """与户主关系: the national system's whole list (codes 12–27 added to the first twelve)."""

    HEAD = "01", _("户主")
    SPOUSE = "02", _("配偶")
    SON = "03", _("之子")
    DAUGHTER = "04", _("之女")
    DAUGHTER_IN_LAW = "05", _("之儿媳")
    SON_IN_LAW = "06", _("之女婿")
    GRANDSON = "07", _("之孙子")
    GRANDDAUGHTER = "08", _("之孙女")
    FATHER = "09", _("之父")
    MOTHER = "10", _("之母")
    SIBLING = "11", _("兄弟姐妹")
    DAUGHTERS_SON = "12", _("之外孙子")
    DAUGHTERS_DAUGHTER = "13", _("之外孙女")
    WIFES_FATHER = "14", _("之岳父")
    WIFES_MOTHER = "15", _("之岳母")
    HUSBANDS_FATHER = "16", _("之公公")
    HUSBANDS_MOTHER = "17", _("之婆婆")
    GRANDFATHER = "18", _("之祖父")
    GRANDMOTHER = "19", _("之祖母")
    MATERNAL_GRANDFATHER = "20", _("之外祖父")
    MATERNAL_GRANDMOTHER = "21", _("之外祖母")
    GREAT_GRANDSON = "22", _("之曾孙子")
    GREAT_GRANDDAUGHTER = "23", _("之曾孙女")
    NEPHEW = "24", _("之侄儿")
    NIECE = "25", _("之侄女")
    SISTER_IN_LAW = "26", _("之兄弟媳妇")
    UNCLE = "27", _("之叔伯")
    OTHER = "99", _("其他")


CHILD_RELATIONS = frozenset({Relation.SON, Relation.DAUGHTER, Relation.SON_IN_LAW, Relation.DAUGHTER_IN_LAW})
PARENT_RELATIONS = frozenset({Relation.FATHER, Relation.MOTHER})


class Sex(models.TextChoices):
    MALE = "1", _("男")
    FEMALE = "2", _("女")


class Education(models.TextChoices):
    """文化程度."""

    ILLITERATE = "1", _("文盲或半文盲")
    PRIMARY = "2", _("小学")
    JUNIOR = "3", _("初中")
    SENIOR = "4", _("高中")
    VOCATIONAL = "5", _("中专（中职）")
    COLLEGE = "6", _("大专及以上")
    PRESCHOOL = "7", _("学龄前儿童")


class SchoolStatus(models.TextChoices):
    """在校生状况 (new system list, and the old list's 大专及以上)."""

    NONE = "", _("非在校生")
    PRESCHOOL_CHILD = "01", _("学龄前儿童")
    PRESCHOOL = "02", _("学前教育")
    PRIMARY = "03", _("小学")
    JUNIOR = "04", _("七至九年级")
    SENIOR = "05", _("普通高中")
    VOCATIONAL = "06", _("中职")
    HIGHER_VOCATIONAL = "07", _("高职高专")
    TECHNICIAN = "08", _("技师学院")
    UNDERGRADUATE = "09", _("本科")
    POSTGRADUATE = "10", _("硕士研究生及以上")
    # The old national list (2016–2020) has one value for any student above 高职: 大专及以上.
    COLLEGE_OR_ABOVE = "11", _("大专及以上")


STUDENT_STATUSES = frozenset(s for s in SchoolStatus if s not in (SchoolStatus.NONE, SchoolStatus.PRESCHOOL_CHILD))


class DropoutReason(models.TextChoices):
    """失学或辍学原因. Illness, disability and intellectual disability count as guaranteed."""

    NONE = "", _("无")
    ILLNESS = "1", _("因病")
    DISABILITY = "2", _("因残")
    INTELLECTUAL = "3", _("智力障碍")
    POVERTY = "4", _("因贫")
    DISLIKE = "5", _("厌学")
    OTHER = "9", _("其他")


GUARANTEED_DROPOUT_REASONS = frozenset({DropoutReason.ILLNESS, DropoutReason.DISABILITY, DropoutReason.INTELLECTUAL})
# The index of members out of school (``member_out_of_school_birth``) holds those born on or
# after this day: school age (6–15, 16 at most) in any year since the registry began (2014)
# needs births from 1998, and the adults it leaves out are most members, each an index entry
# every import would write.
OUT_OF_SCHOOL_INDEX_FROM = datetime.date(1990, 1, 1)


class Health(models.TextChoices):
    """健康状况."""

    HEALTHY = "1", _("健康")
    CHRONIC = "2", _("长期慢性病")
    SERIOUS = "3", _("患有大病")
    DISABLED = "4", _("残疾")
    DISABLED_AND_ILL = "5", _("残疾且患病")


class Labour(models.TextChoices):
    """劳动技能."""

    ORDINARY = "1", _("普通劳动力")
    SKILLED = "2", _("技能劳动力")
    WEAK = "3", _("弱劳动力或半劳动力")
    LOST = "4", _("丧失劳动力")
    NONE = "5", _("无劳动力")


class HousingRating(models.TextChoices):
    """住房安全等级 (county housing department rating). A and B are safe."""

    A = "A", _("A 级（安全）")
    B = "B", _("B 级（基本安全）")
    C = "C", _("C 级（局部危险）")
    D = "D", _("D 级（整体危险）")


SAFE_HOUSING_RATINGS = frozenset({HousingRating.A, HousingRating.B})


ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
# 民族 codes of GB/T 3304: 01–56 in the order above, 97 other, 98 foreign-born citizens.
ETHNICITY_CHOICES = [(f"{i + 1:02d}", name) for i, name in enumerate(ETHNICITIES)] + [
    ("97", "其他"),
    ("98", "外国血统中国籍人士"),
]
