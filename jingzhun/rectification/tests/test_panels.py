"""Rectification in the command centre, the bulletin and the task groups' dispatch sheet."""

import datetime

import pytest

from conftest import HANBIN
from jingzhun.core.panels import BulletinContext, PanelContext, bulletin_build, panels_build

pytestmark = pytest.mark.django_db


def test_overdue_problems_show_on_the_panel_the_bulletin_and_the_dispatch_sheet(
    inspection_factory, problem_factory, city_officer
):
    from jingzhun.rectification.dispatch import dispatch_extend
    from jingzhun.regions.models import Region
    from jingzhun.taskforce.hooks import app_hooks

    inspection = inspection_factory()
    problem_factory(inspection, deadline=datetime.date(2019, 6, 30))
    problem_factory(inspection, deadline=datetime.date(2019, 12, 31))
    ankang = Region.objects.get(code="610900000000")
    [(_panel, data)] = panels_build(
        PanelContext(city_officer, ankang, 2019, datetime.date(2019, 7, 31)), keys=("rectification",)
    )
    figures = {f.label: f.value for f in data.figures}
    assert figures["问题总数"] == "2" and figures["超期未整改"] == "1"
    built = bulletin_build(BulletinContext(city_officer, ankang, datetime.date(2019, 7, 1)))
    sections = {section.key: data for section, data in built}
    assert "超期未整改1个" in sections["rectification"].summary
    assert sections["rectification"].criticised == ["汉滨区（超期未整改 1 个）"]
    assert dispatch_extend in app_hooks("dispatch_extend")
    [column] = dispatch_extend(user=city_officer, on=datetime.date(2019, 7, 31))
    assert column.by_county[HANBIN] == 1


def test_the_months_petitions_are_counted_in_the_bulletin(city_officer, hanbin_village):
    from jingzhun.rectification.models import Petition
    from jingzhun.regions.models import Region

    def petition(day, **fields):
        return Petition.objects.create(
            region=hanbin_village, received_on=day, petitioner="王某", content="反映低保评定问题", **fields
        )

    petition(datetime.date(2019, 7, 3), is_group=True, people=6)
    petition(datetime.date(2019, 7, 9), resolved=True, resolved_on=datetime.date(2019, 7, 20))
    petition(datetime.date(2019, 6, 30))  # June: not in July's figures
    ankang = Region.objects.get(code="610900000000")
    sections = {s.key: d for s, d in bulletin_build(BulletinContext(city_officer, ankang, datetime.date(2019, 7, 1)))}
    assert sections["petitions"].summary == "本月受理信访2件，其中集体访1件、重复访0件；办结1件。"
