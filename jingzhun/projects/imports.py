"""Import of a county's project plan and fund allocations, on the spreadsheet-import kit (``core.imports``).

Each plan row is bound to a ``Project`` and checked with the model's own rules
(``full_clean``), its place and villages against the map and the importer's scope; each
allocation row against its project (in the file or already stored) and the budget rule
(allocations within the budget plus approved changes). Any error → nothing is written.
Writing goes through the same services as the pages, in one transaction. Re-importing
the same file changes nothing: projects are matched by code, allocations by (project,
source, date, amount, document number).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.accounts.models import User
from jingzhun.core.excel import ReadResult, SheetData, SheetSchema
from jingzhun.core.imports import Counts, Importer, ImportResult, Row, Target
from jingzhun.core.imports.base import Progress
from jingzhun.core.imports.binding import validation_pairs
from jingzhun.projects import services
from jingzhun.projects.choices import PROJECT_FIELDS, TYPE_SECTOR, BudgetChangeStatus
from jingzhun.projects.models import Allocation, BudgetChange, Project
from jingzhun.projects.workbook import ALLOCATION_SHEET, PLAN_SHEET, allocation_schema, plan_schema, template_workbook
from jingzhun.regions.models import Region


@dataclass
class _Plan:
    project: Project
    villages: list[Region]
    changed: bool


@dataclass
class _Allocation:
    code: str
    source: str
    amount: Decimal
    date: Any
    document_no: str
    note: str


class ProjectImporter(Importer):
    """One import of a project workbook (项目计划 and 资金下达) for one user."""

    name = "projects"
    label = gettext_lazy("导入项目计划与资金下达")
    targets = (
        Target("projects", Project, ("code",), gettext_lazy("项目")),
        Target(
            "allocations",
            Allocation,
            ("project_id", "source", "date", "amount", "document_no"),
            gettext_lazy("资金下达"),
        ),
    )
    denied_message = gettext_lazy("当前角色只能查看，不能导入项目数据。")
    ignore_sheets = ("填写说明",)
    template_filename = "项目计划与资金下达导入模板.xlsx"
    notes = (
        gettext_lazy(
            "工作簿包含“项目计划”和“资金下达”两张表；项目按项目编号新增或更新，资金下达合计不得超过项目总投资。"
        ),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.plans: dict[str, _Plan] = {}
        self.allocations: list[_Allocation] = []
        self._counts: dict[str, Counts] = {}

    @classmethod
    def template_write(cls, out: Any) -> None:
        template_workbook(out)

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return plan_schema(), allocation_schema()

    def check(self, read: ReadResult) -> None:
        self._plan_projects(read.sheets.get(PLAN_SHEET))
        self._plan_allocations(read.sheets.get(ALLOCATION_SHEET))
        self.result.links = [(reverse("projects:list"), _("返回项目库"))]

    def counts(self) -> dict[str, Counts]:
        return self._counts

    def write(self) -> None:
        for plan in self.plans.values():
            if plan.changed:
                services.project_save(
                    user=self.user, project=plan.project, villages=plan.villages, reason=_("导入项目计划")
                )
        for allocation in self.allocations:
            plan = self.plans.get(allocation.code)
            services.allocation_add(
                user=self.user,
                project=plan.project if plan else Project.objects.get(code=allocation.code),
                source=allocation.source,
                amount=allocation.amount,
                date=allocation.date,
                document_no=allocation.document_no,
                note=allocation.note,
            )

    def _plan_projects(self, sheet: SheetData | None) -> None:
        if sheet is None:
            return
        rows = self.rows(sheet)
        codes = [r.values.get("code") for r in rows if r.values.get("code")]
        stored = {p.code: p for p in Project.objects.filter(code__in=codes).prefetch_related("villages")}
        visible = set(
            Project.objects.for_user(self.user, "change").filter(code__in=codes).values_list("code", flat=True)
        )
        region_codes = set()
        for row in rows:
            region_codes.add(row.values.get("region") or "")
            region_codes.update(_village_codes(row.values))
        regions = {r.code: r for r in Region.objects.for_user(self.user).filter(code__in=region_codes)}
        known = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
        seen: dict[str, int] = {}
        counts = Counts()
        for row in rows:
            code = row.values.get("code")
            if not code:
                continue
            if code in seen:
                self.error(row, "code", _("项目编号与第 %(row)s 行重复。") % {"row": seen[code]})
                continue
            seen[code] = row.number
            if code in stored and code not in visible:
                self.error(row, "code", _("该项目编号已存在于您管辖范围以外的地区。"))
                continue
            region = regions.get(row.values.get("region") or "")
            if region is None and "region" not in row.bad:
                message = _("不在您的管辖范围内。") if row.values.get("region") in known else _("区划代码不存在。")
                self.error(row, "region", message)
            villages = self._villages(row, region, regions)
            project = stored.get(code) or Project(code=code)
            changed = self._bind_project(row, project, region, villages)
            if project.pk:
                counts.updated += changed
                counts.unchanged += not changed
            else:
                counts.created += 1
            self.plans[code] = _Plan(project, villages, changed)
        self._counts["projects"] = counts

    def _villages(self, row: Row, region: Region | None, regions: dict[str, Region]) -> list[Region]:
        villages = []
        for village_code in _village_codes(row.values):
            village = regions.get(village_code)
            if village is None or village.level != "village":
                self.error(row, "villages", _("%(code)s 不是您管辖范围内的行政村。") % {"code": village_code})
            elif region is not None and not village_code.startswith(region.prefix):
                self.error(row, "villages", _("%(code)s 不在建设地点内。") % {"code": village_code})
            else:
                villages.append(village)
        if not villages and region is not None and region.level == "village":
            villages = [region]
        return villages

    def _bind_project(self, row: Row, project: Project, region: Region | None, villages: list[Region]) -> bool:
        """Set the project from the row and validate it (``full_clean``); return True if it changes."""
        before = {name: getattr(project, name) for name in PROJECT_FIELDS} if project.pk else None
        before_region = project.region_id
        for name in PROJECT_FIELDS:
            value = row.values.get(name)
            if value is None and name in ("type_note", "unit_label"):
                value = ""
            if name == "sector" and not value:
                value = project.sector or TYPE_SECTOR.get(row.values.get("type") or "", "")
            if name == "status" and not value:
                value = project.status or "planned"
            setattr(project, name, value)
        if region is not None:
            project.region = region
        try:
            project.full_clean(exclude=["region"] if region is None else None)
        except ValidationError as exc:
            self.report(row, validation_pairs(exc))
        if before is None:
            return True
        old_villages = {v.code for v in project.villages.all()}
        return (
            before != {name: getattr(project, name) for name in PROJECT_FIELDS}
            or before_region != project.region_id
            or old_villages != {v.code for v in villages}
        )

    def _plan_allocations(self, sheet: SheetData | None) -> None:
        if sheet is None:
            return
        rows = [row for row in self.rows(sheet) if not row.bad]
        plans = self.plans
        codes = {row.values["project"] for row in rows} - set(plans)
        stored = {p.code: p for p in Project.objects.for_user(self.user, "change").filter(code__in=codes)}
        pks = [p.pk for p in stored.values()] + [p.project.pk for p in plans.values() if p.project.pk]
        totals = _sums(Allocation.objects.filter(project_id__in=pks))
        approved = _sums(BudgetChange.objects.filter(project_id__in=pks, status=BudgetChangeStatus.APPROVED))
        existing = set(
            Allocation.objects.filter(project_id__in=pks).values_list(
                "project__code", "source", "date", "amount", "document_no"
            )
        )
        running: dict[str, Decimal] = defaultdict(Decimal)
        skipped = 0
        for row in rows:
            values = row.values
            code = values["project"]
            project = plans[code].project if code in plans else stored.get(code)
            if project is None:
                self.error(row, "project", _("项目编号不在项目计划表中，也不是您管辖范围内已有的项目。"))
                continue
            amount = values["amount"]
            if amount <= 0:
                self.error(row, "amount", _("下达金额必须大于 0。"))
                continue
            document_no = values.get("document_no") or ""
            key = (code, values["source"], values["date"], amount, document_no)
            if key in existing:
                skipped += 1
                continue
            existing.add(key)
            running[code] += amount
            ceiling = (project.budget or Decimal(0)) + (approved.get(code) or Decimal(0))
            total = (totals.get(code) or Decimal(0)) + running[code]
            if project.budget is not None and total > ceiling:
                message = _("项目 %(code)s 下达资金合计 %(total)s 元，超过总投资 %(ceiling)s 元，请先报批预算调整。")
                self.error(
                    row, "amount", message % {"code": code, "total": f"{total:,.2f}", "ceiling": f"{ceiling:,.2f}"}
                )
                continue
            self.allocations.append(
                _Allocation(code, values["source"], amount, values["date"], document_no, values.get("note") or "")
            )
        self._counts["allocations"] = Counts(created=len(self.allocations), unchanged=skipped)


def projects_import(
    *, user: User, file: Any, filename: str, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Import a project plan and fund allocation workbook: all of it or nothing.

    Return the result (issues as "sheet, row, column: message" and counts). Raise
    PermissionDenied if the user may not change projects.
    """
    return ProjectImporter(user=user, file=file, filename=filename, dry_run=dry_run, progress=progress).run()


def _village_codes(values: dict[str, Any]) -> list[str]:
    return [c for c in re.split(r"[\s,，、;；]+", str(values.get("villages") or "")) if c]


def _sums(queryset: Any) -> dict[str, Decimal]:
    """Return the sum of ``amount`` by project code."""
    return dict(queryset.values("project__code").annotate(s=Sum("amount")).values_list("project__code", "s"))
