"""The command centre: its screen and panels per role and scope, the maps, the countdown, the targets."""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError

from conftest import HANBIN
from jingzhun.core.panels import PanelContext, panels_build

pytestmark = pytest.mark.django_db


def payload_of(response):
    match = re.search(rb'<script id="map-data" type="application/json">(.*?)</script>', response.content, re.S)
    return json.loads(match.group(1)) if match else None


def test_the_city_screen_draws_the_city_map_with_a_measure_per_county(
    client_for, city_officer, household_factory, hanbin_village
):
    household_factory(hanbin_village, members=3, planned_exit_year=2019)
    response = client_for(city_officer).get("/command/?year=2019")
    assert response.status_code == 200
    payload = payload_of(response)
    assert payload["map"] == "安康" and payload["mapFile"] == "vendor/echarts-maps/610900.js"
    incidence = next(m for m in payload["measures"] if m["key"] == "incidence")
    areas = {item["code"][:6]: item["area"] for item in incidence["items"]}
    assert areas["610902"] == "汉滨区" and len(areas) == 10
    assert all(areas.values())  # every county of today's divisions is found on the map, renamed ones included
    content = response.content.decode()
    assert "年度目标任务" in content and "3人" in content  # the household's three people planned for 2019


def test_a_county_screen_ranks_its_townships_as_tiles(client_for, county_officer, household_factory, hanbin_village):
    household_factory(hanbin_village, members=2)
    response = client_for(county_officer).get("/command/?measure=incidence")
    assert response.status_code == 200 and payload_of(response) is None
    assert 'class="jz-tiles"' in response.content.decode()
    assert response.context["tiles"] and response.context["tiles"][0]["rank"] in (1, None)


def test_outside_the_scope_the_screen_is_404_and_anonymous_goes_to_login(client_for, outsider):
    from django.test import Client

    assert client_for(outsider).get(f"/command/?region={HANBIN}").status_code == 404
    response = Client().get("/command/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_home_page_panels_hold_only_the_users_scope(
    client_for, village_clerk, household_factory, hanbin_village, hanyin_village
):
    household_factory(hanbin_village, members=4, planned_exit_year=2019)
    household_factory(hanyin_village, members=7, planned_exit_year=2019)
    response = client_for(village_clerk).get("/command/panels/?year=2019")
    content = response.content.decode()
    assert response.status_code == 200 and "4人" in content and "7人" not in content


def test_the_targets_panel_counts_planned_and_exited_people_and_the_pace(
    city_officer, household_factory, hanbin_village
):
    from jingzhun.regions.models import Region

    household_factory(hanbin_village, members=5, planned_exit_year=2020)
    household_factory(hanbin_village, members=3, planned_exit_year=2020, status="1", exit_year=2020)
    ctx = PanelContext(city_officer, Region.objects.get(code="610900000000"), 2020, datetime.date(2020, 9, 15))
    [(_panel, data)] = panels_build(ctx, keys=("targets",))
    figures = {f.label: f.value for f in data.figures}
    assert figures["计划脱贫人口"] == "8人" and figures["已脱贫人口"] == "3人"
    assert figures["每月须脱贫"] == "2人"  # 5 people left over the 3 months after September: 2 a month, rounded up


def test_the_countdown_lists_the_hard_dates_still_ahead(city_officer):
    from jingzhun.core.parameters import parameter_set
    from jingzhun.dashboards.views import countdown
    from jingzhun.regions.models import Region

    parameter_set(
        user=city_officer,
        name="command.hard_dates",
        value="2020-06-30 剩余贫困人口全部脱贫\n2019-11-30 问题全面整改到位",
        year_from=2019,
        source="市指挥部会议纪要",
        reason="设定硬节点",
    )
    ctx = PanelContext(city_officer, Region.objects.get(code="610900000000"), 2019, datetime.date(2019, 12, 1))
    assert countdown(ctx) == [{"date": datetime.date(2020, 6, 30), "label": "剩余贫困人口全部脱贫", "days": 212}]


def test_a_hard_date_that_is_not_a_date_is_refused_with_its_line():
    from jingzhun.core.parameters import DATED_LINES

    with pytest.raises(ValidationError, match="第 2 行的日期“2020-13-01”不是有效的年-月-日"):
        DATED_LINES.parse("2020-06-30 全部脱贫\n2020-13-01 摘帽")
    with pytest.raises(ValidationError, match="第 1 行"):
        DATED_LINES.parse("2020-06-30")


def test_a_region_without_a_vendored_map_has_none():
    from jingzhun.dashboards.maps import region_map

    assert region_map("610902000000") is None  # below the city: tiles, no boundaries
    shaanxi = region_map("610000000000")
    assert shaanxi.name == "陕西" and shaanxi.areas["610900"] == "安康市"
    assert region_map("610900000000").area_for("610981000000", "旬阳市") == "旬阳县"


def test_the_task_groups_hard_dates_of_the_city_lead_the_countdown_of_a_county(county_officer):
    from jingzhun.dashboards.views import countdown
    from jingzhun.regions.models import Region
    from jingzhun.taskforce.models import CampaignDate

    CampaignDate.objects.create(region_id="610900000000", year=2019, date=datetime.date(2019, 10, 31), title="退出验收")
    CampaignDate.objects.create(
        region_id="610921000000", year=2019, date=datetime.date(2019, 9, 30), title="汉阴县节点"
    )
    ctx = PanelContext(county_officer, Region.objects.get(code=HANBIN), 2019, datetime.date(2019, 9, 1))
    assert countdown(ctx) == [{"date": datetime.date(2019, 10, 31), "label": "退出验收", "days": 60}]
