"""The deterministic demo generator: determinism, calibration and planted errors."""

import collections
import csv
import datetime
import hashlib
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from jingzhun.core.idnumbers import parse_id_number
from jingzhun.core.models import AuditEvent
from jingzhun.regions.models import CountyYear, VillageYear
from jingzhun.registry.demo import DemoError, demo_generate
from jingzhun.registry.demo.calibration import CITY_PEOPLE_BY_COHORT, POVERTY_LINES
from jingzhun.registry.demo.names import HELPER_FINAL
from jingzhun.registry.demo.plant import KINDS
from jingzhun.registry.models import Household, HouseholdYear, Member

pytestmark = pytest.mark.django_db

YEAR = 2019
STUDENTS = {"02", "03", "04", "05", "06", "07", "08", "09", "10"}
LIST_KINDS = {"deceased_counted", "deceased_still_counted", "public_payroll_member"}


def registry_digest() -> str:
    """Return a hash of every demo row's values (database ids replaced by codes)."""
    digest = hashlib.sha256()
    codes = dict(Household.objects.values_list("id", "code"))
    tables = [
        sorted(tuple(map(str, row[1:])) for row in Household.objects.values_list()),
        sorted((codes[row[1]], *map(str, row[2:])) for row in Member.objects.values_list()),
        sorted((codes[row[1]], *map(str, row[2:])) for row in HouseholdYear.objects.values_list()),
        sorted(tuple(map(str, row[1:])) for row in VillageYear.objects.values_list()),
        sorted(tuple(map(str, row[1:])) for row in CountyYear.objects.values_list()),
    ]
    for table in tables:
        for row in table:
            digest.update("|".join(row).encode())
    return digest.hexdigest()


def test_the_same_seed_gives_identical_rows_and_a_second_run_needs_replace():
    demo_generate(households=300, seed=7)
    first = registry_digest()
    with pytest.raises(DemoError, match="--replace"):
        demo_generate(households=300, seed=7)
    result = demo_generate(households=300, seed=7, replace=True)
    assert result.deleted_households == 300
    assert registry_digest() == first
    demo_generate(households=300, seed=8, replace=True)
    assert registry_digest() != first


def test_the_command_refuses_to_overwrite_and_the_national_scale(tmp_path):
    out = io.StringIO()
    call_command("generate_demo", households=200, no_users=True, verbosity=0, stdout=out)
    assert "用时" in out.getvalue() and "200 户" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_demo", households=200, no_users=True, verbosity=0, stdout=out)
    with pytest.raises(CommandError, match="快照"):
        call_command("generate_demo", scale="national", verbosity=0, stdout=out)
    # One audit event for the whole load, none per row created (the other apps' demos may then
    # change households through the services, e.g. an exit closed (销号), audited as such).
    assert AuditEvent.objects.filter(model_label="registry.Household", object_pk="demo").count() == 1
    created = AuditEvent.objects.exclude(object_pk="demo").filter(model_label__startswith="registry.", action="create")
    assert created.count() == 0


@pytest.fixture
def planted(tmp_path):
    truth = tmp_path / "TRUTH.csv"
    result = demo_generate(households=3000, seed=2017, plant_errors=truth)
    rows = list(csv.DictReader(truth.open(encoding="utf-8")))
    deaths = list(csv.DictReader((tmp_path / "TRUTH_deaths.csv").open(encoding="utf-8")))
    payroll = list(csv.DictReader((tmp_path / "TRUTH_payroll.csv").open(encoding="utf-8")))
    return result, rows, deaths, payroll


def test_people_per_planned_exit_year_keep_the_city_ratios(planted):
    result, *_ = planted
    assert Household.objects.count() == 3000
    people = collections.Counter()
    for cohort, size in Household.objects.values_list("planned_exit_year", "size"):
        people[cohort] += size
    total = sum(people.values())
    expected_total = sum(CITY_PEOPLE_BY_COHORT.values())
    for cohort, expected in CITY_PEOPLE_BY_COHORT.items():
        assert abs(people[cohort] / total - expected / expected_total) < 0.015, cohort
    assert 2.8 < total / 3000 < 3.2
    # Villages: 992 poor, 168 deep; planned exits 122 (2017), 405 (2018), 845 (2019).
    assert VillageYear.objects.filter(year=YEAR, is_poor_village=True).count() == 992
    assert VillageYear.objects.filter(year=YEAR, is_deep_poverty_village=True).count() == 168
    assert result.villages_by_planned_year == {2017: 122, 2018: 405, 2019: 845}
    for year, count in result.villages_by_planned_year.items():
        assert VillageYear.objects.filter(year=year, planned_exit_year=year).count() == count
    counties = CountyYear.objects.filter(year=YEAR)
    assert counties.count() == 10 and counties.filter(is_poor_county=True).count() == 10
    assert counties.filter(is_deep_poverty_county=True).count() == 4
    assert counties.get(county_id="610927000000").planned_exit_year == 2018


