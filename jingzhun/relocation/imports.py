"""Import of resettlement sites (安置点) and relocated households (搬迁户) from one workbook.

All or nothing: every row is checked with the models' own rules, each site's place and each
household against the registry and the importer's scope; sites are matched by 安置点编号 and
households by 户编号, so re-importing the same file changes nothing. A household row may name
a site of the same file or one already stored in the user's county.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.excel import ReadResult, SheetSchema
from jingzhun.core.excel.schema import Column
from jingzhun.core.imports import Importer, Row, Target
from jingzhun.core.imports.binding import stored_values
from jingzhun.core.regioncodes import prefix_q
from jingzhun.regions.models import Region
from jingzhun.registry.models import Household
from jingzhun.relocation.choices import OldHouse, SiteKind
from jingzhun.relocation.models import Relocation, Site

SITE_SHEET = "安置点"
HOUSEHOLD_SHEET = "搬迁户"

KIND_CHOICES = {
    "集中": SiteKind.CONCENTRATED,
    "集中安置": SiteKind.CONCENTRATED,
    "分散": SiteKind.SCATTERED,
    "分散安置": SiteKind.SCATTERED,
}
OLD_HOUSE_CHOICES = {str(label): code for code, label in OldHouse.choices} | {
    "已拆除": OldHouse.DEMOLISHED,
    "已复垦": OldHouse.RECLAIMED,
}

SITE_FIELDS = [
    "name",
    "kind",
    "planned_units",
    "completed_units",
    "facilities_planned",
    "facilities_completed",
]
HOUSEHOLD_FIELDS = [
    "batch_year",
    "people",
    "area",
    "self_financing",
    "in_debt",
    "keys_on",
    "moved_in_on",
    "old_house",
]


def site_schema() -> SheetSchema:
    return SheetSchema(
        SITE_SHEET,
        aliases=("安置点台账",),
        columns=(
            Column("code", "安置点编号", required=True),
            Column("name", "名称", ("安置点名称",), required=True),
            Column("kind", "类型", ("安置类型",), kind="choice", choices=KIND_CHOICES, required=True),
            Column("region", "行政区划代码", ("区划代码",), kind="region_code", required=True),
            Column("planned_units", "计划套数", kind="int", required=True),
            Column("completed_units", "竣工套数", kind="int"),
            Column("facilities_planned", "计划配套设施", ("计划配套设施（项）",), kind="int"),
            Column("facilities_completed", "完成配套设施", ("完成配套设施（项）",), kind="int"),
        ),
        key_columns=("code",),
        required=False,
    )


def household_schema() -> SheetSchema:
    return SheetSchema(
        HOUSEHOLD_SHEET,
        aliases=("搬迁户台账",),
        columns=(
            Column("household", "户编号", required=True),
            Column("site", "安置点编号", required=True),
            Column("batch_year", "搬迁年度", kind="year", required=True),
            Column("people", "搬迁人数", kind="int", required=True),
            Column("area", "安置面积（平方米）", ("安置面积", "安置面积(平方米)"), kind="decimal", required=True),
            Column("self_financing", "自筹资金（元）", ("自筹资金", "自筹资金(元)"), kind="decimal"),
            Column("in_debt", "是否负债", ("因搬迁负债",), kind="bool"),
            Column("keys_on", "交钥匙日期", kind="date"),
            Column("moved_in_on", "入住日期", kind="date"),
            Column("old_house", "旧房处置", kind="choice", choices=OLD_HOUSE_CHOICES),
        ),
        key_columns=("household",),
        required=False,
    )


class RelocationImporter(Importer):
    """One import of a relocation workbook (安置点 and 搬迁户) for one user."""

    name = "relocation"
    label = gettext_lazy("导入安置点与搬迁户")
    targets = (
        Target("sites", Site, ("code",), gettext_lazy("安置点")),
        Target("relocations", Relocation, ("household_id",), gettext_lazy("搬迁户")),
    )
    denied_message = gettext_lazy("当前角色只能查看，不能导入搬迁数据。")
    ignore_sheets = ("填写说明",)
    notes = (
        gettext_lazy("工作簿包含“安置点”和“搬迁户”两张表；安置点按编号、搬迁户按户编号新增或更新。"),
        gettext_lazy("搬迁户须是本辖区建档立卡贫困户，每户只能登记一次搬迁；旧房处置填 未处置、拆除、复垦 或 保留。"),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sites: dict[str, Site] = {}

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        return site_schema(), household_schema()

    def check(self, read: ReadResult) -> None:
        if SITE_SHEET not in read.sheets and HOUSEHOLD_SHEET not in read.sheets:
            self.file_error(_("文件中没有“安置点”或“搬迁户”表。"))
            return
        self._check_sites(self.rows(read.sheets.get(SITE_SHEET)))
        self._check_households(self.rows(read.sheets.get(HOUSEHOLD_SHEET)))
        self.result.links = [(reverse("relocation:site-list"), _("返回安置点台账"))]

    def _check_sites(self, rows: list[Row]) -> None:
        codes = self.unique(rows, "code", _("安置点编号"))
        stored = {s.code: s for s in Site.objects.filter(code__in=codes)}
        regions = {r.code: r for r in Region.objects.filter(code__in={r.values.get("region") for r in rows})}
        for row in rows:
            code = str(row.values.get("code") or "")
            if code not in codes:
                continue
            site = stored.get(code)
            if site is not None and not self.in_scope(site.region_id):
                self.error(row, "code", _("该安置点编号已被您管辖范围以外的地区使用。"))
                continue
            region_code = row.values.get("region") or ""
            region = regions.get(region_code)
            if region is None:
                if "region" not in row.bad:
                    self.error(row, "region", _("行政区划代码 %(code)s 不存在。") % {"code": region_code})
                continue
            before = stored_values(site)
            instance = site or Site(code=code)
            instance.region = region
            values = {"completed_units": 0, "facilities_planned": 0, "facilities_completed": 0} | {
                k: v for k, v in row.values.items() if v is not None
            }
            if self.bind(row, instance, SITE_FIELDS, values):
                fields = [*SITE_FIELDS, "region"]
                if self.stage("sites", code, row, instance, before, fields, region=region.code):
                    self.sites[code] = instance

    def _check_households(self, rows: list[Row]) -> None:
        codes = self.unique(rows, "household", _("户编号"))
        households = {h.code: h for h in Household.objects.filter(code__in=codes)}
        stored = {
            r.household.code: r
            for r in Relocation.objects.filter(household__code__in=codes).select_related("household")
        }
        wanted = {r.values.get("site") for r in rows} - set(self.sites)
        county = self.prefix[:6]
        sites = {s.code: s for s in Site.objects.filter(prefix_q("region_id", county), code__in=wanted)}
        for row in rows:
            code = row.values.get("household")
            if code not in codes:
                continue
            household = households.get(code)
            if household is None:
                self.error(row, "household", _("户编号 %(code)s 不是建档立卡贫困户。") % {"code": code})
                continue
            if not self.in_scope(household.village_id):
                self.error(row, "household", self.outside_scope(household.village_id))
                continue
            site_code = row.values.get("site") or ""
            site = self.sites.get(site_code) or sites.get(site_code)
            if site is None:
                if "site" not in row.bad:
                    self.error(
                        row, "site", _("安置点编号 %(code)s 不在本表中，也不是本县已有的安置点。") % {"code": site_code}
                    )
                continue
            relocation = stored.get(code)
            before = stored_values(relocation)
            instance = relocation or Relocation(household=household)
            instance.household = household
            new_site = site.pk is None
            if not new_site:
                instance.site = site
            values = {"old_house": OldHouse.PENDING, "in_debt": False, "self_financing": 0} | {
                k: v for k, v in row.values.items() if v is not None
            }
            fields = list(HOUSEHOLD_FIELDS)
            if self.bind(row, instance, fields, values, exclude=("site",) if new_site else ()):
                planned = self.stage(
                    "relocations", code, row, instance, before, [*fields, "site"], region=household.village_id
                )
                if planned is not None and new_site:
                    planned.parent = site_code

    def write(self) -> None:
        self.save("sites")
        for planned in self.planned["relocations"].values():
            if planned.parent:
                planned.instance.site = self.sites[planned.parent]
                planned._changed = None  # the site's key is known only now
        self.save("relocations")
