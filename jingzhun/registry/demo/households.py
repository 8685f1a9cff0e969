"""One household of the demo: its members, causes, incomes and living conditions.

``HouseholdBuilder.build`` turns a skeleton (``HouseholdPlan``) into plain row tuples for
the household, its members and its two year rows. Facts are kept consistent with each
other (causes with members, 低保/特困 flags with the attribute, school with age, wages with
migrant work, exited households above the line …) so that only planted errors trip the
quality checks.
"""

from __future__ import annotations

import dataclasses
import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from stdnum.cn import ric

from jingzhun.core.idnumbers import make_id_number
from jingzhun.registry.demo import calibration as cal
from jingzhun.registry.demo import names
from jingzhun.registry.demo.members import (
    DAUGHTER,
    DISABLED,
    FATHER,
    FEMALE,
    GRANDDAUGHTER,
    GRANDSON,
    HEAD,
    MALE,
    MOTHER,
    OTHER,
    SCHOOL_STUDENT,
    SICK,
    SON,
    SPOUSE,
    FamilyMaker,
    Person,
)
from jingzhun.registry.demo.plan import HouseholdPlan, VillagePlan
from jingzhun.registry.demo.vocabulary import (
    DEATH_SOURCES,
    HELPING_UNIT_SUFFIXES,
    HELPING_UNITS_CITY,
    PAYROLL_UNIT_SUFFIXES,
    mobile_phone,
)
from jingzhun.registry.demo.years import YearFacts

FAILING_INDICATORS = ("income", "housing", "water", "insurance", "dropout")
FAILING_WEIGHTS = (35, 25, 15, 15, 10)


@dataclass
class Truth:
    """Ground truth of planted errors and the comparison lists written next to it."""

    rows: list[tuple[str, str, str, str]] = field(default_factory=list)
    deaths: list[tuple[str, str, str, str]] = field(default_factory=list)
    payroll: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class Output:
    households: list[tuple[Any, ...]] = field(default_factory=list)
    members: list[tuple[Any, ...]] = field(default_factory=list)
    years: list[tuple[Any, ...]] = field(default_factory=list)


