"""Codes of relocation and housing safety: site kinds, facilities, old-house disposal, house ratings."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteKind(models.TextChoices):
    CONCENTRATED = "concentrated", _("集中安置")
    SCATTERED = "scattered", _("分散安置")


class FacilityKind(models.TextChoices):
    SCHOOL = "school", _("学校")
    CLINIC = "clinic", _("卫生室")
    WATER = "water", _("供水")
    ROAD = "road", _("道路")
    POWER = "power", _("供电")
    COMMUNITY = "community", _("社区服务")


class OldHouse(models.TextChoices):
    """旧房处置: what became of the house the household left."""

    PENDING = "pending", _("未处置")
    DEMOLISHED = "demolished", _("拆除")
    RECLAIMED = "reclaimed", _("复垦")
    KEPT = "kept", _("保留")


# Old houses counted as vacated (旧宅腾退): demolished or reclaimed.
VACATED = (OldHouse.DEMOLISHED, OldHouse.RECLAIMED)


class HouseRating(models.TextChoices):
    """危房等级 of a house to renovate (C: partly dangerous, D: whole house dangerous)."""

    C = "C", _("C级（局部危险）")
    D = "D", _("D级（整栋危房）")
