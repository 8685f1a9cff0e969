from jingzhun.core.imports.commands import ImportCommand
from jingzhun.relocation.imports import RelocationImporter


class Command(ImportCommand):
    help = (
        "Import a relocation workbook (安置点 / 搬迁户; .xlsx .xls .ods .csv). All or nothing: every error is "
        "listed as 'sheet, row, column: message' and nothing is written; re-importing the same file changes nothing."
    )
    importer = RelocationImporter
    subject = "relocation"
    count_names = {"sites": "安置点", "relocations": "搬迁户"}
