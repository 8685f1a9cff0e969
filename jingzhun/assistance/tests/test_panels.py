"""Assistance in the command centre: the cadres' panel, 住村率 on the map and the bulletin's attendance section."""

import datetime

import pytest

from jingzhun.assistance.tests.world import cadre_create, days_add
from jingzhun.core.panels import BulletinContext, PanelContext, bulletin_build, measure_get, panels_build

pytestmark = pytest.mark.django_db

END = datetime.date(2019, 12, 31)


def test_a_cadre_below_the_required_days_is_counted_on_the_panel_the_map_and_in_the_bulletin(
    unit, hanbin_village, city_officer
):
    from jingzhun.regions.models import Region

    present = cadre_create(unit, hanbin_village, name="王全勤", n=1)
    absent = cadre_create(unit, hanbin_village, name="赵缺勤", n=2)
    days_add(present, hanbin_village, datetime.date(2019, 1, 1), 230)  # ≥ 220 days
    days_add(absent, hanbin_village, datetime.date(2019, 1, 1), 150)
    ankang = Region.objects.get(code="610900000000")
    ctx = PanelContext(city_officer, ankang, 2019, END)
    [(_panel, data)] = panels_build(ctx, keys=("cadres",))
    figures = {f.label: f.value for f in data.figures}
    assert figures["驻村干部"] == "2人" and figures["住村天数不足"] == "1人"
    assert measure_get(city_officer, "attendance").values(ctx)["610902000000"] is not None
    sections = {s.key: d for s, d in bulletin_build(BulletinContext(city_officer, ankang, datetime.date(2019, 12, 1)))}
    assert "驻村干部2人，住村天数不足的1人" in sections["attendance"].summary
    assert sections["attendance"].criticised == ["汉滨区（1 名驻村干部住村天数不足）"]
