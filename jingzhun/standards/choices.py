"""Codes of the standards engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """评估层级: the unit that exits."""

    HOUSEHOLD = "household", _("户")
    VILLAGE = "village", _("村")
    COUNTY = "county", _("县")


class RunKind(models.TextChoices):
    """评估类型: an official run is the record; a what-if run only explores."""

    OFFICIAL = "official", _("正式评估")
    WHAT_IF = "what_if", _("模拟评估")


class Engine(models.TextChoices):
    """计算引擎: the database itself, DuckDB over a Parquet snapshot, or Spark over the same snapshot."""

    DB = "db", _("数据库")
    COLUMNAR = "columnar", _("列式引擎（快照）")
    SPARK = "spark", _("分布式引擎（Spark，快照）")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("运行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")
