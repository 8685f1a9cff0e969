"""Relocation in the command centre: the sites of the place, built and moved in."""

import datetime

import pytest

from jingzhun.core.panels import PanelContext, panels_build

pytestmark = pytest.mark.django_db


def test_the_relocation_panel_counts_the_sites_of_the_place_only(
    site_factory, relocation_factory, household_factory, hanbin_village, hanyin_village, county_officer
):
    from jingzhun.regions.models import Region

    site = site_factory()  # 100 units planned, 80 built
    relocation_factory(household_factory(hanbin_village, members=2), site=site)
    site_factory(region=hanyin_village)  # another county: not counted
    hanbin = Region.objects.get(code="610902000000")
    [(_panel, data)] = panels_build(
        PanelContext(county_officer, hanbin, 2019, datetime.date(2019, 12, 31)), keys=("relocation",)
    )
    figures = {f.label: f.value for f in data.figures}
    assert figures["安置点"] == "1个" and figures["搬迁户"] == "1户"
    assert figures["住房建成率"] == "80.0%" and figures["搬迁入住率"] == "100.0%"