class IdAllocator:
    """Hand out valid, globally unique ID numbers (never ending in 000)."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def new(self, rng: random.Random, address: str, birth: datetime.date, sex: str) -> str:
        while True:
            seq = rng.randrange(1, 1000)
            if (seq % 2 == 1) != (sex == MALE):
                seq ^= 1
            if seq % 100 == 0:
                continue
            number = make_id_number(address, birth, seq)
            key = int(number[:17])
            if key not in self.used:
                self.used.add(key)
                return number

    def reserve(self, number: str) -> bool:
        key = int(number[:17])
        if key in self.used:
            return False
        self.used.add(key)
        return True


@dataclass
class VillageState:
    rng: random.Random
    unit: str
    helper: tuple[str, str] = ("", "")
    helper_left: int = 0
    next_number: int = 1


class HouseholdBuilder:
    """Build the rows of one household at a time; keep global state (IDs, keys, truth)."""

    HOUSEHOLD_FIELDS = (
        "id",
        "code",
        "village_id",
        "attribute",
        "status",
        "size",
        "main_cause",
        "other_causes",
        "identification_standard",
        "identification_year",
        "planned_exit_year",
        "exit_year",
        "phone",
        "helper_name",
        "helper_unit",
        "helper_phone",
        "version",
        "created_at",
        "updated_at",
    )
    MEMBER_FIELDS = (
        "id",
        "household_id",
        "code",
        "name",
        "id_number",
        "relation",
        "sex",
        "birth_date",
        "ethnicity",
        "education",
        "school_status",
        "dropout_reason",
        "health",
        "labour",
        "migrant_months",
        "medical_insurance",
        "serious_illness_insurance",
        "dibao",
        "tekun",
        "deceased",
        "moved_out",
        "phone",
        "version",
        "created_at",
        "updated_at",
    )
    YEAR_FIELDS = (
        "id",
        "household_id",
        "year",
        "wage_income",
        "business_income",
        "property_income",
        "transfer_income",
        "excluded_transfer_income",
        "production_cost",
        "food_clothing_secure",
        "housing_rating",
        "relocated",
        "relocation_moved_in",
        "water_quality_ok",
        "water_litres_per_day",
        "water_fetch_minutes",
        "water_guarantee_rate",
        "water_safe",
        "electricity",
        "assistance_measures",
        "version",
        "updated_at",
    )

    def __init__(
        self,
        *,
        seed: int,
        year: int,
        villages: dict[str, VillagePlan],
        county_names: dict[str, str],
        township_names: dict[str, str],
        first_ids: tuple[int, int, int],
        adapt_datetime: Any,
        duplicates: dict[int, int] | None = None,
    ) -> None:
        self.seed = seed
        self.year = year
        self.villages = villages
        self.county_names = county_names
        self.township_names = township_names
        self.household_id, self.member_id, self.year_id = first_ids
        self.adapt_datetime = adapt_datetime
        self.family = FamilyMaker(year)
        self.facts = YearFacts(year)
        self.ids = IdAllocator()
        self.truth = Truth()
        self.village_state: dict[str, VillageState] = {}
        # duplicate target index → source index; the source's copied person waits here.
        self.duplicate_source_of = duplicates or {}
        self.duplicate_sources = set(self.duplicate_source_of.values())
        self.waiting_duplicates: dict[int, tuple[Person, str]] = {}
        self._datetimes: dict[tuple[int, int, int, int], Any] = {}
        self.updated_at = self._datetime(year, 12, 20, 10)
        self.people_by_cohort: dict[int, int] = {}
        self.line = cal.POVERTY_LINES[year]

    # -- helpers -----------------------------------------------------------------------

    def _datetime(self, year: int, month: int, day: int, hour: int) -> Any:
        """Return the database value of that local time (one conversion per distinct value)."""
        key = (year, month, day, hour)
        value = self._datetimes.get(key)
        if value is None:
            dt = datetime.datetime(year, month, day, hour, tzinfo=SHANGHAI)
            value = self._datetimes[key] = self.adapt_datetime(dt)
        return value

    def _village(self, code: str) -> VillageState:
        state = self.village_state.get(code)
        if state is None:
            rng = random.Random(f"{self.seed}:village:{code}")
            county = self.county_names.get(code[:6], "")
            r = rng.random()
            if r < 0.3:
                unit = rng.choice(HELPING_UNITS_CITY) if code.startswith(cal.CITY_PREFIX) else county + "人民政府"
            elif r < 0.8:
                unit = county + rng.choice(HELPING_UNIT_SUFFIXES)
            else:
                unit = self.township_names.get(code[:9], county) + "人民政府"
            state = self.village_state[code] = VillageState(rng=rng, unit=unit)
            # Other villages' states are no longer needed once generation moved on.
            if len(self.village_state) > 64:
                for old in list(self.village_state)[:-8]:
                    del self.village_state[old]
        return state

    # -- the household -----------------------------------------------------------------

    def build(self, plan: HouseholdPlan, out: Output) -> None:
        village = self._village(plan.village)
        rng = village.rng
        plant = plan.plant
        cause = plan.cause
        if plant == "education_cause_no_student":
            cause = "03"
        elif plant == "illness_cause_all_healthy":
            cause = "01"
        persons = self.family.family(rng, plan, cause)
        self.family.health(rng, plan, persons, cause)
        self.family.school_and_labour(rng, plan, persons)
        self.family.welfare_flags(plan, persons)
        self.family.extras(rng, plan, persons)
        address = cal.LEGACY_ADDRESS_CODES.get(plan.county, plan.county)
        self.family.names(rng, persons)
        if plant == "excel_mangled_id" and not any(p.sex == FEMALE and p.living for p in persons):
            other = next(p for p in persons if p.relation != HEAD)
            other.sex = FEMALE
            other.relation = {SON: DAUGHTER, GRANDSON: GRANDDAUGHTER, FATHER: MOTHER}.get(
                other.relation, other.relation
            )
        for person in persons:
            person.birth = self.family.birth(rng, person.age)
            person.id_number = self.ids.new(rng, address, person.birth, person.sex)
        household_code = f"{plan.village}{village.next_number:04d}"
        village.next_number += 1
        if plan.index in self.duplicate_source_of:
            source, source_household = self.waiting_duplicates.pop(self.duplicate_source_of[plan.index])
            copy = dataclasses.replace(source, relation=OTHER, dibao=False, tekun=False, phone="")
            persons.append(copy)
            self.truth.rows.append(
                ("duplicate_id_across_households", "member", copy.id_number, f"同一证件号码登记在户 {source_household}")
            )
            self.truth.rows.append(
                ("duplicate_id_across_households", "member", copy.id_number, f"同一证件号码登记在户 {household_code}")
            )
        self._plant_people(rng, plan, persons, household_code)
        living = [p for p in persons if p.living]
        size = len(living)
        if plant == "deceased_still_counted":
            size += 1
        elif plant == "size_mismatch":
            size = size - 1 if size >= 3 and rng.random() < 0.5 else size + 1
        if size != len(living):
            detail = "人数含已死亡成员" if plant == "deceased_still_counted" else f"登记人数 {size}，实有 {len(living)}"
            self.truth.rows.append(("size_mismatch", "household", household_code, detail))

        # Status, attribute and years.
        identification_year = plan.identification_year
        if plant == "exited_in_identification_year" and plan.exit_year is not None:
            identification_year = plan.exit_year
            self.truth.rows.append(
                ("exited_in_identification_year", "household", household_code, f"{plan.exit_year} 年识别当年脱贫")
            )
        if plant == "education_cause_no_student":
            self.truth.rows.append(("education_cause_no_student", "household", household_code, "因学致贫但无在校生"))
        if plant == "illness_cause_all_healthy":
            self.truth.rows.append(("illness_cause_all_healthy", "household", household_code, "因病致贫但成员均健康"))

        # Incomes and living conditions for the previous and the current year.
        failing = ""
        if plan.status == "0" and plan.cohort == self.year and plant == "" and rng.random() < 0.12:
            failing = rng.choices(FAILING_INDICATORS, weights=FAILING_WEIGHTS)[0]
            if failing == "dropout" and not self._plant_dropout(rng, living):
                failing = "housing"
            elif failing == "insurance":
                victim = rng.choice(living)
                victim.serious = False
                if rng.random() < 0.4:
                    victim.medical = False
        elif plan.status == "0" and plan.cohort > self.year and rng.random() < 0.02:
            rng.choice(living).serious = False
        other_causes = self._other_causes(rng, cause, living)
        current = self.facts.row(rng, plan, living, self.year, failing=failing)
        if current is None:  # income cannot fall below the line: the household fails on housing
            failing = "housing"
            current = self.facts.row(rng, plan, living, self.year, failing=failing)
            assert current is not None
        previous = self.facts.row(rng, plan, living, self.year - 1, failing="", relocated=current[1])
        assert previous is not None

        helper_name, helper_unit, helper_phone = self._helper(rng, village)
        if plant == "no_helper":
            helper_name = helper_unit = helper_phone = ""
            self.truth.rows.append(("no_helper", "household", household_code, "未落实帮扶责任人"))
        head = persons[0]
        if plant == "no_head":
            head.relation = OTHER
            self.truth.rows.append(("no_head", "household", household_code, "无户主"))
        created_at = self._datetime(identification_year, rng.randint(4, 10), rng.randint(1, 28), rng.randint(8, 17))
        status = plan.status
        attribute = plan.attribute
        household_id = self.household_id
        self.household_id += 1
        out.households.append(
            (
                household_id,
                household_code,
                plan.village,
                attribute,
                status,
                size,
                cause,
                other_causes,
                "1" if rng.random() < 0.97 else "2",
                identification_year,
                plan.cohort,
                plan.exit_year,
                head.phone,
                helper_name,
                helper_unit,
                helper_phone,
                1,
                created_at,
                self.updated_at,
            )
        )
        self.people_by_cohort[plan.cohort] = self.people_by_cohort.get(plan.cohort, 0) + len(living)
        for number, person in enumerate(persons, start=1):
            out.members.append(
                (
                    self.member_id,
                    household_id,
                    f"{household_code}{number:02d}",
                    person.name,
                    person.id_number,
                    person.relation,
                    person.sex,
                    person.birth.isoformat(),
                    "01",
                    person.education,
                    person.school,
                    person.dropout,
                    person.health,
                    person.labour,
                    person.months,
                    person.medical,
                    person.serious,
                    person.dibao,
                    person.tekun,
                    person.deceased,
                    person.moved_out,
                    person.phone,
                    1,
                    created_at,
                    self.updated_at,
                )
            )
            self.member_id += 1
        for facts in (previous[0], current[0]):
            out.years.append((self.year_id, household_id, *facts, 1, self._datetime(facts[0], 12, 15, 10)))
            self.year_id += 1
        if plan.index in self.duplicate_sources:
            candidates = [p for p in persons[1:] if p.living]
            self.waiting_duplicates[plan.index] = (rng.choice(candidates), household_code)

    def _plant_people(self, rng: random.Random, plan: HouseholdPlan, persons: list[Person], household: str) -> None:
        """Apply the member-level planted error of the household, if any, and record it."""
        plant = plan.plant
        living = [p for p in persons if p.living]
        add = self.truth.rows.append
        if plant == "deceased_counted":
            person = max(living, key=lambda p: (p.age >= 60, rng.random()))
            day = datetime.date(self.year, 1, 1) + datetime.timedelta(days=rng.randrange(300))
            self.truth.deaths.append((person.id_number, person.name, day.isoformat(), rng.choice(DEATH_SOURCES)))
            add(
                (
                    "deceased_counted",
                    "member",
                    person.id_number,
                    f"户 {household}，死亡日期 {day.isoformat()}，仍为在册人口",
                )
            )
        elif plant == "deceased_still_counted":
            person = next(p for p in persons if p.deceased)
            day = datetime.date(self.year - 1, 1, 1) + datetime.timedelta(days=rng.randrange(330))
            self.truth.deaths.append((person.id_number, person.name, day.isoformat(), rng.choice(DEATH_SOURCES)))
            add(("deceased_still_counted", "member", person.id_number, f"户 {household}，已标记死亡但仍计入人数"))
        elif plant == "bad_checksum":
            person = rng.choice(living)
            correct = person.id_number[17]
            choices = [c for c in "0123456789X" if c != correct and not (c == "0" and person.id_number[16] == "0")]
            person.id_number = person.id_number[:17] + rng.choice(choices)
            add(("bad_checksum", "member", person.id_number, f"户 {household}，校验位应为 {correct}"))
        elif plant == "sex_mismatch":
            person = rng.choice([p for p in living if p.relation not in (HEAD, SPOUSE)])
            other = FEMALE if person.sex == MALE else MALE
            address = person.id_number[:6]
            person.id_number = self.ids.new(rng, address, person.birth, other)
            add(("sex_mismatch", "member", person.id_number, f"户 {household}，登记性别与证件号码不符"))
        elif plant == "birth_date_mismatch":
            person = rng.choice([p for p in living if p.age >= 25] or living)
            first = datetime.date(person.birth.year, 1, 1).toordinal()
            while True:
                day = datetime.date.fromordinal(first + rng.randrange(365))
                if day != person.birth:
                    break
            add(
                (
                    "birth_date_mismatch",
                    "member",
                    person.id_number,
                    f"户 {household}，登记出生日期 {day.isoformat()}，证件号码为 {person.birth.isoformat()}",
                )
            )
            person.birth = day
        elif plant == "excel_mangled_id":
            person = rng.choice([p for p in living if p.sex == FEMALE] or [p for p in persons if p.sex == FEMALE])
            while True:
                mangled = person.id_number[:15] + "000"
                if ric.calc_check_digit(mangled) != "0" and self.ids.reserve(mangled):
                    break
                person.id_number = self.ids.new(rng, person.id_number[:6], person.birth, person.sex)
            add(("excel_mangled_id", "member", mangled, f"户 {household}，原号码 {person.id_number}"))
            person.id_number = mangled
        elif plant == "public_payroll_member":
            candidates = [p for p in living if 25 <= p.age <= 55 and not p.school]
            person = rng.choice(candidates or living)
            person.months = 0
            unit = self.county_names.get(plan.county, "") + rng.choice(PAYROLL_UNIT_SUFFIXES)
            self.truth.payroll.append((person.id_number, person.name, unit))
            add(("public_payroll_member", "member", person.id_number, f"户 {household}，财政供养人员（{unit}）"))
        elif plant == "head_spouse_same_sex":
            add(("head_spouse_same_sex", "household", household, "户主与配偶性别相同"))
        elif plant == "exited_below_line":
            add(("exited_below_line", "household", household, f"{self.year} 年人均纯收入低于 {self.line} 元"))
        elif plant == "migrant_months_wages_mismatch":
            for person in persons:
                person.months = 0
            add(("migrant_months_wages_mismatch", "household", household, "工资性收入超过 2 万元但无人外出务工"))
        if plant != "deceased_still_counted":
            # Deaths properly recorded in the registry also appear on the comparison list.
            for person in persons:
                if person.deceased:
                    day = datetime.date(self.year - 1, 1, 1) + datetime.timedelta(days=rng.randrange(700))
                    self.truth.deaths.append(
                        (person.id_number, person.name, day.isoformat(), rng.choice(DEATH_SOURCES))
                    )

    def _plant_dropout(self, rng: random.Random, living: list[Person]) -> bool:
        """Make one child of compulsory-school age drop out for a reason that is not guaranteed."""
        children = [p for p in living if 7 <= p.age <= 15 and p.school in ("03", "04") and not p.forced_student]
        if not children:
            return False
        child = rng.choice(children)
        child.school, child.dropout = "", "4" if rng.random() < 0.5 else "5"
        return True

    def _other_causes(self, rng: random.Random, cause: str, living: list[Person]) -> str:
        supported = []
        if any(p.health in SICK for p in living):
            supported.append("01")
        if any(p.health in DISABLED for p in living):
            supported.append("02")
        if any(p.school in SCHOOL_STUDENT for p in living):
            supported.append("03")
        pool = [c for c in supported if c != cause] * 3 + [c for c in cal.FREE_CAUSES if c != cause]
        r = rng.random()
        count = 0 if r < 0.25 else 1 if r < 0.8 else 2
        chosen: list[str] = []
        while len(chosen) < count:
            pick = rng.choice(pool)
            if pick not in chosen:
                chosen.append(pick)
        return ",".join(sorted(chosen))

    def _helper(self, rng: random.Random, village: VillageState) -> tuple[str, str, str]:
        if village.helper_left <= 0:
            village.helper = (names.helper_name(rng), mobile_phone(rng))
            village.helper_left = rng.randint(3, 8)
        village.helper_left -= 1
        return village.helper[0], village.unit, village.helper[1]


SHANGHAI = datetime.timezone(datetime.timedelta(hours=8), "Asia/Shanghai")
