"""Members of a demo household: who lives there, their health, schooling, labour and names.

Everything derives from the age each member reaches in the demo's current year, so that
school status matches compulsory-school age in that year and the one before, and labour
capacity matches age and health.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from jingzhun.registry.demo import names as demo_names
from jingzhun.registry.demo.plan import DIBAO, DIBAO_TEKUN, TEKUN, HouseholdPlan
from jingzhun.registry.demo.vocabulary import mobile_phone

HEAD, SPOUSE, SON, DAUGHTER = "01", "02", "03", "04"
DAUGHTER_IN_LAW, SON_IN_LAW, GRANDSON, GRANDDAUGHTER = "05", "06", "07", "08"
LACK_OF_LABOUR = "08"  # 主要致贫原因：缺劳力
FATHER, MOTHER, SIBLING, OTHER = "09", "10", "11", "99"
MALE, FEMALE = "1", "2"
SICK = frozenset({"2", "3", "5"})
DISABLED = frozenset({"4", "5"})
# School statuses that make a member a student for the 因学 cause (not pre-school).
SCHOOL_STUDENT = frozenset({"03", "04", "05", "06", "07", "08", "09", "10"})


@dataclass(slots=True)
class Person:
    """A member while being drawn (the member row is written from it)."""

    relation: str
    sex: str
    age: int  # age reached in the demo's current year
    surname: str = ""
    birth: datetime.date = datetime.date(2000, 1, 1)
    name: str = ""
    health: str = "1"
    school: str = ""
    education: str = ""
    dropout: str = ""
    labour: str = ""
    months: int = 0
    medical: bool = True
    serious: bool = True
    dibao: bool = False
    tekun: bool = False
    deceased: bool = False
    moved_out: bool = False
    forced_student: bool = False
    id_number: str = ""
    phone: str = ""

    @property
    def living(self) -> bool:
        return not self.deceased and not self.moved_out


class FamilyMaker:
    """Draw the members of one household at a time for the demo's current ``year``."""

    def __init__(self, year: int) -> None:
        self.year = year

    def birth(self, rng: random.Random, age: int) -> datetime.date:
        birth_year = self.year - age
        first = datetime.date(birth_year, 1, 1).toordinal()
        days = 366 if birth_year % 4 == 0 and (birth_year % 100 != 0 or birth_year % 400 == 0) else 365
        return datetime.date.fromordinal(first + rng.randrange(days))

    def family(self, rng: random.Random, plan: HouseholdPlan, cause: str) -> list[Person]:
        """Return the living members' relations, sexes and ages (names come later)."""
        size, kind, plant = plan.size, plan.kind, plan.plant
        need_student = cause == "03" and plant != "education_cause_no_student"
        no_students = plant == "education_cause_no_student"
        working_age = plant == "public_payroll_member"
        same_sex = plant == "head_spouse_same_sex"
        if kind in (TEKUN, DIBAO_TEKUN):
            return self._welfare_family(rng, plan)
        if no_students:
            return self._family_without_students(rng, size, same_sex)
        if size == 1:
            age = (
                rng.randint(30, 50)
                if working_age
                else rng.randint(55, 90)
                if rng.random() < 0.75
                else rng.randint(30, 54)
            )
            sex = FEMALE if age >= 60 and rng.random() < 0.4 else MALE
            return [Person(HEAD, sex, age)]
        if size == 2:
            r = rng.random()
            if need_student and not same_sex:
                student_age = rng.randint(14, 21)
                head = Person(HEAD, MALE if rng.random() < 0.6 else FEMALE, student_age + rng.randint(24, 34))
                return [head, self.child(rng, student_age)]
            if same_sex or r < 0.55:
                age = rng.randint(30, 50) if working_age else rng.randint(45, 85)
                head = Person(HEAD, MALE, age)
                return [head, self.spouse(rng, head, same_sex)]
            if r < 0.8:
                age = rng.randint(38, 60)
                head = Person(HEAD, MALE if rng.random() < 0.6 else FEMALE, age)
                return [head, self.child(rng, max(0, age - rng.randint(22, 36)))]
            age = rng.randint(28, 55)
            return [Person(HEAD, MALE, age), Person(MOTHER, FEMALE, min(95, age + rng.randint(22, 34)))]
        band = rng.random()
        if need_student or working_age:
            band = 0.5 if need_student else 0.1
        if band < 0.4:  # young couple with children, perhaps the head's parents
            head = Person(HEAD, MALE, rng.randint(26, 44))
        elif band < 0.75:  # middle-aged couple, children up to their twenties
            head = Person(HEAD, MALE, rng.randint(40, 56) if need_student else rng.randint(45, 61))
        else:  # old couple with a son's family
            head = Person(HEAD, MALE, rng.randint(62, 82))
        persons = [head]
        if same_sex or rng.random() < (0.92 if head.age < 62 else 0.7):
            persons.append(self.spouse(rng, head, same_sex))
        mother_age = persons[1].age if len(persons) > 1 else head.age
        slots = size - len(persons)
        if head.age >= 62:
            son = Person(SON, MALE, max(22, head.age - rng.randint(24, 34)))
            persons.append(son)
            slots -= 1
            if slots > 0:
                persons.append(Person(DAUGHTER_IN_LAW, FEMALE, max(20, son.age + rng.randint(-4, 2))))
                slots -= 1
            while slots > 0:
                top = max(0, son.age - 20)
                grand = rng.randint(0, top) if top > 0 else 0
                sex = MALE if rng.random() < 0.5 else FEMALE
                persons.append(Person(GRANDSON if sex == MALE else GRANDDAUGHTER, sex, grand))
                slots -= 1
            return persons
        n_parents = rng.choice((0, 0, 1, 1, 2)) if slots >= 3 else 0
        n_parents = max(min(n_parents, slots - 1), slots - 5)  # at least one child, at most five
        n_children = slots - n_parents
        oldest = max(0, mother_age - 20)
        youngest = max(0, mother_age - 42)
        ages = sorted((rng.randint(youngest, oldest) for _ in range(n_children)), reverse=True)
        if need_student and ages:
            ages[0] = min(max(14, ages[0]), 21) if oldest >= 14 else ages[0]
        # Adult sons of older heads may bring a wife and children along.
        k = 0
        while k < len(ages):
            age = ages[k]
            sex = MALE if rng.random() < 0.52 else FEMALE
            child = Person(SON if sex == MALE else DAUGHTER, sex, age)
            if need_student and k == 0:
                child.forced_student = True
            persons.append(child)
            remaining = len(ages) - k - 1
            if sex == MALE and age >= 24 and remaining >= 2 and rng.random() < 0.7:
                persons.append(Person(DAUGHTER_IN_LAW, FEMALE, max(20, age + rng.randint(-3, 2))))
                grand_sex = MALE if rng.random() < 0.5 else FEMALE
                persons.append(
                    Person(
                        GRANDSON if grand_sex == MALE else GRANDDAUGHTER,
                        grand_sex,
                        rng.randint(0, max(0, age - 21)),
                    )
                )
                k += 3
                continue
            k += 1
        parents = [(MOTHER, FEMALE), (FATHER, MALE)] if rng.random() < 0.6 else [(FATHER, MALE), (MOTHER, FEMALE)]
        for relation, sex in parents[:n_parents]:
            persons.append(Person(relation, sex, min(96, head.age + rng.randint(22, 34))))
        while len(persons) > size:
            persons.pop()
        while len(persons) < size:
            persons.append(
                Person(SIBLING, MALE if rng.random() < 0.5 else FEMALE, max(16, head.age + rng.randint(-8, 8)))
            )
        return persons

    def _family_without_students(self, rng: random.Random, size: int, same_sex: bool) -> list[Person]:
        head = Person(HEAD, MALE, rng.randint(62, 80) if size >= 3 else rng.randint(50, 85))
        persons = [head]
        if size >= 2:
            persons.append(self.spouse(rng, head, same_sex))
        if size >= 3:
            persons.append(Person(SON, MALE, max(23, head.age - rng.randint(24, 32))))
        if size >= 4:
            persons.append(Person(DAUGHTER_IN_LAW, FEMALE, max(23, persons[2].age + rng.randint(-3, 1))))
        while len(persons) < size:
            sex = MALE if rng.random() < 0.5 else FEMALE
            persons.append(Person(GRANDSON if sex == MALE else GRANDDAUGHTER, sex, rng.randint(0, 2)))
        return persons

    def _welfare_family(self, rng: random.Random, plan: HouseholdPlan) -> list[Person]:
        """特困供养: people of 60 and over, or disabled adults, without labour."""
        if plan.kind == DIBAO_TEKUN:
            head = Person(HEAD, MALE if rng.random() < 0.6 else FEMALE, rng.randint(62, 88))
            son = Person(SON, MALE, max(22, min(55, head.age - rng.randint(24, 34))))
            son.health = "4"
            return [head, son]
        if rng.random() < 0.8:
            head = Person(HEAD, MALE if rng.random() < 0.6 else FEMALE, rng.randint(60, 92))
        else:
            head = Person(HEAD, MALE, rng.randint(30, 59))
            head.health = "4"
        persons = [head]
        if plan.size >= 2:
            if head.age >= 60 and rng.random() < 0.7:
                spouse = self.spouse(rng, head, plan.plant == "head_spouse_same_sex")
                spouse.age = max(60, spouse.age)
            else:
                spouse = Person(
                    SIBLING, MALE if rng.random() < 0.5 else FEMALE, max(60, head.age + rng.randint(-6, 6)), ""
                )
            persons.append(spouse)
        for person in persons:
            if person.age < 60:
                person.health = "4"
        return persons

    @staticmethod
    def spouse(rng: random.Random, head: Person, same_sex: bool) -> Person:
        sex = head.sex if same_sex else (FEMALE if head.sex == MALE else MALE)
        offset = rng.randint(-6, 2) if sex == FEMALE else rng.randint(-2, 6)
        return Person(SPOUSE, sex, max(20, head.age + offset))

    @staticmethod
    def child(rng: random.Random, age: int) -> Person:
        sex = MALE if rng.random() < 0.52 else FEMALE
        return Person(SON if sex == MALE else DAUGHTER, sex, age, "", forced_student=14 <= age <= 21)

    def health(self, rng: random.Random, plan: HouseholdPlan, persons: list[Person], cause: str) -> None:
        plant = plan.plant
        if plant == "illness_cause_all_healthy":
            for person in persons:
                person.health = "1"
            return
        for person in persons:
            if person.health != "1":
                continue
            r = rng.random()
            if person.age < 16:
                person.health = "1" if r < 0.97 else "2" if r < 0.985 else "4"
            elif person.age < 60:
                person.health = "1" if r < 0.86 else "2" if r < 0.93 else "3" if r < 0.955 else "4" if r < 0.99 else "5"
            else:
                person.health = "1" if r < 0.52 else "2" if r < 0.86 else "3" if r < 0.91 else "4" if r < 0.97 else "5"
        adults = [p for p in persons if p.age >= 16 and not p.forced_student] or persons
        if cause == "01" and not any(p.health in SICK for p in persons):
            victim = max(adults, key=lambda p: (p.age if rng.random() < 0.6 else 0, rng.random()))
            victim.health = "3" if rng.random() < 0.35 else "2" if victim.health == "1" else "5"
        if cause == "02" and not any(p.health in DISABLED for p in persons):
            victim = rng.choice(adults)
            victim.health = "5" if victim.health in SICK else "4"

    def school_and_labour(self, rng: random.Random, plan: HouseholdPlan, persons: list[Person]) -> None:
        tekun = plan.kind in (TEKUN, DIBAO_TEKUN)
        for person in persons:
            age = person.age
            birth_year = self.year - age
            school = ""
            if age <= 2:
                school, education = "01", "7"
            elif age <= 5:
                school, education = ("02" if rng.random() < 0.85 else "01"), "7"
            elif age <= 11:
                school, education = "03", "2"
            elif age <= 15:
                school, education = "04", "3"
            elif age == 16:
                school = rng.choices(("04", "05", "06"), weights=(35, 40, 25))[0]
                education = {"04": "3", "05": "4", "06": "5"}[school]
            elif age == 17:
                school = "05" if rng.random() < 0.6 else "06"
                education = "4" if school == "05" else "5"
            elif age <= 22 and (person.forced_student or rng.random() < (0.5 if age == 18 else 0.28)):
                if age == 18:
                    school = "05" if rng.random() < 0.6 else "06"
                    education = "4" if school == "05" else "5"
                else:
                    school = "09" if rng.random() < 0.4 else "07"
                    education = "6"
            else:
                education = adult_education(rng, birth_year)
            if person.health in DISABLED and 6 <= age <= 15 and not person.forced_student and rng.random() < 0.4:
                school, person.dropout = "", "2" if rng.random() < 0.6 else "3"
            person.school, person.education = school, education
            # 劳动技能
            if school or age < 16:
                labour = "5"
            elif person.health in ("3", "5") or (person.health == "4" and (tekun or rng.random() < 0.6)):
                labour = "4"
            elif person.health in ("2", "4"):
                labour = "3"
            elif age < 60:
                labour = "2" if rng.random() < 0.25 else "1"
            elif age < 65:
                labour = "1" if rng.random() < 0.4 else "3"
            elif age < 75:
                labour = rng.choices(("3", "4", "5"), weights=(70, 20, 10))[0]
            else:
                labour = "4" if rng.random() < 0.5 else "5"
            if tekun and labour in ("1", "2", "3"):
                labour = "4" if age < 60 else "5"
            person.labour = labour
            if labour in ("1", "2") and 18 <= age <= 55 and rng.random() < 0.55:
                person.months = rng.choices(
                    (3, 4, 5, 6, 7, 8, 9, 10, 11, 12), weights=(3, 3, 4, 6, 7, 12, 14, 18, 14, 19)
                )[0]
        if plan.cause == LACK_OF_LABOUR:
            # 缺劳力 means at most one able worker: any other is weak (no random draw, so the
            # rest of the household is generated exactly as before).
            able = [p for p in persons if p.labour in ("1", "2")]
            for person in able[1:]:
                person.labour = "3"

    @staticmethod
    def welfare_flags(plan: HouseholdPlan, persons: list[Person]) -> None:
        if plan.kind == DIBAO:
            for person in persons:
                person.dibao = True
        elif plan.kind == TEKUN:
            for person in persons:
                person.tekun = True
        elif plan.kind == DIBAO_TEKUN:
            persons[0].tekun = True
            for person in persons[1:]:
                person.dibao = True

    def extras(self, rng: random.Random, plan: HouseholdPlan, persons: list[Person]) -> None:
        """Add members who no longer count: a deceased parent or spouse, a daughter married away."""
        head = persons[0]
        dead = plan.plant == "deceased_still_counted" or (plan.plant == "" and rng.random() < 0.025)
        if dead:
            if head.age <= 66:
                sex = MALE if rng.random() < 0.5 else FEMALE
                person = Person(FATHER if sex == MALE else MOTHER, sex, min(97, head.age + rng.randint(22, 32)))
            elif not any(p.relation == SPOUSE for p in persons):
                person = self.spouse(rng, head, same_sex=False)
            else:
                person = Person(SIBLING, MALE, head.age + rng.randint(-5, 5))
            person.deceased = True
            person.health = "3"
            person.labour = "4" if person.age < 60 else "5"
            person.education = adult_education(rng, self.year - person.age)
            if plan.kind == TEKUN:
                person.tekun = True
            elif plan.kind == DIBAO:
                person.dibao = True
            persons.append(person)
        if plan.plant == "" and head.age >= 44 and rng.random() < 0.02:
            person = Person(DAUGHTER, FEMALE, max(20, min(32, head.age - rng.randint(20, 26))))
            person.moved_out = True
            person.education = adult_education(rng, self.year - person.age)
            person.labour = "1"
            if plan.kind == DIBAO:
                person.dibao = True
            persons.append(person)

    def names(self, rng: random.Random, persons: list[Person]) -> None:
        family = demo_names.surname(rng)
        mother_family = ""
        for person in persons:
            if person.relation in (HEAD, SON, DAUGHTER, GRANDSON, GRANDDAUGHTER, FATHER, SIBLING):
                person.surname = family
            else:
                person.surname = demo_names.surname(rng)
            if person.relation == SPOUSE:
                mother_family = person.surname
            if person.relation in (SON, DAUGHTER) and mother_family and rng.random() < 0.05:
                person.surname = mother_family
            person.name = person.surname + demo_names.given_name(
                rng, female=person.sex == FEMALE, birth_year=self.year - person.age
            )
        persons[0].phone = mobile_phone(rng)


def adult_education(rng: random.Random, birth_year: int) -> str:
    if birth_year < 1950:
        weights = (45, 40, 13, 2, 0, 0)
    elif birth_year < 1966:
        weights = (22, 45, 27, 5, 1, 0)
    elif birth_year < 1981:
        weights = (7, 33, 47, 9, 3, 1)
    elif birth_year < 1996:
        weights = (2, 14, 55, 14, 9, 6)
    else:
        weights = (0, 4, 52, 20, 14, 10)
    return rng.choices(("1", "2", "3", "4", "5", "6"), weights=weights)[0]
