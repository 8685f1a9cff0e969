from jingzhun.core.imports.commands import ImportCommand
from jingzhun.projects.imports import ProjectImporter


class Command(ImportCommand):
    help = (
        "Import a project workbook (项目计划 / 资金下达; .xlsx .xls .ods .csv). All or nothing: every error is "
        "listed as 'sheet, row, column: message' and nothing is written. Exit 0 on success."
    )
    importer = ProjectImporter
    subject = "projects"
    count_names = {"projects": "项目", "allocations": "资金下达"}
