"""Codes of the household measures (产业·就业): kinds of measure, business entities, links, places of work."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    INDUSTRY = "industry", _("产业扶贫")
    EMPLOYMENT = "employment", _("就业扶贫")
    WELFARE_POST = "welfare_post", _("公益岗位")
    TRAINING = "training", _("技能培训")
    MICROCREDIT = "microcredit", _("扶贫小额信贷")
    ASSET_INCOME = "asset_income", _("资产收益")
    ECOLOGY_POST = "ecology_post", _("生态护林员")
    EDUCATION = "education", _("教育资助")
    MEDICAL = "medical", _("健康扶贫/医疗救助")
    RELOCATION = "relocation", _("易地扶贫搬迁")
    HOUSING = "housing", _("危房改造")
    SOCIAL_SECURITY = "social_security", _("社会保障兜底")
    OTHER = "other", _("其他")


class EntityKind(models.TextChoices):
    LEADING = "leading", _("龙头企业")
    COOPERATIVE = "cooperative", _("农民专业合作社")
    FAMILY_FARM = "family_farm", _("家庭农场")
    COMMUNITY_FACTORY = "community_factory", _("新社区工厂")
    PARK = "park", _("现代农业园区")


class LinkKind(models.TextChoices):
    LAND_SHARE = "land_share", _("土地入股")
    MONEY_SHARE = "money_share", _("资金入股")
    WORK = "work", _("务工就业")
    ORDER = "order", _("订单收购")
    DIVIDEND = "dividend", _("分红")


class WorkPlace(models.TextChoices):
    COUNTY = "county", _("县内")
    PROVINCE = "province", _("省内县外")
    OUTSIDE = "outside", _("省外")
    PARTNER = "partner", _("东部协作地")


class PostKind(models.TextChoices):
    PUBLIC = "public", _("公益性岗位")
    ECOLOGY = "ecology", _("生态护林员")
    UPKEEP = "upkeep", _("项目管护岗位")
