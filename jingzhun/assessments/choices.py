"""Codes of 考核评估: levels of a scheme, sources of a round, states of a round."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Who a scheme assesses (考核对象层级)."""

    CITY = "city", _("设区市")
    COUNTY = "county", _("县区")
    SECTOR = "sector", _("市级行业部门")
    UNIT = "unit", _("帮扶单位")
    CADRE = "cadre", _("帮扶干部")


class Source(models.TextChoices):
    """Who ran the assessment (考核来源)."""

    PROVINCE_QUARTERLY = "province_quarterly", _("省季度考核")
    PROVINCE_ANNUAL = "province_annual", _("省年度考核")
    NATIONAL = "national", _("国家考核")
    CITY_MONTHLY = "city_monthly", _("市月通报")
    CITY_QUARTERLY = "city_quarterly", _("市季点评")
    COUNTY_CROSS = "county_cross", _("县际交叉检查")
    EAST_WEST = "east_west", _("东西部协作考核")


class RoundStatus(models.TextChoices):
    """A round is entered as a draft and locked once published (已发布的轮次不能再改)."""

    DRAFT = "draft", _("录入中")
    PUBLISHED = "published", _("已发布")


class AdjustmentKind(models.TextChoices):
    BONUS = "bonus", _("加分")
    DEDUCTION = "deduction", _("减分")
