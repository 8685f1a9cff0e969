"""Ledgers (台账): the projects of a county or a sector with their money, progress and funds, as a workbook."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.db.models import QuerySet

from jingzhun.accounts.choices import Sector
from jingzhun.core.excel.writer import csv_writer, new_workbook
from jingzhun.core.regioncodes import prefix_of
from jingzhun.projects.alerts import Alert, progress_rows
from jingzhun.projects.choices import FINISHED_STATUSES, PROJECT_FIELDS, FundSource, ProjectStatus, ProjectType
from jingzhun.projects.models import Allocation, Disbursement, Project
from jingzhun.projects.workbook import ALLOCATION_SHEET, PLAN_SHEET, allocation_schema, plan_schema

LEDGER_EXTRA = (
    "已下达（元）",
    "已拨付（元）",
    "资金缺口（元）",
    "支出进度",
    "形象进度（%）",
    "最近报告日期",
    "受益贫困户（户）",
)


def ledger_filename(scope_name: str, year: int | None) -> str:
    return f"项目资金台账_{scope_name}{'_' + str(year) if year else ''}.xlsx"


def ledger_write(projects: QuerySet[Project], out: str | IO[bytes], *, on: datetime.date) -> int:
    """Write the ledger of ``projects`` to ``out``: the plan sheet with money and progress, allocations, disbursements.

    The first two sheets keep the import layout, so a ledger can be edited and imported back.
    Return the number of projects written. Queries: one per sheet, whatever the count.
    """
    from django.db.models import Count

    workbook = new_workbook(out, {"constant_memory": True})
    head = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
    money = workbook.add_format({"num_format": "#,##0.00"})
    percent = workbook.add_format({"num_format": "0.0%"})
    types, sectors, statuses = dict(ProjectType.choices), dict(Sector.choices), dict(ProjectStatus.choices)
    sources = dict(FundSource.choices)

    rows = (
        projects.with_money()
        .order_by("code")
        .annotate(households=Count("beneficiaries", distinct=True))
        .values("pk", "code", "region_id", *PROJECT_FIELDS, "allocated", "disbursed", "households")
    )
    progress = {r["pk"]: r for r in progress_rows(projects, on, statuses=None)}
    villages = {}
    for pk, code in Project.villages.through.objects.filter(project__in=projects.values("pk")).values_list(
        "project_id", "region_id"
    ):
        villages.setdefault(pk, []).append(code)
    plan = workbook.add_worksheet(PLAN_SHEET)
    headers = [c.header for c in plan_schema().columns] + list(LEDGER_EXTRA)
    for col, header in enumerate(headers):
        plan.write(0, col, header, head)
    plan.set_column(0, 0, 18)
    plan.set_column(1, 1, 36)
    count = 0
    for count, row in enumerate(rows, start=1):
        p = progress.get(row["pk"], {})
        gap = max(row["budget"] - row["allocated"], 0)
        values = [
            row["code"],
            row["name"],
            str(types.get(row["type"], row["type"])),
            row["type_note"],
            str(sectors.get(row["sector"], row["sector"])),
            row["region_id"],
            " ".join(villages.get(row["pk"], [])),
            row["plan_year"],
            row["scale_km"],
            row["people_served"],
            row["units"],
            row["unit_label"],
            row["budget"],
            row["responsible_unit"],
            row["responsible_person"],
            str(statuses.get(row["status"], row["status"])),
        ]
        for col, value in enumerate(values):
            if value is None:
                continue
            if col == 12:
                plan.write_number(count, col, float(value), money)
            elif hasattr(value, "as_tuple"):
                plan.write_number(count, col, float(value))
            elif isinstance(value, int):
                plan.write_number(count, col, value)
            else:
                plan.write_string(count, col, str(value))
        base = len(values)
        plan.write_number(count, base, float(row["allocated"]), money)
        plan.write_number(count, base + 1, float(row["disbursed"]), money)
        plan.write_number(count, base + 2, float(gap), money)
        if row["allocated"]:
            plan.write_number(count, base + 3, float(row["disbursed"] / row["allocated"]), percent)
        physical = p.get("percent")
        if physical is None and row["status"] in FINISHED_STATUSES:
            physical = 100  # finished works without a report: complete by definition
        if physical is not None:
            plan.write_number(count, base + 4, physical)
        if p.get("last_report"):
            plan.write_string(count, base + 5, p["last_report"].isoformat())
        plan.write_number(count, base + 6, row["households"])

    for title, model, schema_headers in (
        (ALLOCATION_SHEET, Allocation, [c.header for c in allocation_schema().columns]),
        ("资金拨付", Disbursement, ["项目编号", "资金来源", "拨付金额（元）", "拨付日期", "凭证号", "备注"]),
    ):
        sheet = workbook.add_worksheet(title)
        for col, header in enumerate(schema_headers):
            sheet.write(0, col, header, head)
        sheet.set_column(0, 0, 18)
        third = "document_no" if model is Allocation else "voucher"
        lines: Any = (
            model.objects.filter(project__in=projects.values("pk"))
            .order_by("project__code", "date", "id")
            .values_list("project__code", "source", "amount", "date", third, "note")
        )
        for r, (code, source, amount, date, ref, note) in enumerate(lines, start=1):
            sheet.write_string(r, 0, code)
            sheet.write_string(r, 1, str(sources.get(source, source)))
            sheet.write_number(r, 2, float(amount), money)
            sheet.write_string(r, 3, date.isoformat())
            sheet.write_string(r, 4, ref or "")
            sheet.write_string(r, 5, note or "")
    workbook.close()
    return count


ALERT_COLUMNS = ("县（区）", "项目编号", "项目名称", "预警类型", "天数", "说明", "责任单位", "责任人")


def alerts_table_write(out: Any, alerts: list[Alert], *, county_names: dict[str, str]) -> int:
    """Write the alerts for people (the page's download): Chinese headers, names, 责任单位 and 责任人.

    ``county_names`` maps county prefixes to names. The ``project_alerts`` command keeps its
    documented English columns (``write_alerts_csv``). Returns the rows written.
    """
    people = {
        pk: (unit, person)
        for pk, unit, person in Project.objects.filter(pk__in={a.project_id for a in alerts}).values_list(
            "pk", "responsible_unit", "responsible_person"
        )
    }
    writer = csv_writer(out)
    writer.writerow(ALERT_COLUMNS)
    for alert in alerts:
        unit, person = people.get(alert.project_id, ("", ""))
        writer.writerow(
            [
                county_names.get(prefix_of(alert.region_id, "county"), ""),
                alert.project_code,
                alert.project_name,
                alert.kind_label,
                "" if alert.days is None else alert.days,
                alert.message,
                unit,
                person,
            ]
        )
    return len(alerts)
