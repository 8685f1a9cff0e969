"""The shape of the registry's big reads: few queries, served by indexes, same results.

Nothing here times anything. The tests pin what makes the dashboard, the household list
and its search fast on a city-sized registry (benchmarks/registry_pages.py measures it):
a fixed number of queries whatever the number of child regions, prefix searches that an
index serves on SQLite and PostgreSQL alike, and results identical to the plain
aggregates and lookups they replace.
"""

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from jingzhun.core.regioncodes import prefix_successor, region_prefix, text_prefix_q
from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.filters import HouseholdFilter
from jingzhun.registry.models import Household, Member
from jingzhun.registry.summaries import region_overview

pytestmark = pytest.mark.django_db

ANKANG = "610900000000"
HANBIN = "610902000000"


def explain(queryset) -> str:
    """Return the plan of ``queryset`` as text (ordered index reads preferred on PostgreSQL).

    A test table holds a handful of rows, for which PostgreSQL rightly prefers reading
    the table and sorting; switching those plans off shows which index it can use instead.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for plan in ("seqscan", "bitmapscan", "sort"):
                cursor.execute(f"SET LOCAL enable_{plan} = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(row[-1] for row in cursor.fetchall())


def villages(prefix: str, count: int) -> list[Region]:
    return list(Region.objects.filter(level="village", code__startswith=prefix).order_by("code")[:count])


@pytest.fixture
def registry(household_factory):
    """Households in villages of three townships of two counties, in every status."""
    places = villages("610902001", 2) + villages("610902002", 1) + villages("610921", 2)
    plan = [("0", None), ("1", 2016), ("1", 2018), ("3", 2017), ("4", 2019), ("0", None)]
    for i, village in enumerate(places):
        for j, (status, exit_year) in enumerate(plan[: 2 + i]):
            household_factory(village, members=1 + (i + j) % 4, status=status, exit_year=exit_year)
        VillageYear.objects.create(
            village=village, year=2019, rural_population=100 * (i + 1), is_poor_village=i % 2 == 0
        )
        VillageYear.objects.create(village=village, year=2018, rural_population=7)
    return places


# --- dashboard figures -----------------------------------------------------------------


def naive_figures(prefix: str, year: int) -> tuple[dict, int, int]:
    facts = VillageYear.objects.in_region(prefix).filter(year=year)
    population = facts.aggregate(p=Sum("rural_population"))["p"] or 0
    poor_villages = facts.filter(is_poor_village=True).count()
    return Household.objects.in_region(prefix).summary(), population, poor_villages


@pytest.mark.parametrize(("code", "year"), [(ANKANG, 2019), (HANBIN, 2019), ("610902001000", 2018), (ANKANG, 2030)])
def test_the_overview_equals_one_plain_aggregate_per_region(registry, code, year):
    region = Region.objects.get(code=code)
    overview = region_overview(region, year=year)

    assert (overview.figures.figures, overview.figures.rural_population, overview.figures.poor_villages) == (
        naive_figures(region.prefix, year)
    )
    children = list(Region.objects.filter(parent=region).order_by("code"))
    assert [row.region for row in overview.children] == children
    for row in overview.children:
        assert (row.figures, row.rural_population, row.poor_villages) == naive_figures(row.region.prefix, year)
    assert overview.exits == Household.objects.in_region(region.prefix).exits_by_year()


def test_a_village_has_figures_and_no_children(registry):
    village = registry[0]
    overview = region_overview(village, year=2019)
    assert overview.children == []
    assert overview.figures.figures == Household.objects.in_region(village.prefix).summary()


def test_an_empty_region_has_zero_figures():
    region = Region.objects.get(code="610925000000")
    overview = region_overview(region, year=2019)
    assert set(overview.figures.figures.values()) == {0}
    assert overview.exits == []
    assert all(set(row.figures.values()) == {0} for row in overview.children)


def dashboard_queries(client, code: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard"), {"region": code}).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_dashboard_makes_the_same_few_queries_for_10_counties_28_townships_or_one_village(
    client_for, city_officer, registry
):
    client = client_for(city_officer)
    city = dashboard_queries(client, ANKANG)
    county = dashboard_queries(client, HANBIN)
    village = dashboard_queries(client, registry[0].code)

    assert len(city) == len(county) <= 9
    assert len(village) == len(city)  # no child regions to read, but its own households (one query)
    # The household figures are added up from the counts kept per village, not from the households.
    assert sum("registry_villagehouseholdcounts" in sql for sql in city) == 1
    assert not any('"registry_household"' in sql for sql in city)


def test_the_household_figures_are_read_from_the_covering_index():
    counts = Household.objects.in_region("6109").order_by().values("village_id", "status", "exit_year")
    plan = explain(counts.annotate(households=Count("*"), people=Sum("size")))
    assert "household_village_figures" in plan
    assert "TEMP B-TREE" not in plan  # SQLite groups in index order, without sorting


# --- prefix search ---------------------------------------------------------------------


@given(text=st.text(max_size=6), prefix=st.text(max_size=3))
def test_the_successor_bounds_exactly_the_strings_with_the_prefix(text, prefix):
    upper = prefix_successor(prefix)
    in_range = prefix <= text and (upper is None or text < upper)
    assert in_range == text.startswith(prefix)


@pytest.mark.parametrize(
    ("prefix", "successor"),
    [
        ("王", "玌"),
        ("龥", "龦"),
        ("\u9fff", "\ua000"),
        ("\u07ff", "\u0800"),  # 2 → 3 UTF-8 bytes
        ("\uffff", "\U00010000"),  # 3 → 4 UTF-8 bytes
        ("\ud7ff", "\ue000"),  # the surrogates are skipped
        ("王\U0010ffff", "玌"),
        ("\U0010ffff", None),
        ("", None),
    ],
)
def test_the_successor_at_code_point_boundaries(prefix, successor):
    assert prefix_successor(prefix) == successor


NAMES = [
    "王",
    "王芳",
    "王秀英",
    "汪洋",
    "玌",
    "王\u9fff",
    "王\ua000",
    "龥",
    "\u9fff明",
    "\ua000",
    "\ud7ff甲",
    "\ue000乙",
    "\U00020000丙",
    "\uffff丁",
    "\U00010000戊",
    "王_x",
    "王%",
    "王\\",
    "wang",
    "Wang",
]


@pytest.fixture
def named(household_factory, hanbin_village):
    """One household per name above; each name is its head's, its second member is 成员."""
    households = {}
    for name in NAMES:
        household = household_factory(hanbin_village, members=2)
        Member.objects.filter(household=household, relation="01").update(name=name)
        households[name] = household
    return households


