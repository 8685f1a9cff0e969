from jingzhun.core.imports.commands import ImportCommand
from jingzhun.registry.imports import RegistryImporter


class Command(ImportCommand):
    help = (
        "Import a registry workbook (户信息 / 人员信息 / 村信息; .xlsx .xls .ods .csv). All or nothing: "
        "every error is listed as 'sheet, row, column: message' and nothing is written. Exit 0 on success."
    )
    importer = RegistryImporter
    subject = "the registry"
    progress_bar = True

    def add_options(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", type=int, help="year of the income columns when the file has no 年度 column")

    def importer_options(self, options):  # type: ignore[no-untyped-def]
        return {"year": options["year"]}
