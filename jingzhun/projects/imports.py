"""Import of a county's project plan and fund allocations: validate everything, then write all or nothing.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from jingzhun.core.excel import ImportIssue, SheetData, SpreadsheetError, clean_values
from jingzhun.core.excel.reader import ReadResult
from jingzhun.projects.choices import TYPE_SECTOR, BudgetChangeStatus
from jingzhun.projects.models import Allocation, BudgetChange, Project
from jingzhun.projects.workbook import (
    ALLOCATION_SHEET,
    PLAN_SHEET,
    allocation_schema,
    plan_schema,
    read_project_workbook,
)
from jingzhun.regions.models import Region

Progress = Callable[[int, int, str], None]
PROJECT_FIELDS = (
    "name",
    "type",
    "type_note",
    "sector",
    "plan_year",
    "scale_km",
    "people_served",
    "units",
    "unit_label",
    "budget",
    "responsible_unit",
    "responsible_person",
    "status",
)


@dataclass
class ProjectImportOutcome:
    filename: str
    issues: list[ImportIssue] = field(default_factory=list)
    read: ReadResult | None = None
    written: bool = False
    dry_run: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def changed(self) -> bool:
        return any(c.get("created") or c.get("updated") for c in self.counts.values())

    def summary(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "written": self.written,
            "dry_run": self.dry_run,
            "changed": self.changed,
            "counts": self.counts,
            "errors": [str(i) for i in self.errors[:1000]],
            "error_count": len(self.errors),
            "warnings": [str(i) for i in self.warnings[:1000]],
            "warning_count": len(self.warnings),
        }


def _issue(sheet: SheetData, number: int, key: str | None, message: str) -> ImportIssue:
    header = sheet.headers.get(key) if key else None
    if key and header is None:
        header = sheet.schema.column(key).header
    return ImportIssue(sheet.title, number, key, header, message)


class ProjectImport:
    def __init__(
        self,
        *,
        user: Any,
        file: str | IO[bytes],
        filename: str,
        dry_run: bool = False,
        progress: Progress | None = None,
    ):
        self.user = user
        self.file = file
        self.outcome = ProjectImportOutcome(filename=filename, dry_run=dry_run)
        self.progress = progress or (lambda done, total, message: None)

    @property
    def issues(self) -> list[ImportIssue]:
        return self.outcome.issues

    def run(self) -> ProjectImportOutcome:
        from jingzhun.projects import services

        self.progress(0, 100, _("读取文件"))
        try:
            read = read_project_workbook(self.file, self.outcome.filename)
        except SpreadsheetError as exc:
            self.issues.append(exc.issue)
            return self.outcome
        self.outcome.read = read
        self.issues.extend(read.issues)
        if read.errors:
            return self.outcome
        self.progress(20, 100, _("检查每一行"))
        plans = self._plan_projects(read.sheets.get(PLAN_SHEET))
        allocations = self._plan_allocations(read.sheets.get(ALLOCATION_SHEET), plans)
        if self.outcome.errors or self.outcome.dry_run:
            return self.outcome
        self.progress(60, 100, _("写入数据库"))
        try:
            with transaction.atomic():
                for project, villages, changed in plans.values():
                    if changed:
                        services.project_save(
                            user=self.user, project=project, villages=villages, reason=_("导入项目计划")
                        )
                for code, source, amount, date, document_no, note, _row in allocations:
                    services.allocation_add(
                        user=self.user,
                        project=plans[code][0] if code in plans else Project.objects.get(code=code),
                        source=source,
                        amount=amount,
                        date=date,
                        document_no=document_no,
                        note=note,
                    )
        except ValidationError as exc:  # a rule only the database could see (a concurrent change)
            self.issues.append(ImportIssue(self.outcome.filename, None, None, None, "；".join(exc.messages)))
            return self.outcome
        self.outcome.written = True
        self.progress(100, 100, _("完成"))
        return self.outcome

    def _plan_projects(self, sheet: SheetData | None) -> dict[str, tuple[Project, list[Region], bool]]:
        if sheet is None:
            return {}
        schema = plan_schema()
        rows = []
        for raw in sheet.rows:
            values, issues = clean_values(schema.columns, raw.values, sheet=sheet.title, row=raw.number)
            self.issues.extend(issues)
            rows.append((raw.number, values, {i.column_key for i in issues}))
        codes = [v.get("code") for _n, v, _b in rows if v.get("code")]
        existing = {p.code: p for p in Project.objects.filter(code__in=codes).prefetch_related("villages")}
        visible = set(
            Project.objects.for_user(self.user, "change").filter(code__in=codes).values_list("code", flat=True)
        )
        region_codes = set()
        for _n, values, _b in rows:
            region_codes.add(values.get("region") or "")
            region_codes.update(self._village_codes(values))
        regions = {r.code: r for r in Region.objects.for_user(self.user).filter(code__in=region_codes)}
        known = set(Region.objects.filter(code__in=region_codes).values_list("code", flat=True))
        plans: dict[str, tuple[Project, list[Region], bool]] = {}
        seen: dict[str, int] = {}
        created = updated = unchanged = 0
        for number, values, bad in rows:
            code = values.get("code")
            if not code:
                continue
            if code in seen:
                self.issues.append(
                    _issue(sheet, number, "code", _("项目编号与第 %(row)s 行重复。") % {"row": seen[code]})
                )
                continue
            seen[code] = number
            if code in existing and code not in visible:
                self.issues.append(_issue(sheet, number, "code", _("该项目编号已存在于您管辖范围以外的地区。")))
                continue
            region = regions.get(values.get("region") or "")
            if region is None and "region" not in bad:
                message = _("不在您的管辖范围内。") if values.get("region") in known else _("区划代码不存在。")
                self.issues.append(_issue(sheet, number, "region", message))
            villages = []
            for village_code in self._village_codes(values):
                village = regions.get(village_code)
                if village is None or village.level != "village":
                    self.issues.append(
                        _issue(
                            sheet, number, "villages", _("%(code)s 不是您管辖范围内的行政村。") % {"code": village_code}
                        )
                    )
                elif region is not None and not village_code.startswith(region.prefix):
                    self.issues.append(
                        _issue(sheet, number, "villages", _("%(code)s 不在建设地点内。") % {"code": village_code})
                    )
                else:
                    villages.append(village)
            if not villages and region is not None and region.level == "village":
                villages = [region]
            project = existing.get(code) or Project(code=code)
            before = {name: getattr(project, name) for name in PROJECT_FIELDS} if project.pk else None
            before_region = project.region_id
            for name in PROJECT_FIELDS:
                value = values.get(name)
                if value is None and name in ("type_note", "unit_label"):
                    value = ""
                if name == "sector" and not value:
                    value = project.sector or TYPE_SECTOR.get(values.get("type") or "", "")
                if name == "status" and not value:
                    value = project.status or "planned"
                setattr(project, name, value)
            if region is not None:
                project.region = region
            try:
                project.full_clean(exclude=["region"] if region is None else None)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    column = key if key in {c.key for c in plan_schema().columns} else None
                    if column in bad:
                        continue
                    for message in messages:
                        self.issues.append(_issue(sheet, number, column, message))
            if project.pk and before is not None:
                old_villages = {v.code for v in project.villages.all()}  # type: ignore[misc]
                changed = (
                    before != {name: getattr(project, name) for name in PROJECT_FIELDS}
                    or before_region != project.region_id
                    or old_villages != {v.code for v in villages}
                )
                updated += changed
                unchanged += not changed
            else:
                changed = True
                created += 1
            plans[code] = (project, villages, changed)
        self.outcome.counts["projects"] = {"created": created, "updated": updated, "unchanged": unchanged}
        return plans

    @staticmethod
    def _village_codes(values: dict[str, Any]) -> list[str]:
        return [c for c in re.split(r"[\s,，、;；]+", str(values.get("villages") or "")) if c]

    def _plan_allocations(
        self, sheet: SheetData | None, plans: dict[str, tuple[Project, list[Region], bool]]
    ) -> list[tuple[str, str, Decimal, Any, str, str, int]]:
        if sheet is None:
            return []
        schema = allocation_schema()
        planned: list[tuple[str, str, Decimal, Any, str, str, int]] = []
        rows = []
        for raw in sheet.rows:
            values, issues = clean_values(schema.columns, raw.values, sheet=sheet.title, row=raw.number)
            self.issues.extend(issues)
            if not issues:
                rows.append((raw.number, values))
        codes = {v["project"] for _n, v in rows} - set(plans)
        stored = {p.code: p for p in Project.objects.for_user(self.user, "change").filter(code__in=codes)}
        pks = [p.pk for p in stored.values()] + [p.pk for p, _v, _c in plans.values() if p.pk]
        totals = dict(
            Allocation.objects.filter(project_id__in=pks)
            .values("project__code")
            .annotate(s=Sum("amount"))
            .values_list("project__code", "s")
        )
        approved = dict(
            BudgetChange.objects.filter(project_id__in=pks, status=BudgetChangeStatus.APPROVED)
            .values("project__code")
            .annotate(s=Sum("amount"))
            .values_list("project__code", "s")
        )
        existing = set(
            Allocation.objects.filter(project_id__in=pks).values_list(
                "project__code", "source", "date", "amount", "document_no"
            )
        )
        running: dict[str, Decimal] = defaultdict(Decimal)
        skipped = 0
        for number, values in rows:
            code = values["project"]
            project = plans[code][0] if code in plans else stored.get(code)
            if project is None:
                self.issues.append(
                    _issue(sheet, number, "project", _("项目编号不在项目计划表中，也不是您管辖范围内已有的项目。"))
                )
                continue
            amount = values["amount"]
            if amount <= 0:
                self.issues.append(_issue(sheet, number, "amount", _("下达金额必须大于 0。")))
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
                self.issues.append(
                    _issue(
                        sheet,
                        number,
                        "amount",
                        _("项目 %(code)s 下达资金合计 %(total)s 元，超过总投资 %(ceiling)s 元，请先报批预算调整。")
                        % {"code": code, "total": f"{total:,.2f}", "ceiling": f"{ceiling:,.2f}"},
                    )
                )
                continue
            planned.append(
                (code, values["source"], amount, values["date"], document_no, values.get("note") or "", number)
            )
        self.outcome.counts["allocations"] = {"created": len(planned), "updated": 0, "unchanged": skipped}
        return planned
