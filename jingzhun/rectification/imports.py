"""Imports of 整改督办 on the spreadsheet kit: the problem list (问题清单) and the progress sheet (整改进展).

Both check the whole file first and write all of it or nothing, through the services (so
every problem starts its workflow and every step is logged). Re-importing the same file
changes nothing: problems are matched by (inspection, 问题编号), progress rows by
(inspection, 问题编号, 日期, 进展).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.schema import Column
from jingzhun.core.imports import Counts, Importer, Target
from jingzhun.core.imports.binding import validation_pairs
from jingzhun.core.services import ledger_save
from jingzhun.rectification import services
from jingzhun.rectification.choices import SHARED_LEVELS, Category, Level, ProblemStatus, Progress, Source
from jingzhun.rectification.models import Inspection, Problem, ProgressReport
from jingzhun.regions.models import Region

PROBLEM_SHEET = "问题清单"
PROGRESS_SHEET = "整改进展"
PROBLEM_FIELDS = ("category", "description", "responsible_unit", "responsible_person", "deadline", "measures")
LEVEL_OF_REGION = {
    "province": Level.PROVINCE,
    "prefecture": Level.CITY,
    "county": Level.COUNTY,
    "township": Level.TOWNSHIP,
    "village": Level.VILLAGE,
}


def _choices(choices: Any) -> dict[str, str]:
    return {str(label): value for value, label in choices.choices} | {value: value for value in choices.values}


def problem_schema() -> SheetSchema:
    return SheetSchema(
        PROBLEM_SHEET,
        columns=(
            Column("number", "问题编号", required=True),
            Column("category", "问题类别", kind="choice", choices=_choices(Category), required=True),
            Column("description", "问题描述", required=True),
            Column("region", "行政区划代码", kind="region_code", required=True),
            Column("responsible_unit", "责任单位", required=True),
            Column("responsible_person", "责任人"),
            Column("deadline", "整改时限", kind="date", required=True),
            Column("measures", "整改措施"),
        ),
        key_columns=("number",),
    )


def progress_schema() -> SheetSchema:
    return SheetSchema(
        PROGRESS_SHEET,
        columns=(
            Column("inspection", "检查批次", required=True),
            Column("number", "问题编号", required=True),
            Column("date", "日期", kind="date", required=True),
            Column("progress", "进展", kind="choice", choices=_choices(Progress), required=True),
            Column("note", "说明"),
        ),
    )


@dataclass
class _PlannedProblem:
    problem: Problem
    created: bool
    changed: bool


class ProblemImporter(Importer):
    """问题清单 of one inspection: new problems are assigned (shared ones routed to their counties)."""

    name = "rectification.problems"
    label = gettext_lazy("导入问题清单")
    targets = (Target("problems", Problem, ("inspection_id", "number"), gettext_lazy("整改问题")),)
    denied_message = gettext_lazy("当前角色不能交办整改问题。")
    actions = ("add",)
    notes = (
        gettext_lazy(
            "每个问题一行，按（检查批次、问题编号）新增或更新；行政区划代码为市或省的问题是共性问题，自动分解到各县区。"
        ),
    )

    def __init__(
        self,
        *,
        inspection: str = "",
        source: str | None = None,
        date: datetime.date | str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.inspection_code = (inspection or "").strip()
        self.source = source or None
        self.date = datetime.date.fromisoformat(date) if isinstance(date, str) and date else date or None
        self.inspection: Inspection | None = None
        self.planned_problems: list[_PlannedProblem] = []

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (problem_schema(),)

    def check(self, read: ReadResult) -> None:
        if not self.inspection_code:
            self.file_error(_("请指定检查批次编号。"))
            return
        if self.source and self.source not in Source.values:
            self.file_error(_("检查来源无效：%(s)s。可选：%(c)s") % {"s": self.source, "c": "、".join(Source.values)})
            return
        rows = self.rows(read.sheets.get(PROBLEM_SHEET))
        self.inspection = Inspection.objects.for_user(self.user).filter(code=self.inspection_code).first()
        if self.inspection is None:
            if Inspection.objects.filter(code=self.inspection_code).exists():
                self.file_error(_("检查批次 %(c)s 不在您的管辖范围内。") % {"c": self.inspection_code})
                return
            if not self.source or not self.date:
                self.file_error(
                    _("检查批次 %(c)s 尚未登记：新批次须同时给出检查来源和反馈日期。") % {"c": self.inspection_code}
                )
                return
        unique = self.unique(rows, "number", _("问题编号"))
        codes = {row.values.get("region") for row in rows if row.values.get("region")}
        regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
        stored = {p.number: p for p in Problem.objects.filter(inspection=self.inspection)} if self.inspection else {}
        visible = (
            set(Problem.objects.for_user(self.user).filter(inspection=self.inspection).values_list("number", flat=True))
            if self.inspection
            else set()
        )
        placeholder = self.inspection or Inspection(code=self.inspection_code, date=self.date or datetime.date.today())
        for row in rows:
            number = row.values.get("number")
            if not number or number not in unique:
                continue
            region = regions.get(row.values.get("region") or "")
            if region is None:
                if "region" not in row.bad:
                    self.error(row, "region", _("区划代码不存在。"))
                continue
            if not self.in_scope(region.code):
                self.error(row, "region", self.outside_scope(region.code))
                continue
            existing = stored.get(number)
            if existing is not None and number not in visible:
                self.error(row, "number", _("该问题编号已存在于您管辖范围以外的地区。"))
                continue
            if existing is not None and existing.region_id != region.code:
                self.error(
                    row,
                    "region",
                    _("问题 %(n)s 已登记在 %(r)s，不能改到其他地区。") % {"n": number, "r": existing.region_id},
                )
                continue
            problem = existing or Problem(inspection=placeholder, number=number, region=region)
            before = {name: getattr(problem, name) for name in PROBLEM_FIELDS}
            values = {
                **row.values,
                "measures": row.values.get("measures") or "",
                "responsible_person": row.values.get("responsible_person") or "",
            }
            if not self.bind(row, problem, PROBLEM_FIELDS, values):
                continue
            if existing is None:
                problem.level = LEVEL_OF_REGION.get(region.level, Level.COUNTY)
            changed = existing is None or before != {name: getattr(problem, name) for name in PROBLEM_FIELDS}
            self.planned_problems.append(_PlannedProblem(problem, existing is None, changed))

    def counts(self) -> dict[str, Counts]:
        counts = Counts()
        for planned in self.planned_problems:
            if planned.created:
                counts.created += 1
            elif planned.changed:
                counts.updated += 1
            else:
                counts.unchanged += 1
        return {"problems": counts}

    def write(self) -> None:
        inspection = self.inspection
        if inspection is None:
            inspection = services.inspection_save(
                user=self.user,
                inspection=Inspection(
                    code=self.inspection_code,
                    title=_("%(source)s反馈问题") % {"source": Source(self.source or Source.CENTRAL).label},
                    source=self.source or Source.CENTRAL,
                    date=self.date or datetime.date.today(),
                    region=self._inspection_region(),
                ),
                reason=_("导入问题清单"),
            )
        for planned in self.planned_problems:
            problem = planned.problem
            if planned.created:
                problem.inspection = inspection
                saved = services.problem_create(user=self.user, problem=problem, note=_("导入问题清单"))
                if saved.level in SHARED_LEVELS:
                    services.problem_route(user=self.user, problem=saved)
            elif planned.changed:
                ledger_save(user=self.user, instance=problem, reason=_("导入问题清单"))
                if problem.status == ProblemStatus.ROUTED:
                    self._update_routed(problem)

    def _update_routed(self, shared: Problem) -> None:
        for child in Problem.objects.filter(parent=shared):
            for name in ("category", "description", "deadline", "measures", "responsible_person"):
                setattr(child, name, getattr(shared, name))
            ledger_save(user=self.user, instance=child, reason=_("共性问题更新"))

    def _inspection_region(self) -> Region:
        """The region a new inspection covers: the user's, else the smallest division over every row."""
        if getattr(self.user, "region_id", None):
            return Region.objects.get(code=self.user.region_id)
        codes = [p.problem.region_id for p in self.planned_problems]
        for length, level in ((6, "county"), (4, "prefecture"), (2, "province")):
            prefixes = {code[:length] for code in codes}
            if len(prefixes) == 1:
                found = Region.objects.filter(code=prefixes.pop().ljust(12, "0"), level=level).first()
                if found is not None:
                    return found
        return Region.objects.filter(level="province").order_by("code").first() or Region.objects.get(code=codes[0])