SEARCHES = ["王", "王芳", "王秀", "玌", "王\u9fff", "龥", "\u9fff", "\ud7ff", "\ue000", "\U00020000", "\uffff"]
SEARCHES += ["王_", "王%", "王\\", "w", "W", "成员"]


@pytest.mark.parametrize("text", SEARCHES)
def test_name_search_finds_exactly_the_households_with_a_member_whose_name_starts_with_it(named, text):
    expected = {
        household.pk
        for household in Household.objects.all()
        if any(member.name.startswith(text) for member in household.members.all())
    }
    assert set(Household.objects.search(text).values_list("pk", flat=True)) == expected
    assert Household.objects.search(text).count() == len(expected)


def test_name_search_is_case_sensitive_on_every_database(named):
    assert list(Household.objects.search("w")) == [named["wang"]]
    assert list(Household.objects.search("W")) == [named["Wang"]]


def test_search_by_id_prefix_or_code_prefix(household_factory, hanbin_village, hanyin_village):
    first = household_factory(hanbin_village, members=2)
    second = household_factory(hanyin_village)
    Member.objects.filter(pk=second.members.get().pk).update(id_number="61092119800101123X")
    member = first.members.order_by("code").last()

    assert list(Household.objects.search(member.id_number[:10])) == [first]
    assert list(Household.objects.search(member.id_number)) == [first]
    assert list(Household.objects.search("61092119800101123x")) == [second]
    assert list(Household.objects.search(first.code)) == [first]
    assert set(Household.objects.search(hanbin_village.code[:6])) == {first}
    assert set(Household.objects.search("61")) == {first, second}
    assert not Household.objects.search("62").exists()


