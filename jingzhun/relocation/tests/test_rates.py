"""Every rate at both sides of its threshold, by site and grouped, and the rates command."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from jingzhun.core.parameters import parameter_set
from jingzhun.relocation import rates
from jingzhun.relocation.models import Relocation, Renovation, Site

pytestmark = pytest.mark.django_db


def only(site):
    [row] = rates.site_rates(Site.objects.filter(pk=site.pk))
    return row


def test_completion_and_facility_rates(site_factory):
    site = site_factory(planned_units=200, completed_units=150, facilities_planned=6, facilities_completed=6)
    row = only(site)
    assert row.completion_rate == Decimal("0.75")
    assert row.facility_rate == Decimal("1")
    empty = site_factory(planned_units=0, completed_units=0, facilities_planned=0, facilities_completed=0)
    assert only(empty).completion_rate is None and only(empty).facility_rate is None


def test_occupancy_counts_moved_in_households_only_when_units_are_completed(
    site_factory, relocation_factory, household_factory, hanbin_village
):
    site = site_factory()
    relocation_factory(household_factory(hanbin_village), site=site)
    relocation_factory(household_factory(hanbin_village), site=site, moved_in_on=None)
    relocation_factory(household_factory(hanbin_village), site=site, keys_on=None, moved_in_on=None)
    assert only(site).occupancy_rate == Decimal("0.3333")
    Site.objects.filter(pk=site.pk).update(completed_units=0)
    assert only(site).occupancy_rate is None


def test_reclamation_excludes_kept_houses(site_factory, relocation_factory, household_factory, hanbin_village):
    site = site_factory()
    for old_house in ("demolished", "reclaimed", "pending", "kept", "kept"):
        relocation_factory(household_factory(hanbin_village), site=site, old_house=old_house)
    assert only(site).reclamation_rate == Decimal("0.6667")  # 2 of the 3 not kept


def test_grouped_rates_by_township_county_and_batch(
    site_factory, relocation_factory, household_factory, hanbin_village
):
    a = site_factory(planned_units=100, completed_units=100)
    b = site_factory(planned_units=100, completed_units=50)
    relocation_factory(household_factory(hanbin_village), site=a, batch_year=2016)
    relocation_factory(household_factory(hanbin_village), site=b, batch_year=2018, moved_in_on=None)
    sites, relocations = Site.objects.all(), Relocation.objects.all()
    [county] = rates.grouped_rates(sites, relocations, by="county")
    assert county.label == "汉滨区"
    assert county.completion_rate == Decimal("0.75") and county.occupancy_rate == Decimal("0.5")
    [township] = rates.grouped_rates(sites, relocations, by="township")
    assert township.households == 2
    batches = {r.code: r for r in rates.grouped_rates(sites, relocations, by="batch")}
    assert batches["2016"].occupancy_rate == Decimal("1") and batches["2016"].completion_rate == Decimal("1")
    assert batches["2018"].occupancy_rate == Decimal("0") and batches["2018"].completion_rate == Decimal("0.5")


def test_renovation_on_time_rate_at_both_sides_of_the_deadline(renovation_factory, household_factory, hanbin_village):
    day = datetime.date(2019, 10, 31)
    renovation_factory(household_factory(hanbin_village), accepted_on=day, moved_in_on=day)
    late = day + datetime.timedelta(days=1)
    renovation_factory(household_factory(hanbin_village), accepted_on=day, moved_in_on=late)
    renovation_factory(household_factory(hanbin_village))
    [row] = rates.renovation_rates(Renovation.objects.all(), year=2019)
    assert (row.planned, row.accepted, row.on_time, row.rate) == (3, 2, 1, Decimal("0.3333"))


def test_renovation_deadline_is_a_parameter(city_officer, renovation_factory, household_factory, hanbin_village):
    renovation_factory(
        household_factory(hanbin_village),
        accepted_on=datetime.date(2019, 11, 20),
        moved_in_on=datetime.date(2019, 11, 20),
    )
    assert rates.renovation_rates(Renovation.objects.all(), year=2019)[0].on_time == 0
    parameter_set(
        user=city_officer,
        name="relocation.renovation_deadline",
        value=(11, 30),
        year_from=2019,
        source="安康市住建局文件",
        reason="延期",
    )
    assert rates.renovation_rates(Renovation.objects.all(), year=2019)[0].on_time == 1


def test_relocation_rates_command_writes_one_row_per_site(
    site_factory, relocation_factory, household_factory, hanbin_village, hanyin_village, tmp_path
):
    site = site_factory(planned_units=4, completed_units=2, facilities_planned=5, facilities_completed=4)
    site_factory(region=hanyin_village)
    relocation_factory(household_factory(hanbin_village), site=site, old_house="demolished")
    relocation_factory(household_factory(hanbin_village), site=site, moved_in_on=None, old_house="kept")
    out = tmp_path / "rates.csv"
    call_command("relocation_rates", "--region", "610902", "--out", str(out), stderr=io.StringIO())
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0] == ["site", "completion_rate", "facility_rate", "occupancy_rate", "reclamation_rate"]
    assert rows[1:] == [[site.code, "0.5000", "0.8000", "0.5000", "1.0000"]]
    stdout = io.StringIO()
    call_command("relocation_rates", stdout=stdout)
    assert len(stdout.getvalue().strip().splitlines()) == 3


def test_the_registry_housing_facts_follow_the_ledger(
    county_officer, relocation_factory, household_factory, hanbin_village, hanyin_village
):
    from jingzhun.registry.models import HouseholdYear
    from jingzhun.relocation.services import relocation_registry_sync

    moved, waiting, later, typed = (household_factory(hanbin_village) for _ in range(4))
    elsewhere = household_factory(hanyin_village)
    relocation_factory(moved)
    relocation_factory(waiting, moved_in_on=None)
    relocation_factory(later, batch_year=2020, keys_on=None, moved_in_on=None)
    relocation_factory(elsewhere)
    HouseholdYear.objects.filter(household=typed).update(relocated=True, relocation_moved_in=True)
    assert relocation_registry_sync(user=county_officer, year=2019, prefix="610902") == 4
    facts = {y.household_id: (y.relocated, y.relocation_moved_in) for y in HouseholdYear.objects.filter(year=2019)}
    assert facts[moved.pk] == (True, True) and facts[moved.pk]
    assert facts[waiting.pk] == (True, False)
    assert facts[later.pk] == (False, False) and facts[typed.pk] == (False, False)
    assert facts[elsewhere.pk] == (False, False)  # outside the county office's scope: untouched
    assert HouseholdYear.objects.get(household=moved, year=2019).housing_safe
    assert relocation_registry_sync(user=county_officer, year=2019, prefix="610902") == 0