class ProgressImporter(Importer):
    """整改进展: dated progress of problems; 已销号 needs a prior 已完成 of the same problem."""

    name = "rectification.progress"
    label = gettext_lazy("导入整改进展")
    targets = (Target("reports", ProgressReport, ("problem_id", "date", "progress"), gettext_lazy("整改进展")),)
    access_target = "rectification.ProgressReport"
    denied_message = gettext_lazy("当前角色不能报告整改进展。")
    actions = ("add",)
    notes = (gettext_lazy("每条进展一行；“已销号”须在同一问题先有“已完成”，且由县级及以上脱贫办导入。"),)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.planned_reports: list[tuple[Problem, dict[str, Any]]] = []
        self.skipped = 0

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return (progress_schema(),)

    def check(self, read: ReadResult) -> None:
        from jingzhun.core.access import allows

        rows = [row for row in self.rows(read.sheets.get(PROGRESS_SHEET)) if not row.bad]
        keys = {(r.values["inspection"], r.values["number"]) for r in rows}
        problems = {
            (p.inspection.code, p.number): p
            for p in Problem.objects.for_user(self.user, "change")
            .select_related("inspection")
            .filter(inspection__code__in={k[0] for k in keys}, number__in={k[1] for k in keys})
        }
        existing = set(
            ProgressReport.objects.filter(problem__in=list(problems.values())).values_list(
                "problem_id", "date", "progress"
            )
        )
        may_close = allows(self.user, "approve", Problem)
        # What each problem has reached: in the database, then row by row (by date) in the file.
        reached = {
            p.pk: p.status in (ProblemStatus.SUBMITTED, ProblemStatus.VERIFIED, ProblemStatus.CLOSED)
            for p in problems.values()
        }
        for row in sorted(rows, key=lambda r: (r.values["date"], r.number)):
            values = row.values
            problem = problems.get((values["inspection"], values["number"]))
            if problem is None:
                self.error(
                    row,
                    "number",
                    _("检查批次 %(i)s 中没有您可以报告的问题 %(n)s。")
                    % {"i": values["inspection"], "n": values["number"]},
                )
                continue
            if problem.status == ProblemStatus.ROUTED:
                self.error(row, "number", _("共性问题已分解到县区，请按各县区的问题编号报告进展。"))
                continue
            if values["date"] > datetime.date.today():
                self.error(row, "date", _("进展日期不能晚于今天。"))
                continue
            if values["date"] < problem.inspection.date:
                self.error(row, "date", _("进展日期早于检查反馈日期。"))
                continue
            progress = values["progress"]
            if progress == Progress.DONE:
                reached[problem.pk] = True
            if progress == Progress.CLOSED:
                if not reached.get(problem.pk):
                    self.error(row, "progress", _("“已销号”须先有同一问题的“已完成”。"))
                    continue
                if not may_close:
                    self.error(row, "progress", _("销号须由县级及以上脱贫办办理。"))
                    continue
            if (problem.pk, values["date"], progress) in existing:
                self.skipped += 1
                continue
            existing.add((problem.pk, values["date"], progress))
            self.planned_reports.append((problem, values))

    def counts(self) -> dict[str, Counts]:
        return {"reports": Counts(created=len(self.planned_reports), unchanged=self.skipped)}

    def write(self) -> None:
        for problem, values in self.planned_reports:
            problem.refresh_from_db()
            try:
                services.progress_report_add(
                    user=self.user,
                    problem=problem,
                    date=values["date"],
                    progress=values["progress"],
                    note=values.get("note") or "",
                )
            except ValidationError as exc:
                raise ValidationError(
                    _("问题 %(n)s：%(m)s") % {"n": problem, "m": "；".join(m for _k, m in validation_pairs(exc))}
                ) from exc
