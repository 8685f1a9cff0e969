"""Codes of East–West cooperation (东西部扶贫协作): pairing kinds, fund kinds, channels, indicators."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class PairingLevel(models.TextChoices):
    CITY = "city", _("市级协作")
    COUNTY = "county", _("县区结对")
    TOWNSHIP = "township", _("镇街结对")
    VILLAGE = "village", _("村村结对")
    ENTERPRISE = "enterprise", _("企业帮村（万企帮万村）")
    SCHOOL = "school", _("学校结对")
    HOSPITAL = "hospital", _("医院结对")
    SOCIAL = "social", _("社会组织帮村")


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("框架协议")
    YEARLY = "yearly", _("年度协议")


class FundKind(models.TextChoices):
    FISCAL = "fiscal", _("财政援助")
    SOCIAL = "social", _("社会帮扶")


class ExchangeKind(models.TextChoices):
    CADRE = "cadre", _("党政挂职干部")
    TEACHER = "teacher", _("教师")
    DOCTOR = "doctor", _("医生")
    AGRONOMIST = "agronomist", _("农技人员")
    OTHER = "other", _("其他专业技术人才")


class Direction(models.TextChoices):
    TO_WEST = "to_west", _("东部派往西部")
    TO_EAST = "to_east", _("西部派往东部")


class TrainingKind(models.TextChoices):
    CADRE = "cadre", _("党政干部培训")
    PROFESSIONAL = "professional", _("专业技术人才培训")
    LABOUR = "labour", _("劳动力技能培训")


class Destination(models.TextChoices):
    EAST = "east", _("东部")
    LOCAL = "local", _("本地")
    WORKSHOP = "workshop", _("扶贫车间")


class Channel(models.TextChoices):
    ONLINE = "online", _("线上")
    OFFLINE = "offline", _("线下")
    FAIR = "fair", _("展销会")
    ECOMMERCE = "ecommerce", _("电商")
    BUY_FOR_DONATION = "buy_for_donation", _("以购代捐")


class ParkKind(models.TextChoices):
    NONE = "none", _("园区外")
    PARK = "park", _("园区")
    ENCLAVE = "enclave", _("飞地园区")


class DonationKind(models.TextChoices):
    MONEY = "money", _("资金")
    GOODS = "goods", _("物资（折价）")


class MeetingKind(models.TextChoices):
    JOINT = "joint", _("联席会议")
    VISIT = "visit", _("高层互访")
    WORK = "work", _("工作对接")


# The meetings the assessment counts as high-level joint meetings (联席会议 and 高层互访).
HIGH_LEVEL_MEETINGS = (MeetingKind.JOINT, MeetingKind.VISIT)


class NeedStatus(models.TextChoices):
    OPEN = "open", _("待对接")
    MATCHED = "matched", _("已对接")
    DONE = "done", _("已完成")


class Indicator(models.TextChoices):
    """The yearly indicators of the cooperation, the codes of the CSV and of agreement targets."""

    AID_FUNDS = "aid_funds", _("协作资金（万元）")
    AID_FUNDS_GROWTH = "aid_funds_growth", _("协作资金较上年增长（%）")
    POOR_LABOUR_TRANSFERRED = "poor_labour_transferred", _("帮助贫困人口转移就业（人）")
    CONSUMPTION_SALES = "consumption_sales", _("消费扶贫金额（万元）")
    CADRES_EXCHANGED = "cadres_exchanged", _("党政干部挂职交流（人）")
    PROFESSIONALS_EXCHANGED = "professionals_exchanged", _("专业技术人才交流（人）")
    PEOPLE_TRAINED = "people_trained", _("培训人数（人次）")
    PAIRED_VILLAGES = "paired_villages", _("结对帮扶贫困村（个）")
    ENTERPRISES_INVESTED = "enterprises_invested", _("引导企业投资（家）")
    INVESTMENT_AMOUNT = "investment_amount", _("企业实际投资（万元）")
    JOINT_MEETINGS = "joint_meetings", _("高层联席会议（次）")


# The six areas of the national assessment (《东西部扶贫协作考核办法》) and their indicators.
AREAS: tuple[tuple[Any, tuple[str, ...]], ...] = (
    (_("组织领导"), (Indicator.JOINT_MEETINGS,)),
    (
        _("人才交流"),
        (Indicator.CADRES_EXCHANGED, Indicator.PROFESSIONALS_EXCHANGED, Indicator.PEOPLE_TRAINED),
    ),
    (_("资金支持"), (Indicator.AID_FUNDS, Indicator.AID_FUNDS_GROWTH)),
    (
        _("产业合作"),
        (Indicator.ENTERPRISES_INVESTED, Indicator.INVESTMENT_AMOUNT, Indicator.CONSUMPTION_SALES),
    ),
    (_("劳务协作"), (Indicator.POOR_LABOUR_TRANSFERRED,)),
    (_("携手奔小康"), (Indicator.PAIRED_VILLAGES,)),
)
