"""The project workbook: a county's project plan (项目计划) and fund allocations (资金下达).

The same sheets serve the import, the empty template and (with money columns added) the
ledger export, so what an office downloads it can fill in and send back.
"""

from __future__ import annotations

import os
from typing import IO

from jingzhun.accounts.choices import Sector
from jingzhun.core.excel import Column, SheetSchema, choice_map
from jingzhun.core.excel.writer import new_workbook
from jingzhun.projects.choices import FundSource, ProjectStatus, ProjectType

PLAN_SHEET = "项目计划"
ALLOCATION_SHEET = "资金下达"


def plan_schema() -> SheetSchema:
    return SheetSchema(
        name=PLAN_SHEET,
        aliases=("项目库", "项目计划表", "项目清单"),
        key_columns=("code",),
        columns=(
            Column("code", "项目编号", ("项目代码",), required=True),
            Column("name", "项目名称", required=True),
            Column(
                "type", "项目类型", ("类型",), kind="choice", required=True, choices=choice_map(ProjectType.choices)
            ),
            Column("type_note", "类型说明"),
            Column(
                "sector", "行业部门", ("主管部门", "行业主管部门"), kind="choice", choices=choice_map(Sector.choices)
            ),
            Column("region", "建设地点代码", ("行政区划代码", "区划代码"), kind="region_code", required=True),
            Column("villages", "受益村代码", ("受益村",)),
            Column("plan_year", "计划年度", ("年度",), kind="year", required=True),
            Column("scale_km", "建设规模（公里）", ("里程（公里）", "公里"), kind="decimal"),
            Column("people_served", "受益人口", ("受益人口（人）",), kind="int"),
            Column("units", "建设数量", kind="int"),
            Column("unit_label", "数量单位", ("单位",)),
            Column(
                "budget", "总投资（元）", ("总投资", "资金需求（元）", "投资额（元）"), kind="decimal", required=True
            ),
            Column("responsible_unit", "责任单位", required=True),
            Column("responsible_person", "责任人", required=True),
            Column("status", "状态", ("项目状态",), kind="choice", choices=choice_map(ProjectStatus.choices)),
        ),
    )


def allocation_schema() -> SheetSchema:
    return SheetSchema(
        name=ALLOCATION_SHEET,
        aliases=("资金安排", "资金下达表"),
        required=False,
        columns=(
            Column("project", "项目编号", ("项目代码",), required=True),
            Column(
                "source",
                "资金来源",
                kind="choice",
                required=True,
                choices=choice_map(
                    FundSource.choices, {"中央": "central", "省级": "provincial", "市级": "city", "县级": "county"}
                ),
            ),
            Column("amount", "下达金额（元）", ("金额（元）", "下达金额"), kind="decimal", required=True),
            Column("date", "下达日期", ("日期",), kind="date", required=True),
            Column("document_no", "下达文号", ("文号",)),
            Column("note", "备注"),
        ),
    )


def template_workbook(out: str | os.PathLike[str] | IO[bytes]) -> None:
    """Write the empty workbook: both sheets with their headers, required ones in red, and instructions."""
    workbook = new_workbook(out)
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "font_color": "#C00000"})
    text = workbook.add_format({"num_format": "@"})
    for schema in (plan_schema(), allocation_schema()):
        sheet = workbook.add_worksheet(schema.name)
        for col, column in enumerate(schema.columns):
            sheet.write(0, col, column.header, required if column.required else bold)
            width = 16 if column.kind != "text" or column.key in ("code", "project") else 24
            sheet.set_column(
                col,
                col,
                width,
                text if column.kind == "region_code" or column.key in ("code", "project", "villages") else None,
            )
            if column.kind == "choice":
                sheet.data_validation(1, col, 5000, col, {"validate": "list", "source": column.labels[:40]})
    notes = workbook.add_worksheet("填写说明")
    lines = [
        "项目计划：每行一个项目，项目编号唯一；再次导入同一编号即更新该项目。",
        "建设地点代码：行政村、乡镇或县的 12 位统计用区划代码；受益村代码可填多个，以逗号或空格分隔。",
        "资金下达：每行一笔下达资金；同一项目下达合计不得超过总投资（超出须先报批预算调整）。",
        "导入时全部校验，有任何错误则不写入任何数据，并给出带错误标注的文件。",
    ]
    for row, line in enumerate(lines):
        notes.write(row, 0, line)
    notes.set_column(0, 0, 100)
    workbook.close()
