"""Codes of 整改督办: where problems come from, how they are classed, their states and the veto risks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    """检查来源: who found the problems."""

    CENTRAL = "central", _("中央考核")
    THIRD_PARTY = "third_party", _("第三方评估")
    PROVINCIAL_CROSS = "provincial_cross", _("省交叉检查")
    COUNTY_CROSS = "county_cross", _("县际交叉检查")
    PATROL = "patrol", _("巡视")
    AUDIT = "audit", _("审计")
    UNANNOUNCED = "unannounced", _("暗访")
    MEDIA = "media", _("媒体")
    PETITION = "petition", _("信访")
    QUALITY = "quality", _("数据质量核查")
    SWEEP = "sweep", _("回头看")


class Level(models.TextChoices):
    """问题层级: a problem shared by the whole province or city, or one place's own."""

    PROVINCE = "province", _("全省共性")
    CITY = "city", _("全市共性")
    COUNTY = "county", _("县")
    TOWNSHIP = "township", _("乡镇")
    VILLAGE = "village", _("村")
    HOUSEHOLD = "household", _("户")


SHARED_LEVELS = (Level.PROVINCE, Level.CITY)


class Category(models.TextChoices):
    """问题类别."""

    IDENTIFICATION = "identification", _("精准识别")
    ASSISTANCE = "assistance", _("精准帮扶")
    EXIT = "exit", _("精准退出")
    FUNDS = "funds", _("资金项目")
    CONDUCT = "conduct", _("作风")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    RELOCATION = "relocation", _("易地搬迁")
    OTHER = "other", _("其他")


class Line(models.TextChoices):
    """责任线 (四线): who answers for the rectification."""

    COUNTY = "county", _("县区")
    SECTOR = "sector", _("行业部门")
    HELPING_UNIT = "helping_unit", _("帮扶单位")
    DISCIPLINE = "discipline", _("纪检监察")


class ProblemStatus(models.TextChoices):
    """整改状态: the life cycle of a problem (workflows.py)."""

    ASSIGNED = "assigned", _("已交办")
    RECTIFYING = "rectifying", _("整改中")
    SUBMITTED = "submitted", _("已完成待验收")
    VERIFIED = "verified", _("已验收")
    CLOSED = "closed", _("已销号")
    ROUTED = "routed", _("已分解到县区")


# "open" in the status CSV: still being worked on; "done": reported complete, not yet closed.
OPEN_STATUSES = (ProblemStatus.ASSIGNED, ProblemStatus.RECTIFYING)
DONE_STATUSES = (ProblemStatus.SUBMITTED, ProblemStatus.VERIFIED)


class Progress(models.TextChoices):
    """整改进展 of a progress report (and of the progress import)."""

    RECTIFYING = "rectifying", _("整改中")
    DONE = "done", _("已完成")
    CLOSED = "closed", _("已销号")


class SupervisionLevel(models.TextChoices):
    """挂牌督办 level."""

    PROVINCE = "province", _("省级挂牌")
    CITY = "city", _("市级挂牌")
    COUNTY = "county", _("县级挂牌")


class AccountabilityKind(models.TextChoices):
    """问责方式."""

    NOTICE = "notice", _("通报批评")
    INTERVIEW = "interview", _("约谈")
    ADMONITION = "admonition", _("诫勉")
    ACCOUNTABILITY = "accountability", _("问责")
    TRACE_BACK = "trace_back", _("责任倒查")


class RiskKind(models.TextChoices):
    """一票否决 risks (2017-11 speech)."""

    AUDIT_DISCIPLINE = "audit_discipline", _("审计、纪检发现重大问题")
    FAKE_RESULTS = "fake_results", _("弄虚作假、数字脱贫")
    PROJECT_INCIDENT = "project_incident", _("重大项目质量安全事故")
    GROUP_PETITION = "group_petition", _("群体性信访事件")
    NEGATIVE_MEDIA = "negative_media", _("负面舆情")


class RiskStatus(models.TextChoices):
    OPEN = "open", _("未化解")
    CONTROLLED = "controlled", _("已管控")
    RESOLVED = "resolved", _("已化解")


class PetitionKind(models.TextChoices):
    POVERTY = "poverty", _("脱贫攻坚")
    OTHER = "other", _("其他")
