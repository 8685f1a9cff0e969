"""Every check of the catalogue on hand-made households that must and must not trip it."""

import datetime

import pytest
from stdnum.cn import ric

from jingzhun.core.idnumbers import make_id_number
from jingzhun.quality.checks import CATALOGUE, CheckContext, catalogue
from jingzhun.quality.engine import hits_queryset
from jingzhun.registry.models import Household, HouseholdYear, Member

from .conftest import YEAR, child_birth, members_of, set_household, set_member, set_year

pytestmark = pytest.mark.django_db

# The catalogue's own checks over the registry (the apps above test the checks they add over their ledgers).
REGISTRY_CHECKS = [
    c.code
    for c in catalogue()
    if not c.code.startswith("CMP-") and c.code != "EX-04" and c.query.__module__.startswith("jingzhun.quality.")
]


def tripped(code, prefix="6109", year=YEAR):
    """Return the entity keys (household code or member code) the check returns."""
    qs = hits_queryset(CATALOGUE[code], CheckContext(prefix=prefix, year=year), 0)
    return {row["h_entity_key"] for row in qs}


def test_the_catalogue_has_at_least_thirty_checks_with_all_their_texts():
    checks = catalogue()
    assert len(checks) >= 30
    assert len({c.code for c in checks}) == len(checks)
    for c in checks:
        assert c.title and c.explanation and c.how_to_fix
        assert c.severity in ("error", "warning") and c.entity in ("household", "member")


@pytest.mark.parametrize("code", REGISTRY_CHECKS)
def test_a_clean_household_trips_no_check(clean_household, code):
    clean_household()
    assert tripped(code) == set()


def _wrong_check_digit(number):
    correct = ric.calc_check_digit(number[:17])
    return next(c for c in "123456789X" if c != correct)


def _other_household(household_factory, village, id_number, relation="99"):
    other = household_factory(village, members=1)
    Member.objects.create(
        household=other,
        code=f"{other.code}09",
        name="重复者",
        id_number=id_number,
        relation=relation,
        sex="1",
        birth_date=datetime.date(1970, 3, 1),
    )
    return other


def trip_id_checksum(h, ms, ctx):
    set_member(ms[1], id_number=ms[1].id_number[:17] + _wrong_check_digit(ms[1].id_number))
    return {ms[1].code}


def trip_id_legacy(h, ms, ctx):
    number = ms[1].id_number
    set_member(ms[1], id_number=number[:6] + number[8:17])
    return {ms[1].code}


def trip_id_format(h, ms, ctx):
    set_member(ms[1], id_number="61090219700301")
    return {ms[1].code}


def trip_id_excel(h, ms, ctx):
    set_member(ms[1], id_number="6.10902E+17")
    return {ms[1].code}


def trip_id_sex(h, ms, ctx):
    set_member(ms[1], sex="2")
    return {ms[1].code}


def trip_id_birth(h, ms, ctx):
    set_member(ms[1], birth_date=ms[1].birth_date + datetime.timedelta(days=1))
    return {ms[1].code}


def trip_dup_county(h, ms, ctx):
    other = _other_household(ctx["factory"], ctx["village2"], ms[1].id_number)
    return {ms[1].code, f"{other.code}09"}


def trip_dup_other_county(h, ms, ctx):
    _other_household(ctx["factory"], ctx["hanyin"], ms[1].id_number)
    return {ms[1].code}  # the other county's member is outside the 汉滨区 run below


def trip_dup_household(h, ms, ctx):
    Member.objects.create(
        household=h,
        code=f"{h.code}09",
        name="重复",
        id_number=ms[1].id_number,
        relation="99",
        sex="1",
        birth_date=ms[1].birth_date,
    )
    set_household(h, size=4)
    return {ms[1].code, f"{h.code}09"}


def trip_dup_head(h, ms, ctx):
    other = ctx["factory"](ctx["village2"], members=1)
    Member.objects.filter(household=other).update(id_number=ms[0].id_number)
    return {h.code, other.code}


def trip_no_head(h, ms, ctx):
    set_member(ms[0], relation="99")
    return {h.code}


def trip_same_sex(h, ms, ctx):
    set_member(ms[1], relation="02")
    return {h.code}


def trip_size(h, ms, ctx):
    set_household(h, size=4)
    return {h.code}


def trip_child_older(h, ms, ctx):
    set_member(ms[1], birth_date=datetime.date(1955, 1, 1))
    return {ms[1].code}


def trip_parent_younger(h, ms, ctx):
    set_member(ms[1], relation="09")
    return {ms[1].code}


def trip_no_living(h, ms, ctx):
    Member.objects.filter(household=h).update(deceased=True)
    return {h.code}


def trip_cause(cause):
    def trip(h, ms, ctx):
        set_household(h, main_cause=cause)
        return {h.code}

    return trip


def trip_labour(h, ms, ctx):
    set_household(h, main_cause="08")
    Member.objects.filter(pk__in=[ms[1].pk, ms[2].pk]).update(labour="1")
    return {h.code}


def trip_dibao_household(h, ms, ctx):
    set_household(h, attribute="04")
    return {h.code}