def test_statuses_years_and_codes_are_consistent(planted):
    assert Household.objects.filter(planned_exit_year__gte=YEAR).exclude(status="0").count() == 0
    exited = Household.objects.filter(planned_exit_year__lt=YEAR)
    assert set(exited.values_list("status", flat=True)) <= {"1", "3", "4"}
    assert exited.filter(exit_year__isnull=True).count() == 0
    assert exited.filter(status__in="14").exclude(attribute__in=("02", "03", "05")).count() == 0
    assert Household.objects.filter(status__in="03").exclude(attribute__in=("01", "04", "06", "07")).count() == 0
    assert Household.objects.values("code").distinct().count() == Household.objects.count()
    assert Member.objects.values("code").distinct().count() == Member.objects.count()
    assert HouseholdYear.objects.filter(year__in=(YEAR - 1, YEAR)).count() == 2 * Household.objects.count()
    helpers = set(Household.objects.exclude(helper_name="").values_list("helper_name", flat=True))
    assert all(name[-1] in HELPER_FINAL for name in helpers)
    assert not helpers & set(Member.objects.values_list("name", flat=True))


def found_errors(deaths, payroll):
    """Recompute every planted kind from the database (a reference for the quality checks)."""
    found = collections.defaultdict(set)
    members = collections.defaultdict(list)
    for member in Member.objects.values():
        members[member["household_id"]].append(member)
    years = {row["household_id"]: row for row in HouseholdYear.objects.filter(year=YEAR).values()}
    died = {row["证件号码"] for row in deaths}
    on_payroll = {row["证件号码"] for row in payroll}
    ids = collections.Counter()
    for household in Household.objects.values():
        everyone = members[household["id"]]
        living = [m for m in everyone if not m["deceased"] and not m["moved_out"]]
        code = household["code"]
        for m in everyone:
            ids[m["id_number"]] += 1
            if m["id_number"] in died and not m["deceased"]:
                found["deceased_counted"].add(m["id_number"])
            if m["id_number"] in died and m["deceased"] and household["size"] > len(living):
                found["deceased_still_counted"].add(m["id_number"])
            if m["id_number"] in on_payroll:
                found["public_payroll_member"].add(m["id_number"])
            try:
                info = parse_id_number(m["id_number"], today=datetime.date(YEAR, 12, 31))
            except ValidationError as exc:
                kind = "excel_mangled_id" if exc.code == "excel_truncated" else "bad_checksum"
                found[kind].add(m["id_number"])
                continue
            if info.sex != m["sex"]:
                found["sex_mismatch"].add(m["id_number"])
            if info.birth_date != m["birth_date"]:
                found["birth_date_mismatch"].add(m["id_number"])
        if household["size"] != len(living):
            found["size_mismatch"].add(code)
        if household["main_cause"] == "03" and not any(m["school_status"] in STUDENTS for m in living):
            found["education_cause_no_student"].add(code)
        if household["main_cause"] == "01" and all(m["health"] == "1" for m in living):
            found["illness_cause_all_healthy"].add(code)
        heads = [m for m in everyone if m["relation"] == "01"]
        if not heads:
            found["no_head"].add(code)
        elif any(m["relation"] == "02" and m["sex"] == heads[0]["sex"] for m in living):
            found["head_spouse_same_sex"].add(code)
        year = years[household["id"]]
        net = sum(year[f] for f in ("wage_income", "business_income", "property_income", "transfer_income"))
        net -= year["production_cost"]
        if household["status"] in ("1", "4") and net / len(living) <= POVERTY_LINES[YEAR]:
            found["exited_below_line"].add(code)
        if household["exit_year"] == household["identification_year"]:
            found["exited_in_identification_year"].add(code)
        if year["wage_income"] > 20000 and all(m["migrant_months"] == 0 for m in everyone):
            found["migrant_months_wages_mismatch"].add(code)
        if not household["helper_name"]:
            found["no_helper"].add(code)
    found["duplicate_id_across_households"] = {number for number, count in ids.items() if count > 1}
    return found


