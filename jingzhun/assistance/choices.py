"""Codes of 驻村帮扶: unit levels, posting kinds, attendance kinds, award kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitLevel(models.TextChoices):
    CENTRAL = "central", _("中央")
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")


class PostingKind(models.TextChoices):
    FIRST_SECRETARY = "first_secretary", _("第一书记")
    LEADER = "leader", _("工作队队长")
    MEMBER = "member", _("工作队队员")
    PAIRED = "paired", _("结对帮扶干部")


class PresenceKind(models.TextChoices):
    PRESENT = "present", _("在村")
    OFFICIAL = "official", _("公务外出")
    LEAVE = "leave", _("请假")


# Labels as written in the attendance sheet (类型 column).
PRESENCE_LABELS = {str(label): value for value, label in PresenceKind.choices}


class AwardKind(models.TextChoices):
    SELF_RELIANCE = "self_reliance", _("自强标兵")
    FRIENDSHIP = "friendship", _("交友模范")
    ADVANCED = "advanced", _("帮扶先进")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    REVIEWED = "reviewed", _("县级已审核")
    AWARDED = "awarded", _("市级已表彰")
    REJECTED = "rejected", _("未通过")
