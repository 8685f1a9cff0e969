"""Member counts per household (HouseholdMemberCounts), kept by the database on every write path."""

import datetime

import pytest
from django.db import connection
from django.db.models import Count, Q

from jingzhun.core.idnumbers import make_id_number
from jingzhun.registry.models import Household, HouseholdMemberCounts, Member
from jingzhun.registry.services import member_save, registry_delete
from jingzhun.registry.tests.test_import import household_row, member_rows, run, workbook

pytestmark = pytest.mark.django_db

LIVING = Q(members__deceased=False, members__moved_out=False)


def counted_from_members() -> dict[int, tuple[int, int, int]]:
    """Return (living, insured, heads) per household, counted from the members themselves."""
    rows = Household.objects.annotate(
        living=Count("members", filter=LIVING),
        insured=Count(
            "members",
            filter=LIVING & Q(members__medical_insurance=True, members__serious_illness_insurance=True),
        ),
        heads=Count("members", filter=Q(members__relation="01")),
    ).values_list("pk", "living", "insured", "heads")
    return {pk: (living, insured, heads) for pk, living, insured, heads in rows}


def stored() -> dict[int, tuple[int, int, int]]:
    """Return the stored counts, leaving out rows that count nobody (a household whose members all left)."""
    rows = HouseholdMemberCounts.objects.values_list("household_id", "living", "insured", "heads")
    return {pk: (living, insured, heads) for pk, living, insured, heads in rows}


def assert_counts_match() -> None:
    expected = {pk: counts for pk, counts in counted_from_members().items() if counts != (0, 0, 0)}
    actual = {pk: counts for pk, counts in stored().items() if counts != (0, 0, 0)}
    assert actual == expected
    assert set(stored()) <= set(counted_from_members())  # no row outlives its household


def new_member(household: Household, n: int, **fields) -> Member:
    """Return an unsaved child of ``household`` with code and ID number of its own (``n``)."""
    birth = datetime.date(2008, 5, 1)
    return Member(
        household=household,
        code=f"{household.code}{n:02d}",
        name=f"新成员{n}",
        id_number=make_id_number(household.village_id[:6], birth, 900 + n),
        relation="03",
        sex="1",
        birth_date=birth,
        **fields,
    )


def add_member(household: Household, n: int, **fields) -> Member:
    member = new_member(household, n, **fields)
    member.save()
    return member


def test_members_created_one_by_one_are_counted(household_factory, hanbin_village):
    household = household_factory(hanbin_village, members=3)
    add_member(household, 7, medical_insurance=True)  # basic insurance only: living, not insured
    add_member(household, 8, deceased=True, medical_insurance=True, serious_illness_insurance=True)
    assert HouseholdMemberCounts.objects.get(household=household).living == 4
    assert HouseholdMemberCounts.objects.get(household=household).insured == 3
    assert HouseholdMemberCounts.objects.get(household=household).heads == 1
    assert_counts_match()


def test_a_member_marked_deceased_through_the_service_leaves_the_count(
    county_officer, household_factory, hanbin_village
):
    household = household_factory(hanbin_village, members=3)
    member = household.members.get(code=f"{household.code}02")
    member.deceased = True
    member_save(user=county_officer, member=member, expected_version=member.version, reason="已死亡")
    assert HouseholdMemberCounts.objects.get(household=household).living == 2
    assert HouseholdMemberCounts.objects.get(household=household).insured == 2
    assert_counts_match()


def test_a_bulk_update_of_members_is_counted(household_factory, hanbin_village):
    households = [household_factory(hanbin_village, members=3) for _ in range(3)]
    Member.objects.filter(relation="03").update(moved_out=True)
    Member.objects.filter(household=households[0]).update(serious_illness_insurance=False)
    assert [HouseholdMemberCounts.objects.get(household=h).living for h in households] == [1, 1, 1]
    assert HouseholdMemberCounts.objects.get(household=households[0]).insured == 0
    Member.objects.filter(household=households[1]).update(moved_out=False)  # they came back
    assert HouseholdMemberCounts.objects.get(household=households[1]).living == 3
    assert_counts_match()


def test_a_member_moved_to_another_household_is_counted_in_the_new_one(household_factory, hanbin_village):
    first, second = household_factory(hanbin_village, members=3), household_factory(hanbin_village, members=1)
    Member.objects.filter(code=f"{first.code}03").update(household=second)
    assert HouseholdMemberCounts.objects.get(household=first).living == 2
    assert HouseholdMemberCounts.objects.get(household=second).living == 2
    assert_counts_match()


