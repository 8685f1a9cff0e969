"""Households per village, status and exit year (VillageHouseholdCounts), kept by the database on every write path."""

import pytest
from django.db import connection

from jingzhun.registry.kept_tables import kept_tables_ensure
from jingzhun.registry.models import Household, VillageHouseholdCounts
from jingzhun.registry.services import registry_delete
from jingzhun.registry.summaries import counts_by_prefix
from jingzhun.registry.tests.test_import import household_row, member_rows, run, workbook
from jingzhun.registry.villagecounts import VILLAGE_COUNTS

pytestmark = pytest.mark.django_db


def assert_counts_match(prefix: str = "61", digits: int = 12) -> None:
    """The kept counts give what grouping the households themselves gives, at any prefix length."""
    for length in (digits, 6, 4):
        live = sorted(Household.objects.in_region(prefix).counts_by_prefix(length))
        assert sorted(counts_by_prefix(prefix, length)) == live


def kept(village) -> dict[tuple[str, int], tuple[int, int]]:
    rows = VillageHouseholdCounts.objects.filter(village=village, households__gt=0)
    return {(r.status, r.exit_year): (r.households, r.people) for r in rows}


def test_households_created_one_by_one_are_counted_per_status_and_exit_year(household_factory, hanbin_village):
    household_factory(hanbin_village, members=3)
    household_factory(hanbin_village, members=2)
    household_factory(hanbin_village, members=4, status="1", exit_year=2018)
    assert kept(hanbin_village) == {("0", 0): (2, 5), ("1", 2018): (1, 4)}
    assert_counts_match()


def test_a_bulk_update_of_status_and_a_move_between_villages_are_counted(
    household_factory, hanbin_village, hanyin_village
):
    households = [household_factory(hanbin_village, members=2) for _ in range(3)]
    Household.objects.filter(pk__in=[h.pk for h in households[:2]]).update(status="1", exit_year=2019)
    Household.objects.filter(pk=households[2].pk).update(village=hanyin_village, size=5)
    assert kept(hanbin_village) == {("1", 2019): (2, 4)}
    assert kept(hanyin_village) == {("0", 0): (1, 5)}
    assert_counts_match()


def test_deletes_and_raw_sql_writes_are_counted(county_officer, household_factory, hanbin_village):
    first, second, third = (household_factory(hanbin_village, members=2) for _ in range(3))
    registry_delete(user=county_officer, instance=first, reason="重复建档")
    Household.objects.filter(pk=second.pk).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Household._meta.db_table} SET size = 7 WHERE id = %s", [third.pk])
    assert kept(hanbin_village) == {("0", 0): (1, 7)}
    assert_counts_match()


def test_the_workbook_import_counts_new_and_changed_households(county_officer, tmp_path, hanbin_village):
    codes = [f"{hanbin_village.code}{n:03d}" for n in (1, 2)]
    households = [household_row(hanbin_village, code, size=3) for code in codes]
    members = member_rows(hanbin_village, codes[0], size=3, start=1) + member_rows(
        hanbin_village, codes[1], size=3, start=2
    )
    assert run(county_officer, workbook(tmp_path / "first.xlsx", households, members)).written
    assert kept(hanbin_village) == {("0", 0): (2, 6)}
    households[0]["人数"] = 2
    members[1]["是否死亡"] = "是"  # the second member of the first household died
    outcome = run(county_officer, workbook(tmp_path / "second.xlsx", households, members))
    assert outcome.errors == [] and outcome.written
    assert kept(hanbin_village) == {("0", 0): (2, 5)}
    assert_counts_match()


def test_the_dashboard_figures_come_from_the_kept_counts(household_factory, hanbin_village):
    household_factory(hanbin_village, members=3, status="1", exit_year=2017)
    VillageHouseholdCounts.objects.filter(village=hanbin_village).update(people=99)  # what the page must read
    (count,) = counts_by_prefix(hanbin_village.code[:6], 6)
    assert (count.status, count.exit_year, count.households, count.people) == ("1", 2017, 1, 99)


def test_the_triggers_come_back_when_a_table_rebuild_drops_them(household_factory, hanbin_village):
    assert VILLAGE_COUNTS.missing(connection) == []
    VILLAGE_COUNTS.drop(connection)  # as SQLite does when a migration rebuilds the household table
    household_factory(hanbin_village, members=2)  # written while no trigger counts
    assert len(VILLAGE_COUNTS.missing(connection)) == 3

    kept_tables_ensure(using="default")

    assert VILLAGE_COUNTS.missing(connection) == []
    assert kept(hanbin_village) == {("0", 0): (1, 2)}  # recounted
    household_factory(hanbin_village, members=1)
    assert kept(hanbin_village) == {("0", 0): (2, 3)}


def test_a_bulk_insert_is_counted_with_the_households_already_there(household_factory, hanbin_village, hanyin_village):
    from jingzhun.core.bulk import insert_instances

    household_factory(hanbin_village, members=3)
    household_factory(hanbin_village, members=2, status="1", exit_year=2018)
    fields = {"main_cause": "01", "identification_year": 2015}
    new = [
        Household(code=f"{hanbin_village.code}9{n:02d}", village=hanbin_village, size=2, status="1", exit_year=2018)
        for n in range(3)
    ] + [Household(code=f"{hanyin_village.code}901", village=hanyin_village, size=4)]
    for household in new:
        for name, value in fields.items():
            setattr(household, name, value)
    insert_instances(Household, new)

    assert kept(hanbin_village) == {("0", 0): (1, 3), ("1", 2018): (4, 8)}
    assert kept(hanyin_village) == {("0", 0): (1, 4)}
    assert VILLAGE_COUNTS.missing(connection) == []  # the insert trigger is back (SQLite suspends it)
    assert_counts_match()
