from jingzhun.assistance.imports import PresenceImporter
from jingzhun.core.imports.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import the attendance of cadres (sheet 驻村考勤: 证件号码, 日期, 行政区划代码, 类型 在村/公务外出/请假). "
        "All or nothing; one row per cadre and day."
    )
    importer = PresenceImporter
    subject = "assistance attendance"
    count_names = {"presences": "驻村考勤"}
