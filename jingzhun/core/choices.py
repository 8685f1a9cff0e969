"""Codes of the core models (imported by the audit mechanism without importing the models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    BULK = "bulk", _("批量操作")
    VIEW_PERSONAL = "view_personal", _("查看个人敏感信息")
    EXPORT_PERSONAL = "export_personal", _("导出个人敏感信息")
    EXPORT = "export", _("导出")
