from jingzhun.core.imports.commands import ImportCommand
from jingzhun.taskforce.imports import WorkPlanImporter


class Command(ImportCommand):
    help = (
        "Import a task list (sheet 任务清单: 任务编号, 专项组, 任务内容, 牵头单位, 责任人, 完成时限, 状态, 完成日期). "
        "All or nothing, idempotent by (专项组, 任务编号). Exit 0 on success."
    )
    importer = WorkPlanImporter
    subject = "tasks"
    count_names = {"tasks": "任务"}