def trip_tekun_worker(h, ms, ctx):
    set_household(h, attribute="06")
    Member.objects.filter(household=h).update(tekun=True)
    set_member(ms[1], labour="1")
    return {h.code}


def trip_dibao_member(h, ms, ctx):
    set_member(ms[1], dibao=True)
    return {ms[1].code}


def trip_tekun_member(h, ms, ctx):
    set_member(ms[1], tekun=True)
    return {ms[1].code}


def trip_income(h, ms, ctx):
    set_year(h, business_income=-8000, wage_income=2000, production_cost=0)
    return {h.code}


def trip_business_cost(h, ms, ctx):
    set_year(h, business_income=3000, production_cost=0)
    return {h.code}


def trip_wages(h, ms, ctx):
    set_year(h, wage_income=25000)
    return {h.code}


def trip_missing_year(h, ms, ctx):
    HouseholdYear.objects.filter(household=h).delete()
    return {h.code}


def trip_school_unknown(h, ms, ctx):
    set_member(ms[2], birth_date=child_birth(10))
    return {ms[2].code}


def trip_grade_age(h, ms, ctx):
    set_member(ms[2], birth_date=child_birth(17), school_status="03")
    return {ms[2].code}


def trip_dropout(h, ms, ctx):
    set_member(ms[2], birth_date=child_birth(12), dropout_reason="4")
    return {ms[2].code}


def trip_insurance(h, ms, ctx):
    set_member(ms[1], medical_insurance=False)
    return {ms[1].code}


def trip_exit_same_year(h, ms, ctx):
    set_household(h, status="1", exit_year=2015)
    return {h.code}


def trip_exit_below(h, ms, ctx):
    set_household(h, status="1", exit_year=2018)
    set_year(h, wage_income=11241, business_income=0, production_cost=0)  # 3 × 3747: not strictly above
    return {h.code}


def trip_exit_year_below(h, ms, ctx):
    set_household(h, status="1", exit_year=2018)
    set_year(h, year=2018, wage_income=3000, business_income=0, production_cost=0)
    return {h.code}


def trip_deceased_counted(h, ms, ctx):
    set_member(ms[2], deceased=True)
    return {ms[2].code}


def trip_moved_counted(h, ms, ctx):
    set_member(ms[2], moved_out=True)
    return {ms[2].code}


def trip_no_helper(h, ms, ctx):
    set_household(h, helper_name="")
    return {h.code}


def trip_helper_poor(h, ms, ctx):
    set_member(ms[1], phone="13911112222")
    other = ctx["clean"](ctx["village2"])
    set_household(other, helper_name=ms[1].name, helper_phone="13911112222")
    return {other.code}


TRIPS = {
    "ID-01": trip_id_checksum,
    "ID-02": trip_id_legacy,
    "ID-03": trip_id_format,
    "ID-04": trip_id_excel,
    "ID-05": trip_id_sex,
    "ID-06": trip_id_birth,
    "DUP-01": trip_dup_county,
    "DUP-02": trip_dup_other_county,
    "DUP-03": trip_dup_household,
    "DUP-04": trip_dup_head,
    "HH-01": trip_no_head,
    "HH-03": trip_same_sex,
    "HH-04": trip_size,
    "HH-05": trip_child_older,
    "HH-06": trip_parent_younger,
    "HH-07": trip_no_living,
    "CA-01": trip_cause("01"),
    "CA-02": trip_cause("03"),
    "CA-03": trip_cause("02"),
    "CA-04": trip_labour,
    "WF-01": trip_dibao_household,
    "WF-02": trip_tekun_worker,
    "WF-03": trip_dibao_member,
    "WF-04": trip_tekun_member,
    "IN-01": trip_income,
    "IN-02": trip_business_cost,
    "IN-03": trip_wages,
    "IN-05": trip_missing_year,
    "ED-01": trip_school_unknown,
    "ED-02": trip_grade_age,
    "ED-03": trip_dropout,
    "HE-01": trip_insurance,
    "EX-01": trip_exit_same_year,
    "EX-02": trip_exit_below,
    "EX-03": trip_exit_year_below,
    "MB-01": trip_deceased_counted,
    "MB-02": trip_moved_counted,
    "HP-01": trip_no_helper,
    "HP-02": trip_helper_poor,
}


@pytest.fixture
def ctx(household_factory, hanbin_village_2, hanyin_village, clean_household):
    return {
        "factory": household_factory,
        "village2": hanbin_village_2,
        "hanyin": hanyin_village,
        "clean": clean_household,
    }


@pytest.mark.parametrize("code", sorted(TRIPS))
def test_each_check_trips_on_the_entity_that_breaks_it(clean_household, ctx, code):
    bystander = clean_household()
    household = clean_household()
    expected = TRIPS[code](household, members_of(household), ctx)
    found = tripped(code, prefix="610902")
    assert expected <= found
    assert bystander.code not in found
    assert not {m.code for m in members_of(bystander)} & found


def test_the_checks_that_the_database_forbids_are_the_only_ones_without_a_trip_case():
    untested = set(REGISTRY_CHECKS) - set(TRIPS)
    assert untested == {"HH-02", "IN-04"}  # one head per household and months 0–12 are database constraints


