"""Spreadsheet import of the village and county year facts: all or nothing, row-level Chinese errors.

Rows are matched by (place code, year), so re-importing the same file changes nothing; a
row outside the user's scope, an unknown code, a deep-poverty village that is not a poor
village or a rate above 100 % is reported as "sheet, row, column: message" and nothing is
written. Only the city office may import (the policy's ``add`` and ``change`` on regions).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingzhun.core.excel import Column, SheetSchema
from jingzhun.core.imports import ModelImporter
from jingzhun.regions.models import CountyYear, VillageYear


class VillageYearImporter(ModelImporter):
    name = "regions.village_years"
    label = _("导入村级年度情况")
    model = VillageYear
    access_target = "regions"
    schema = SheetSchema(
        "村级年度情况",
        columns=(
            Column("village", "行政区划代码", ("村代码", "村级代码"), kind="region_code", required=True),
            Column("year", "年度", kind="year", required=True),
            Column("rural_population", "农村户籍人口", ("户籍人口",), kind="int"),
            Column("is_poor_village", "贫困村", kind="bool"),
            Column("is_deep_poverty_village", "深度贫困村", kind="bool"),
            Column("hardened_road", "通硬化路", kind="bool"),
            Column("safe_water", "安全饮水", kind="bool"),
            Column("power", "通动力电", kind="bool"),
            Column("standard_clinic", "标准化卫生室", kind="bool"),
            Column("collective_income", "集体经济收入（万元）", ("集体经济收入",), kind="decimal"),
            Column("broadband", "通宽带", kind="bool"),
            Column("planned_exit_year", "计划出列年度", kind="year"),
        ),
    )
    key = ("village", "year")
    notes = (_("每村每年一行，按行政区划代码和年度匹配；是/否列填“是”或“否”。"),)


class CountyYearImporter(ModelImporter):
    name = "regions.county_years"
    label = _("导入县级年度情况")
    model = CountyYear
    access_target = "regions"
    schema = SheetSchema(
        "县级年度情况",
        columns=(
            Column("county", "行政区划代码", ("县代码",), kind="region_code", required=True),
            Column("year", "年度", kind="year", required=True),
            Column("is_poor_county", "贫困县", kind="bool"),
            Column("is_deep_poverty_county", "深度贫困县", kind="bool"),
            Column("planned_exit_year", "计划摘帽年度", kind="year"),
            Column(
                "rural_income_per_capita", "农村居民人均可支配收入（元）", ("农村居民人均可支配收入",), kind="decimal"
            ),
            Column("tap_water_coverage", "自来水普及率（%）", ("自来水普及率",), kind="decimal"),
            Column("wrong_exit_rate", "错退率（%）", ("错退率",), kind="decimal"),
            Column("missed_rate", "漏评率（%）", ("漏评率",), kind="decimal"),
            Column("recognition_rate", "群众认可度（%）", ("群众认可度",), kind="decimal"),
        ),
    )
    key = ("county", "year")
    notes = (_("每县每年一行；三率一度为抽样核查结果的百分数（0–100），未核查的留空。"),)
