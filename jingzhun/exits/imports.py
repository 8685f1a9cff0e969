"""Import of field results (核查结果) of a sample verification round: all or nothing.

One sheet 核查结果, one row per household visited: registered households by 户编号 (they must
be in the round's list), non-registered ones by 证件号码 and 行政区划代码 (added to the round).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.excel import ReadResult
from jingzhun.core.excel.schema import Column, SheetSchema, choice_map
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.imports import Importer, Target
from jingzhun.core.imports.plan import Row
from jingzhun.exits.choices import REGISTERED_CATEGORIES, Category, Conclusion
from jingzhun.exits.models import Sample, SampleItem
from jingzhun.regions.models import Region
from jingzhun.registry.models import Member

SHEET = "核查结果"
RESULT_FIELDS = ["people", "conclusion", "recognised", "aware"]


def result_schema() -> SheetSchema:
    return SheetSchema(
        SHEET,
        columns=(
            Column("household", "户编号"),
            Column("id_number", "证件号码", kind="id_number"),
            Column("village", "行政区划代码", kind="region_code"),
            Column("category", "抽样类别", kind="choice", required=True, choices=choice_map(Category.choices)),
            Column("people", "核查人数", kind="int", required=True),
            Column("conclusion", "核查结论", kind="choice", required=True, choices=choice_map(Conclusion.choices)),
            Column("recognised", "是否认可", kind="bool"),
            Column("aware", "政策知晓", kind="bool"),
        ),
    )


class VerificationImporter(Importer):
    """核查结果: the field teams' results of one round of a county's sample verification."""

    name = "exits.verification"
    label = gettext_lazy("导入抽样核查结果")
    targets = (Target("items", SampleItem, ("sample_id", "household_id", "id_number"), gettext_lazy("抽样户")),)
    access_target = SampleItem
    notes = (
        gettext_lazy(
            "工作表“核查结果”，每户一行。建档立卡户填户编号（须在本轮抽样名单中）；非建档立卡户填证件号码和行政区划代码。"
        ),
        gettext_lazy("核查结论：已脱贫户为正常、错退或错评；未脱贫户为正常或错评；非建档立卡户为正常或漏评。"),
        gettext_lazy("有任何错误时整份文件都不写入。"),
    )

    template_filename = "抽样核查结果模板.xlsx"

    @classmethod
    def template_write(cls, out: Any) -> None:
        """The empty 核查结果 sheet: headers (required ones in red), lists for the coded columns, rules."""
        workbook = new_workbook(out)
        plain = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1})
        required = workbook.add_format({"bold": True, "bg_color": "#F2F2F2", "border": 1, "font_color": "#C00000"})
        text = workbook.add_format({"num_format": "@"})
        sheet = workbook.add_worksheet(SHEET)
        for col, column in enumerate(result_schema().columns):
            sheet.write(0, col, column.header, required if column.required else plain)
            sheet.set_column(col, col, 20, text if column.kind in ("text", "region_code", "id_number") else None)
            if column.kind == "choice":
                sheet.data_validation(1, col, 5000, col, {"validate": "list", "source": column.labels[:40]})
            elif column.kind == "bool":
                sheet.data_validation(1, col, 5000, col, {"validate": "list", "source": ["是", "否"]})
        notes = workbook.add_worksheet("填写说明")
        for row, line in enumerate(cls.notes):
            notes.write(row, 0, str(line))
        notes.set_column(0, 0, 100)
        workbook.close()

    def __init__(self, *, county: str, year: int, round: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.county = county
        self.year = year
        self.round = round
        self.sample: Sample | None = None

    def sheet_schemas(self) -> tuple[SheetSchema, ...]:
        return (result_schema(),)

    def _sample(self) -> Sample | None:
        samples = Sample.objects.filter(county_id=self.county, year=self.year)
        if self.round:
            samples = samples.filter(round=self.round)
        found = list(samples.order_by("-created_at", "-pk")[:2])
        if not found:
            self.file_error(
                _("%(county)s %(year)s 年没有抽样核查%(round)s，请先抽样。")
                % {"county": self.county, "year": self.year, "round": f"（{self.round}）" if self.round else ""}
            )
            return None
        if len(found) > 1 and not self.round:
            self.file_error(_("该县本年度有多轮抽样，请指定轮次。"))
            return None
        if not self.in_scope(self.county):
            self.file_error(self.outside_scope(self.county))
            return None
        return found[0]

    def check(self, read: ReadResult) -> None:
        self.sample = self._sample()
        if self.sample is None:
            return
        rows = self.rows(read.sheets.get(SHEET))
        items = list(SampleItem.objects.filter(sample=self.sample).select_related("household"))
        by_code = {i.household.code: i for i in items if i.household_id}
        by_id = {i.id_number: i for i in items if not i.household_id and i.id_number}
        ids = [r.values.get("id_number") for r in rows if r.values.get("id_number")]
        registered_ids = dict(
            Member.objects.filter(id_number__in=ids, deceased=False).values_list("id_number", "household__code")
        )
        villages = set(
            Region.objects.filter(
                level="village", code__in=[r.values.get("village") for r in rows if r.values.get("village")]
            ).values_list("code", flat=True)
        )
        prefix = self.sample.county.prefix
        registered_rows = [r for r in rows if r.values.get("category") in REGISTERED_CATEGORIES]
        other_rows = [r for r in rows if r.values.get("category") == Category.NON_REGISTERED]
        self.unique(registered_rows, "household", _("户编号"))
        self.unique(other_rows, "id_number", _("证件号码"))
        for row in registered_rows:
            self._registered(row, by_code)
        for row in other_rows:
            self._non_registered(row, by_id, registered_ids, villages, prefix)

    def _registered(self, row: Row, by_code: dict[str, SampleItem]) -> None:
        code = row.values.get("household")
        if not code:
            self.error(row, "household", _("建档立卡户须填写户编号。"))
            return
        item = by_code.get(str(code))
        if item is None:
            self.error(row, "household", _("户 %(code)s 不在本轮抽样名单中。") % {"code": code})
            return
        if item.category != row.values["category"]:
            self.error(
                row,
                "category",
                _("抽样类别与名单不符：名单中为%(category)s。") % {"category": item.get_category_display()},
            )
            return
        self._plan(row, item, created=False)

    def _non_registered(
        self,
        row: Row,
        by_id: dict[str, SampleItem],
        registered_ids: dict[str, str],
        villages: set[str],
        prefix: str,
    ) -> None:
        id_number, village = row.values.get("id_number"), row.values.get("village")
        if not id_number:
            self.error(row, "id_number", _("非建档立卡户须填写证件号码。"))
            return
        if id_number in registered_ids:
            message = _("该证件号码属于建档立卡户 %(code)s，请按户编号填写。")
            self.error(row, "id_number", message % {"code": registered_ids[id_number]})
            return
        if not village or village not in villages or not str(village).startswith(prefix):
            self.error(row, "village", _("行政区划代码须为本县的一个行政村。"))
            return
        item = by_id.get(id_number)
        created = item is None
        if item is None:
            assert self.sample is not None
            item = SampleItem(
                sample=self.sample, category=Category.NON_REGISTERED, id_number=id_number, village_id=village
            )
            item.created_by = self.user if self.user.pk else None
        self._plan(row, item, created=created)

    def _plan(self, row: Row, item: SampleItem, *, created: bool) -> None:
        before = None if created else {f: getattr(item, f) for f in RESULT_FIELDS}
        if row.values.get("people") is not None and row.values["people"] <= 0:
            self.error(row, "people", _("核查人数须大于 0。"))
            return
        if not self.bind(row, item, RESULT_FIELDS, exclude=("household",)):
            return
        key = item.pk or ("new", item.id_number)
        self.stage("items", key, row, item, before, RESULT_FIELDS, region=item.village_id)

    def write(self) -> None:
        written = []
        for planned in self.planned["items"].values():
            if planned.created or planned.changed_fields():
                planned.instance.save()
                written.append(planned.instance.pk)
        self._written.setdefault(SampleItem, []).extend(written)
