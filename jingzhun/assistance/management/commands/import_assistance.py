from jingzhun.assistance.imports import AssistanceImporter
from jingzhun.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import helping units, work teams, cadres (with their postings) and household pairings from a workbook "
        "(sheets 帮扶单位, 驻村工作队 optional, 驻村干部, 结对帮扶). All or nothing; re-importing changes nothing."
    )
    importer = AssistanceImporter
    subject = "assistance"
    count_names = {
        "units": "帮扶单位",
        "cadres": "驻村干部",
        "postings": "派驻记录",
        "teams": "驻村工作队",
        "pairings": "结对帮扶",
    }
