import datetime
from decimal import Decimal

import pytest

from jingzhun.core.idnumbers import make_id_number


@pytest.fixture(params=["db", "columnar"])
def engine(request):
    """Every engine test runs twice: in the database and in DuckDB over a fresh snapshot."""
    return request.param


@pytest.fixture
def evaluate(engine, tmp_path, db):
    """Return a function that evaluates and returns {code: result} (what-if, no user)."""
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run
    from jingzhun.standards.snapshot import snapshot_write

    def run(level, *, region="610902000000", year=2019, ruleset="shaanxi-2017-577", overrides=None):
        snapshot = None
        if engine == "columnar":
            snapshot = tmp_path / f"snapshot-{level}-{year}"
            snapshot_write(path=snapshot)
        result = evaluation_run(
            user=None,
            ruleset=RuleSet.objects.get(code=ruleset),
            level=level,
            year=year,
            region=Region.objects.get(code=region),
            overrides=overrides,
            engine=engine,
            snapshot=snapshot,
        )
        return {r.code: r for r in result.results.all()}

    return run


@pytest.fixture
def add_member(db):
    """Return a function that adds a living member of a given age to a household."""
    from jingzhun.registry.models import Member

    counter = {"n": 0}

    def add(household, *, age, year=2019, **fields):
        counter["n"] += 1
        birth = datetime.date(year - age, 6, 1)
        index = household.members.count() + 1
        defaults = {
            "relation": "03",
            "sex": "1",
            "medical_insurance": True,
            "serious_illness_insurance": True,
            "school_status": "03" if 6 <= age <= 15 else "",
        }
        return Member.objects.create(
            household=household,
            code=f"{household.code}{index:02d}",
            name=f"子女{counter['n']}",
            id_number=make_id_number(household.village_id[:6], birth, 500 + counter["n"] * 2 + 1),
            birth_date=birth,
            **(defaults | fields),
        )

    return add


def set_income(household, per_capita, *, year=2019, excluded=0):
    """Give ``household`` facts for ``year`` with net income ``per_capita`` × living members."""
    from jingzhun.registry.models import HouseholdYear

    living = household.members.filter(deceased=False, moved_out=False).count()
    facts, _ = HouseholdYear.objects.get_or_create(household=household, year=year)
    facts.wage_income = Decimal(str(per_capita)) * living
    facts.business_income = facts.property_income = facts.transfer_income = facts.production_cost = 0
    facts.excluded_transfer_income = Decimal(str(excluded))
    facts.transfer_income = Decimal(str(excluded))
    facts.housing_rating = facts.housing_rating or "A"
    facts.save()
    return facts
