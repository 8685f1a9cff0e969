"""manage.py import_progress FILE: the progress sheet (整改进展) of problems."""

from __future__ import annotations

from jingzhun.core.imports.commands import ImportCommand
from jingzhun.rectification.imports import ProgressImporter


class Command(ImportCommand):
    help = (
        "Import progress reports (sheet 整改进展: 检查批次, 问题编号, 日期, 进展 整改中/已完成/已销号, 说明): "
        "all or nothing; 已销号 needs a prior 已完成 of the same problem."
    )
    importer = ProgressImporter
    subject = "rectification progress"
    count_names = {"reports": "整改进展"}
