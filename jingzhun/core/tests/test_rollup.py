"""The roll-up service: any measure of rows on the map, summed by region level in SQL."""

import pytest
from django.db.models import Count, Q, Sum

from jingzhun.core.rollup import children_rollup, region_rollup
from jingzhun.registry.models import Household, Member

pytestmark = pytest.mark.django_db

MEASURES = {"households": Count("pk"), "people": Sum("size")}


@pytest.fixture
def registry(household_factory, hanbin_village, hanbin_village_2, hanyin_village):
    household_factory(hanbin_village, members=3)
    household_factory(hanbin_village, members=2, status="1", exit_year=2018)
    household_factory(hanbin_village_2, members=4)
    household_factory(hanyin_village, members=1)


def test_it_sums_households_by_county_with_names(registry):
    rows = region_rollup(Household.objects.all(), code_field="village_id", level="county", measures=MEASURES)
    assert [(r.code, r.name, r.level, r["households"], r["people"]) for r in rows] == [
        ("610902000000", "汉滨区", "county", 3, 9),
        ("610921000000", "汉阴县", "county", 1, 1),
    ]
    assert rows[0].prefix == "610902"


def test_it_keeps_the_scope_of_the_queryset_it_is_given(registry, county_officer):
    rows = region_rollup(
        Household.objects.for_user(county_officer), code_field="village_id", level="prefecture", measures=MEASURES
    )
    assert [(r.code, r.name, r["households"]) for r in rows] == [("610900000000", "安康市", 3)]


def test_it_groups_by_village_at_the_lowest_level(registry, hanbin_village, hanbin_village_2):
    rows = region_rollup(
        Household.objects.all(),
        code_field="village_id",
        level="village",
        measures={"poor": Count("pk", filter=Q(status="0"))},
        within="610902",
    )
    assert [(r.code, r["poor"]) for r in rows] == [(hanbin_village.code, 1), (hanbin_village_2.code, 1)]
    assert rows[0].name == hanbin_village.name


def test_it_follows_a_code_path_through_a_relation(registry):
    rows = region_rollup(
        Member.objects.all(), code_field="household__village_id", level="province", measures={"members": Count("pk")}
    )
    assert [(r.code, r.name, r["members"]) for r in rows] == [("610000000000", "陕西省", 10)]


def test_include_empty_lists_divisions_without_rows(registry, hanbin_village):
    township = hanbin_village.code[:9]
    rows = region_rollup(
        Household.objects.all(),
        code_field="village_id",
        level="village",
        measures=MEASURES,
        within=township,
        include_empty=True,
    )
    assert len(rows) > 1
    by_code = {r.code: r for r in rows}
    assert by_code[hanbin_village.code]["households"] == 2
    assert any(r["households"] is None for r in rows)
    assert all(r.code.startswith(township) for r in rows)


def test_children_rollup_lists_every_child_of_a_county(registry):
    rows = children_rollup(
        Household.objects.all(), code_field="village_id", region_code="610902000000", measures=MEASURES
    )
    assert {r.level for r in rows} == {"township"}
    assert all(r.code.startswith("610902") for r in rows)
    assert sum(r["households"] or 0 for r in rows) == 3


def test_children_rollup_of_a_village_is_empty(registry, hanbin_village):
    assert (
        children_rollup(
            Household.objects.all(), code_field="village_id", region_code=hanbin_village.code, measures=MEASURES
        )
        == []
    )


def test_it_takes_two_queries_whatever_the_number_of_rows(registry, django_assert_num_queries):
    with django_assert_num_queries(2):
        region_rollup(Household.objects.all(), code_field="village_id", level="township", measures=MEASURES)


def test_it_needs_a_measure():
    with pytest.raises(ValueError):
        region_rollup(Household.objects.all(), code_field="village_id", level="county", measures={})