def test_id_search_equals_the_plain_exists_lookup(household_factory, hanbin_village, hanyin_village):
    for village in (hanbin_village, hanyin_village) * 3:
        household_factory(village, members=3)
    for text in ("61", "610902", "6109021970", "610921001", "6109210010000"):
        holders = Member.objects.filter(household=OuterRef("pk"), id_number__startswith=text)
        plain = Household.objects.filter(Q(code__startswith=text) | Q(Exists(holders)))
        assert set(Household.objects.search(text)) == set(plain)


def test_the_name_search_is_read_from_the_name_index():
    plan = explain(Member.objects.filter(text_prefix_q("name", "王")).order_by().values("household_id"))
    assert "member_name_household" in plan


def test_the_id_and_code_searches_are_read_from_their_indexes():
    assert "registry_member_id_number" in explain(
        Member.objects.filter(text_prefix_q("id_number", "610902")).order_by()
    )
    plan = explain(Household.objects.filter(text_prefix_q("code", "610902")).order_by().values("pk"))
    assert "registry_household_code" in plan or "sqlite_autoindex_registry_household_1" in plan


def test_on_sqlite_a_prefix_is_a_range_and_on_postgresql_a_like():
    sql = str(Member.objects.filter(text_prefix_q("name", "王")).query)
    if connection.vendor == "sqlite":
        assert "LIKE" not in sql and ">= 王" in sql and "< 玌" in sql
    else:
        assert "LIKE" in sql


@pytest.mark.parametrize("code", ["village", "610902001000", HANBIN, "610902", "6109", "6110"])
def test_a_region_filter_keeps_exactly_the_households_of_that_region(registry, code):
    code = registry[0].code if code == "village" else code
    scoped = Household.objects.in_region("6109")
    prefix = region_prefix(code)
    filtered = HouseholdFilter({"region": code}, queryset=scoped).qs
    assert set(filtered) == {h for h in scoped if h.village_id.startswith(prefix)}


def test_a_village_filter_is_read_by_the_village_not_by_the_scope(registry):
    filtered = HouseholdFilter({"region": registry[0].code}, queryset=Household.objects.in_region("6109")).qs
    plan = explain(filtered.order_by().values("pk"))
    equality = "village_id=?" if connection.vendor == "sqlite" else "(village_id)::text = "
    assert equality in plan


# --- household list --------------------------------------------------------------------


@pytest.fixture
def many(household_factory, hanbin_village, hanyin_village):
    households = [household_factory(v) for v in (hanbin_village, hanyin_village) * 60]
    return sorted(households, key=lambda h: h.code)


@pytest.mark.parametrize("page", [1, 2, 3])
def test_each_list_page_shows_the_households_of_that_page_in_code_order(client_for, city_officer, many, page):
    response = client_for(city_officer).get(reverse("registry:household-list"), {"page": page})
    rows = list(response.context["object_list"])
    assert [h.code for h in rows] == [h.code for h in many[(page - 1) * 50 : page * 50]]
    assert response.context["paginator"].count == 120
    heads = {m.household_id: m for m in Member.objects.filter(relation="01")}
    assert [(h.head_name, h.head_id_number) for h in rows] == [(heads[h.pk].name, heads[h.pk].id_number) for h in rows]


def test_a_list_page_past_the_end_is_404(client_for, city_officer, many):
    assert client_for(city_officer).get(reverse("registry:household-list"), {"page": 4}).status_code == 404


def test_a_search_page_shows_only_matches_in_scope(client_for, county_officer, many):
    response = client_for(county_officer).get(reverse("registry:household-list"), {"q": "成员"})
    in_scope = [h.code for h in many if h.code.startswith("610902")]
    assert [h.code for h in response.context["object_list"]] == in_scope[:50]
    assert response.context["paginator"].count == len(in_scope) == 60


def test_a_full_list_page_costs_one_query_more_than_an_empty_one(client_for, city_officer, many):
    """The COUNT and the page's rows, keys and heads included: nothing per row."""
    client = client_for(city_officer)
    with CaptureQueriesContext(connection) as empty:
        client.get(reverse("registry:household-list"), {"q": "无此人"})
    with CaptureQueriesContext(connection) as full:
        client.get(reverse("registry:household-list"))
    assert len(full.captured_queries) == len(empty.captured_queries) + 1
