"""The old free-text measures become typed household measures (the data migration and the service)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from jingzhun.measures.models import HouseholdMeasure
from jingzhun.measures.parsing import measures_parse
from jingzhun.measures.services import measures_from_text

TEXT = "；".join(
    (
        "产业扶贫：发展魔芋种植",
        "就业扶贫：技能培训",
        "金融扶贫：扶贫小额信贷5万元",
        "公益性岗位：生态护林员",
        "资产收益扶贫：光伏分红",
        "健康扶贫：慢病签约服务",
        "教育资助：雨露计划",
        "易地扶贫搬迁：集中安置",
        "社会保障兜底：低保",
        "村里帮忙修路",
    )
)


def test_each_item_gets_its_kind_content_and_amount():
    parsed = measures_parse(TEXT)
    assert [m.kind for m in parsed] == [
        "industry",
        "training",
        "microcredit",
        "ecology_post",
        "asset_income",
        "medical",
        "education",
        "relocation",
        "social_security",
        "other",
    ]
    assert parsed[0].content == "发展魔芋种植" and parsed[0].long_term
    assert parsed[2].amount == Decimal(50000) and not parsed[2].long_term
    assert measures_parse("") == [] and len(measures_parse("产业扶贫：茶园管护；产业扶贫：茶园管护")) == 1


@pytest.mark.django_db
def test_the_data_migration_types_every_household_year(household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    household.years.update(assistance_measures=TEXT)
    migration = importlib.import_module("jingzhun.measures.migrations.0002_measures_from_free_text")
    migration.forwards(apps, None)
    rows = HouseholdMeasure.objects.filter(household=household, year=2019)
    assert rows.count() == 10
    assert rows.get(kind="industry").long_term and rows.get(kind="microcredit").amount == Decimal(50000)


@pytest.mark.django_db
def test_the_service_leaves_typed_years_alone_unless_asked(household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    household.years.update(assistance_measures="产业扶贫：生猪养殖；就业扶贫：外出务工稳岗补贴")
    assert measures_from_text(prefix="610902") == 2
    assert measures_from_text(prefix="610902") == 0
    assert measures_from_text(prefix="610902", replace=True) == 2
    assert HouseholdMeasure.objects.count() == 2