def test_planted_errors_are_in_the_truth_and_nothing_else_trips_the_checks(planted):
    _result, rows, deaths, payroll = planted
    truth = collections.defaultdict(set)
    for row in rows:
        assert row["entity"] in ("household", "member")
        truth[row["kind"]].add(row["code"])
    assert set(truth) == set(KINDS)
    for kind in KINDS:
        assert len(truth[kind]) >= 3, kind
    found = found_errors(deaths, payroll)
    for kind in KINDS:
        assert found[kind] == truth[kind], kind
    # The comparison lists also hold people who are not in the registry.
    registry_ids = set(Member.objects.values_list("id_number", flat=True))
    assert any(row["证件号码"] not in registry_ids for row in deaths)
    assert any(row["证件号码"] not in registry_ids for row in payroll)


def test_clean_members_have_valid_ids_matching_sex_and_birth_date(planted):
    _result, rows, *_ = planted
    planted_ids = {row["code"] for row in rows if row["entity"] == "member"}
    for number, sex, birth, county in Member.objects.values_list(
        "id_number", "sex", "birth_date", "household__village_id"
    ):
        if number in planted_ids:
            continue
        info = parse_id_number(number, today=datetime.date(YEAR, 12, 31))
        assert (info.sex, info.birth_date) == (sex, birth)
        assert number[:6] == ("610928" if county.startswith("610981") else county[:6])
        assert not number.endswith("000")


def planted_households(rows):
    """Return the codes of every household that holds a planted error."""
    codes = {row["code"] for row in rows if row["entity"] == "household"}
    for row in rows:
        if row["entity"] == "member":
            codes.update(re.findall(r"户 (\d+)", row["detail"]))
    return codes


def test_households_are_plausible(planted):
    _result, rows, *_ = planted
    planted = planted_households(rows)
    members = collections.defaultdict(list)
    for m in Member.objects.filter(deceased=False, moved_out=False).values():
        members[m["household_id"]].append(m)
    students = 0
    for household in Household.objects.exclude(code__in=planted).values():
        living = members[household["id"]]
        assert household["size"] == len(living)
        assert household["identification_year"] < (household["exit_year"] or 9999)
        dibao = household["attribute"] in ("02", "04", "07")
        assert dibao == any(m["dibao"] for m in living)
        if household["attribute"] in ("03", "06"):
            assert all(m["tekun"] and m["labour"] in ("4", "5") for m in living)
        if household["main_cause"] == "02":
            assert any(m["health"] in ("4", "5") for m in living)
        for m in living:
            age = YEAR - m["birth_date"].year
            if age < 16:
                assert m["labour"] == "5"
            if 6 <= age <= 15 and m["school_status"] not in ("03", "04"):
                assert household["planned_exit_year"] == YEAR or m["dropout_reason"] in ("2", "3")
            students += m["school_status"] in ("03", "04")
    assert students > 0


def test_exited_households_are_above_the_line_and_the_current_batch_mostly_ready(planted):
    _result, rows, *_ = planted
    planted = planted_households(rows)
    current = list(HouseholdYear.objects.filter(year=YEAR).select_related("household"))
    current = [y for y in current if y.household.code not in planted]
    exited = [y for y in current if y.household.status in ("1", "4")]
    for row in exited:
        assert row.exit_income_per_capita(row.household.size) > POVERTY_LINES[YEAR]
        assert row.housing_safe and row.water_safe
    batch = [y for y in current if y.household.status == "0" and y.household.planned_exit_year == YEAR]
    failing_income = sum(y.exit_income_per_capita(y.household.size) <= POVERTY_LINES[YEAR] for y in batch)
    failing_housing = sum(not y.housing_safe for y in batch)
    assert 0.01 < failing_income / len(batch) < 0.1
    assert 0.01 < failing_housing / len(batch) < 0.1