def test_deleting_a_member_or_a_household_through_the_service_updates_the_counts(
    county_officer, household_factory, hanbin_village
):
    kept, deleted = household_factory(hanbin_village, members=3), household_factory(hanbin_village, members=2)
    registry_delete(user=county_officer, instance=kept.members.get(code=f"{kept.code}03"), reason="重复录入")
    deleted_pk = deleted.pk  # the delete sets it to None
    registry_delete(user=county_officer, instance=deleted, reason="重复建档")
    assert HouseholdMemberCounts.objects.get(household=kept).living == 2
    assert not HouseholdMemberCounts.objects.filter(household_id=deleted_pk).exists()
    Member.objects.filter(household=kept).exclude(relation="01").delete()  # a queryset delete
    assert HouseholdMemberCounts.objects.get(household=kept).living == 1
    assert_counts_match()


def test_raw_sql_writes_are_counted(household_factory, hanbin_village):
    household = household_factory(hanbin_village, members=2)
    table = Member._meta.db_table
    with connection.cursor() as cursor:
        sql = f"UPDATE {table} SET deceased = %s WHERE household_id = %s AND relation = '03'"
        cursor.execute(sql, [True, household.pk])
    assert HouseholdMemberCounts.objects.get(household=household).living == 1
    assert_counts_match()


def test_the_workbook_import_counts_new_and_changed_members(county_officer, tmp_path, hanbin_village):
    codes = [f"{hanbin_village.code}{n:03d}" for n in (1, 2)]
    households = [household_row(hanbin_village, code, size=3) for code in codes]
    members = member_rows(hanbin_village, codes[0], size=3, start=1) + member_rows(
        hanbin_village, codes[1], size=3, start=2
    )
    assert run(county_officer, workbook(tmp_path / "first.xlsx", households, members)).written
    assert [HouseholdMemberCounts.objects.get(household__code=c).living for c in codes] == [3, 3]

    members[1]["是否死亡"] = "是"  # the second member of the first household died
    households[0]["人数"] = 2
    members[4]["是否参加大病保险"] = "否"
    outcome = run(county_officer, workbook(tmp_path / "second.xlsx", households, members))
    assert outcome.errors == [] and outcome.written
    assert HouseholdMemberCounts.objects.get(household__code=codes[0]).living == 2
    assert HouseholdMemberCounts.objects.get(household__code=codes[1]).insured == 2
    assert_counts_match()


def test_the_triggers_come_back_when_a_table_rebuild_drops_them(household_factory, hanbin_village):
    from django.db import connection

    from jingzhun.registry.kept_tables import kept_tables_ensure
    from jingzhun.registry.membercounts import member_count_triggers_drop, member_count_triggers_missing

    assert member_count_triggers_missing(connection) == []
    member_count_triggers_drop(connection)  # as SQLite does when a migration rebuilds the table
    household = household_factory(hanbin_village, members=2)  # written while no trigger counts
    assert len(member_count_triggers_missing(connection)) == 4

    kept_tables_ensure(using="default")

    assert member_count_triggers_missing(connection) == []
    assert_counts_match()  # recounted
    add_member(household, 9)
    assert HouseholdMemberCounts.objects.get(household=household).living == 3


def bulk_members(household: Household, numbers: range, **fields) -> list[Member]:
    return [new_member(household, n, **fields) for n in numbers]


def test_a_bulk_insert_is_counted_with_the_members_already_there(household_factory, hanbin_village):
    from jingzhun.core.bulk import insert_instances
    from jingzhun.registry.membercounts import member_count_triggers_missing

    first, second = household_factory(hanbin_village, members=3), household_factory(hanbin_village, members=1)
    members = bulk_members(first, range(10, 13), deceased=True) + bulk_members(
        second, range(10, 12), medical_insurance=True, serious_illness_insurance=True
    )
    insert_instances(Member, members)

    assert HouseholdMemberCounts.objects.get(household=first).living == 3  # the three new ones died
    assert HouseholdMemberCounts.objects.get(household=second).living == 3
    assert_counts_match()
    assert member_count_triggers_missing(connection) == []  # back after the insert (SQLite suspends it)
    add_member(second, 20)  # and counting again
    assert HouseholdMemberCounts.objects.get(household=second).living == 4


def test_a_failed_bulk_insert_keeps_the_trigger_and_the_counts(household_factory, hanbin_village):
    from django.db import IntegrityError, transaction

    from jingzhun.core.bulk import insert_instances
    from jingzhun.registry.membercounts import member_count_triggers_missing

    household = household_factory(hanbin_village, members=2)
    members = bulk_members(household, range(10, 12)) + bulk_members(household, range(10, 11))  # a code twice
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_instances(Member, members)

    assert member_count_triggers_missing(connection) == []
    assert HouseholdMemberCounts.objects.get(household=household).living == 2
    add_member(household, 20)
    assert HouseholdMemberCounts.objects.get(household=household).living == 3
    assert_counts_match()