# -- near misses: must not trip ----------------------------------------------------------------


def test_exited_household_strictly_above_the_line_does_not_trip(clean_household):
    household = clean_household(status="1", exit_year=2018)
    set_year(household, wage_income=11244, business_income=0, production_cost=0)  # 3748 each
    assert household.code not in tripped("EX-02")


def test_wages_at_the_threshold_or_with_a_migrant_worker_do_not_trip(clean_household):
    at_threshold = clean_household()
    set_year(at_threshold, wage_income=20000)
    with_migrant = clean_household()
    set_year(with_migrant, wage_income=30000)
    set_member(members_of(with_migrant)[1], migrant_months=8)
    assert tripped("IN-03") == set()


@pytest.mark.parametrize(
    ("birth", "trips"),
    [
        (datetime.date(2013, 12, 31), True),  # 6 on 31 December 2019
        (datetime.date(2014, 1, 1), False),  # still 5
        (datetime.date(2004, 1, 1), True),  # 15
        (datetime.date(2003, 12, 31), False),  # 16
    ],
)
def test_school_age_is_taken_on_the_last_day_of_the_evaluation_year(clean_household, birth, trips):
    household = clean_household()
    child = members_of(household)[2]
    set_member(child, birth_date=birth)
    assert (child.code in tripped("ED-01")) is trips


def test_a_sick_member_who_died_does_not_explain_an_illness_cause(clean_household):
    household = clean_household(main_cause="01")
    set_member(members_of(household)[1], health="3", deceased=True)
    set_household(household, size=2)
    assert household.code in tripped("CA-01")


def test_a_moved_out_member_not_counted_in_size_is_fine(clean_household):
    household = clean_household(size=2)
    set_member(members_of(household)[2], moved_out=True)
    assert tripped("HH-04") == set() and tripped("MB-02") == set()


def test_a_dead_person_whose_number_is_reused_is_no_duplicate(clean_household, household_factory, hanbin_village_2):
    household = clean_household()
    member = members_of(household)[1]
    other = _other_household(household_factory, hanbin_village_2, member.id_number)
    Member.objects.filter(household=other, code=f"{other.code}09").update(deceased=True)
    assert tripped("DUP-01") == set()


def test_an_old_worker_does_not_make_a_tekun_household_wrong(clean_household):
    household = clean_household(attribute="06")
    Member.objects.filter(household=household).update(tekun=True)
    set_member(members_of(household)[0], labour="1")  # head born 1960: 59 in 2019, 60 in 2020
    assert household.code in tripped("WF-02", year=2019)
    assert household.code not in tripped("WF-02", year=2020)


def test_a_tekun_household_with_a_worker_in_another_county_is_outside_the_region(clean_household, hanyin_village):
    household = clean_household(village=hanyin_village, attribute="06")
    set_member(members_of(household)[1], labour="1")
    assert household.code not in tripped("WF-02", prefix="610902")
    assert household.code in tripped("WF-02", prefix="610921")


def test_a_valid_id_with_the_right_sex_and_birth_date_is_not_reported(clean_household):
    household = clean_household()
    member = members_of(household)[1]
    number = make_id_number("610902", datetime.date(1990, 5, 17), 24)  # even: female
    set_member(member, id_number=number, sex="2", birth_date=datetime.date(1990, 5, 17))
    for code in ("ID-01", "ID-03", "ID-04", "ID-05", "ID-06"):
        assert member.code not in tripped(code), code


def test_household_codes_are_reported_for_household_checks_and_id_numbers_for_member_checks(clean_household):
    household = clean_household(helper_name="")
    member = members_of(household)[1]
    set_member(member, sex="2")
    household_row = next(iter(hits_queryset(CATALOGUE["HP-01"], CheckContext(prefix="6109", year=YEAR), 0)))
    member_row = next(iter(hits_queryset(CATALOGUE["ID-05"], CheckContext(prefix="6109", year=YEAR), 0)))
    assert household_row["h_household_code"] == household.code and household_row["h_member_id"] is None
    assert member_row["h_id_number"] == member.id_number and member_row["h_household_code"] == household.code
    assert Household.objects.get(pk=household.pk).code == household.code


@pytest.mark.parametrize(
    ("code", "other_village", "text"),
    [("DUP-01", "village2", "本县户"), ("DUP-02", "hanyin", "外县户"), ("DUP-04", "village2", "的户主")],
)
def test_a_duplicate_names_the_other_household_in_its_message(clean_household, ctx, code, other_village, text):
    household = clean_household()
    members = members_of(household)
    if code == "DUP-04":
        other = ctx["factory"](ctx[other_village], members=1)
        Member.objects.filter(household=other).update(id_number=members[0].id_number)
        entity = household.code
    else:
        other = _other_household(ctx["factory"], ctx[other_village], members[1].id_number)
        entity = members[1].code
    messages = dict(CATALOGUE[code].query(CheckContext(prefix="610902", year=YEAR)).values_list("code", "q_message"))
    assert text in messages[entity] and other.code in messages[entity]
