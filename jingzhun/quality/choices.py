"""Codes of the data-quality app: check categories and severities, finding states, comparison-list kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    IDENTITY = "identity", _("身份信息")
    DUPLICATE = "duplicate", _("重复登记")
    STRUCTURE = "structure", _("家庭结构")
    CAUSE = "cause", _("致贫原因与事实")
    WELFARE = "welfare", _("低保特困标识")
    INCOME = "income", _("收入逻辑")
    EDUCATION = "education", _("教育与健康")
    EXIT = "exit", _("脱贫退出")
    MEMBERS = "members", _("在册人口")
    HELPER = "helper", _("帮扶责任人")
    HOUSING = "housing", _("搬迁与住房")
    COMPARISON = "comparison", _("部门数据比对")


class Severity(models.TextChoices):
    ERROR = "error", _("错误")
    WARNING = "warning", _("提醒")


class Entity(models.TextChoices):
    HOUSEHOLD = "household", _("户")
    MEMBER = "member", _("人")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待整改")
    ESCALATED = "escalated", _("已上报")
    PENDING = "pending", _("说明待审核")
    JUSTIFIED = "justified", _("已说明（合理）")
    FIXED = "fixed", _("已整改")


# Findings a run keeps working on: closed automatically when the data no longer trips the check.
ACTIVE_STATUSES = (FindingStatus.OPEN, FindingStatus.ESCALATED, FindingStatus.PENDING)


class RunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")


class ListKind(models.TextChoices):
    """数据比对名单的种类 (the department that sends it)."""

    DEATHS = "deaths", _("死亡人员（公安/民政）")
    VEHICLES = "vehicles", _("车辆登记（公安交管）")
    HOUSES = "houses", _("商品房购买（住建/不动产）")
    BUSINESSES = "businesses", _("工商注册（市场监管）")
    PAYROLL = "payroll", _("财政供养人员（财政）")
    DIBAO = "dibao", _("低保对象（民政）")
    TEKUN = "tekun", _("特困供养对象（民政）")
    MEDICAL = "medical", _("医保参保（医保）")
    STUDENT_AID = "student_aid", _("学生资助（教育）")
