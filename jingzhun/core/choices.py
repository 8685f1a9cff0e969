"""Codes of the core models (imported by the audit mechanism without importing the models), and choice labels."""

import functools
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("新增")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")
    BULK = "bulk", _("批量操作")
    VIEW_PERSONAL = "view_personal", _("查看个人敏感信息")
    EXPORT_PERSONAL = "export_personal", _("导出个人敏感信息")
    EXPORT = "export", _("导出")


@functools.cache
def _labels(field: models.Field, language: str | None) -> dict[Any, str]:
    with translation.override(language):
        return {value: str(label) for value, label in field.flatchoices}


def choice_label(field: models.Field, value: Any) -> Any:
    """Return the label of ``value`` among a model field's choices (``value`` itself if none).

    What ``get_<field>_display()`` gives, from a table made once per field and language:
    Django's own builds a dictionary of every choice, translating each label, on every call,
    which was most of the time of a list page or API page of 50 coded rows.
    """
    label = _labels(field, translation.get_language()).get(value)
    return value if label is None else label
