"""整改督办 services: routing, the life cycle and its guards, recurrence, measures, supervision, accountability."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import ANKANG, HANBIN, HANYIN
from jingzhun.core.models import TransitionLog
from jingzhun.core.todo import todo_for
from jingzhun.core.workflow import transition_run
from jingzhun.rectification import services
from jingzhun.rectification.measures import problem_measures, recurrence_by_county, status_rows
from jingzhun.rectification.models import Accountability, Problem

from .conftest import evidence

pytestmark = pytest.mark.django_db


def rectify(problem, owner, checker, *, at_done, at_checked=None):
    """Take a problem through begin → submit → verify → close."""
    problem = services.problem_step(user=owner, problem=problem, step="begin", at=at_done)
    problem = services.problem_step(
        user=owner, problem=problem, step="submit", note="已整改", files=[evidence()], at=at_done
    )
    problem = services.problem_step(
        user=checker, problem=problem, step="verify", note="整改到位", at=at_checked or at_done
    )
    return services.problem_step(user=checker, problem=problem, step="close", at=at_checked or at_done)


def test_a_shared_problem_is_routed_to_each_county_with_its_own_rectification(
    city_officer, inspection_factory, problem_factory
):
    inspection = inspection_factory()
    shared = problem_factory(inspection, region=ANKANG, level="city", number="G01", line="sector", sector="water")
    children = services.problem_route(user=city_officer, problem=shared)
    shared.refresh_from_db()
    assert shared.status == "routed"
    assert len(children) == 10  # the ten counties of 安康市
    hanbin = next(c for c in children if c.region_id == HANBIN)
    assert hanbin.number == "G01-610902" and hanbin.parent_id == shared.pk and hanbin.status == "assigned"
    assert hanbin.sector == "water" and hanbin.deadline == shared.deadline
    # Each county rectifies its own; the shared one leaves the measures.
    assert problem_measures(Problem.objects.all(), on=datetime.date(2019, 12, 31))[0].total == 10
    with pytest.raises(ValidationError):
        services.problem_route(user=city_officer, problem=shared)  # already routed


def test_only_shared_problems_are_routed_and_only_to_their_counties(city_officer, inspection_factory, problem_factory):
    from jingzhun.regions.models import Region

    inspection = inspection_factory()
    own = problem_factory(inspection, region=HANBIN)
    with pytest.raises(ValidationError):
        services.problem_route(user=city_officer, problem=own)
    shared = problem_factory(inspection, region=ANKANG, level="city")
    with pytest.raises(ValidationError):
        services.problem_route(user=city_officer, problem=shared, counties=[Region.objects.get(code="610100000000")])


def test_the_life_cycle_with_evidence_and_four_eyes(city_officer, county_officer, inspection_factory, problem_factory):
    problem = problem_factory(inspection_factory())
    problem = services.problem_step(user=county_officer, problem=problem, step="begin", note="方案")
    with pytest.raises(ValidationError) as missing:  # no evidence, no note
        services.problem_step(user=county_officer, problem=problem, step="submit")
    assert "files" in missing.value.message_dict and "note" in missing.value.message_dict
    problem = services.problem_step(
        user=county_officer, problem=problem, step="submit", note="已整改", files=[evidence()]
    )
    assert problem.status == "submitted" and problem.submitted_by == county_officer and problem.done_on
    with pytest.raises(PermissionDenied):  # four-eyes: the submitter may not verify
        services.problem_step(user=county_officer, problem=problem, step="verify", note="好")
    with pytest.raises(ValidationError):  # not verified yet: no closing
        services.problem_step(user=city_officer, problem=problem, step="close")
    problem = services.problem_step(user=city_officer, problem=problem, step="verify", note="整改到位")
    problem = services.problem_step(user=city_officer, problem=problem, step="close")
    assert problem.status == "closed" and problem.closed_on and problem.verified_by == city_officer
    log = list(TransitionLog.objects.of(problem).order_by("at", "id").values_list("transition", flat=True))
    assert log == ["start", "begin", "submit", "verify", "close"]
    problem = services.problem_step(user=city_officer, problem=problem, step="reopen", note="回访发现问题反弹")
    assert problem.status == "rectifying" and problem.reopened == 1 and problem.closed_on is None


def test_who_takes_which_step(county_officer, village_clerk, inspector, outsider, inspection_factory, problem_factory):
    problem = problem_factory(inspection_factory(), region=village_clerk.region_id)
    with pytest.raises(PermissionDenied):  # read-only role
        transition_run(user=inspector, obj=problem, transition="begin")
    with pytest.raises(PermissionDenied):  # outside the scope: 404 (a PermissionDenied too)
        transition_run(user=outsider, obj=problem, transition="begin")
    problem = services.problem_step(user=village_clerk, problem=problem, step="begin")
    problem = services.problem_step(user=village_clerk, problem=problem, step="submit", note="完成", files=[evidence()])
    with pytest.raises(PermissionDenied):  # a village may not verify
        services.problem_step(user=village_clerk, problem=problem, step="verify", note="好")
    problem = services.problem_step(user=county_officer, problem=problem, step="return", note="佐证不足")
    assert problem.status == "rectifying" and problem.done_on is None


def test_a_sector_department_owns_its_sectors_problems_only(sector_user, inspection_factory, problem_factory):
    inspection = inspection_factory()
    water = problem_factory(inspection, line="sector", sector="water")
    roads = problem_factory(inspection, line="sector", sector="transport")
    county = problem_factory(inspection)
    assert set(Problem.objects.for_user(sector_user)) == {water}
    services.problem_step(user=sector_user, problem=water, step="begin")
    with pytest.raises(PermissionDenied):
        services.problem_step(user=sector_user, problem=roads, step="begin")
    with pytest.raises(PermissionDenied):
        services.problem_step(user=sector_user, problem=county, step="begin")


def test_a_sector_line_needs_its_sector(city_officer, inspection_factory, problem_factory):
    with pytest.raises(ValidationError) as error:
        problem_factory(inspection_factory(), line="sector", sector="")
    assert "责任线为行业部门时须指定行业部门" in str(error.value)


def test_overdue_problems_wait_in_the_to_do_list(county_officer, inspection_factory, problem_factory):
    inspection = inspection_factory()
    problem_factory(inspection, deadline=datetime.date(2019, 3, 31))
    problem_factory(inspection, deadline=datetime.date(2030, 3, 31))
    lines = {item.key: item.count for item in todo_for(county_officer)}
    assert lines["rectification.problem:assigned"] == 2
    assert lines["rectification.problem:overdue"] == 1


def test_measures_at_chosen_dates(city_officer, county_officer, inspection_factory, problem_factory):
    inspection = inspection_factory()
    june = datetime.date(2019, 6, 30)
    on_time = problem_factory(inspection, deadline=june)
    late = problem_factory(inspection, deadline=june)
    still_open = problem_factory(inspection, deadline=june, category="funds")
    problem_factory(inspection, deadline=datetime.date(2019, 12, 31), category="funds")
    rectify(on_time, county_officer, city_officer, at_done=datetime.date(2019, 6, 1))
    rectify(late, county_officer, city_officer, at_done=datetime.date(2019, 7, 20))

    def measures(on):
        return problem_measures(Problem.objects.all(), on=on)[0]

    may = measures(datetime.date(2019, 5, 31))
    assert (may.total, may.closed, may.due, may.overdue) == (4, 0, 0, 0)
    assert may.completion_rate == 0 and may.on_time_rate is None
    july = measures(datetime.date(2019, 7, 10))
    assert (july.closed, july.due, july.closed_on_time, july.overdue) == (1, 3, 1, 2)
    assert july.completion_rate == 25 and july.on_time_rate == Decimal("33.3")
    assert july.max_overdue_days == 10
    august = measures(datetime.date(2019, 8, 1))
    assert (august.closed, august.closed_on_time, august.overdue) == (2, 1, 1)
    assert august.completion_rate == 50 and august.on_time_rate == Decimal("33.3")
    by_category = {
        m.key: (m.total, m.overdue) for m in problem_measures(Problem.objects.all(), on=august_day(), by="category")
    }
    assert by_category == {"funds": (2, 1), "identification": (2, 0)}
    rows = {r[1]: r for r in status_rows(Problem.objects.all(), on=datetime.date(2019, 7, 10))}
    assert rows[still_open.number][4:7] == ("open", "2019-06-30", 10)
    assert rows[late.number][4] == "open"  # done only on 20 July
    assert rows[on_time.number][4:7] == ("closed", "2019-06-30", 0)


def august_day():
    return datetime.date(2019, 8, 1)


def test_a_problem_found_again_after_it_was_closed_is_a_recurrence(
    city_officer, county_officer, hanbin_village, household_factory, inspection_factory, problem_factory
):
    household = household_factory(hanbin_village)
    first = inspection_factory("SJ-2017", date=datetime.date(2018, 1, 15), source="provincial_cross")
    region_problem = problem_factory(first, category="funds", deadline=datetime.date(2018, 6, 30))
    household_problem = problem_factory(
        first, region=hanbin_village.code, household=household, deadline=datetime.date(2018, 6, 30)
    )
    problem_factory(first, category="conduct", deadline=datetime.date(2018, 6, 30))
    rectify(region_problem, county_officer, city_officer, at_done=datetime.date(2018, 5, 1))
    rectify(household_problem, county_officer, city_officer, at_done=datetime.date(2018, 5, 1))
    closed_later = problem_factory(first, category="exit", deadline=datetime.date(2018, 6, 30))
    rectify(closed_later, county_officer, city_officer, at_done=datetime.date(2019, 3, 1))  # after the next check
    second = inspection_factory("ZY-2018")
    again = problem_factory(second, category="funds")
    household_again = problem_factory(second, region=hanbin_village.code, household=household)
    other_category = problem_factory(second, category="exit")
    not_closed = problem_factory(second, category="conduct")
    elsewhere = problem_factory(second, category="funds", region=HANYIN)
    assert again.recurrence == 1 and again.recurrence_of_id == region_problem.pk
    assert household_again.recurrence == 1 and household_again.recurrence_of_id == household_problem.pk
    assert other_category.recurrence == not_closed.recurrence == elsewhere.recurrence == 0
    assert region_problem.recurrence == 0  # earlier problems are not repeats of later ones
    assert recurrence_by_county(Problem.objects.all(), year=2019) == {HANBIN: 2}
    assert problem_measures(Problem.objects.all(), on=datetime.date(2019, 12, 31), by="unit")[0].recurrences == 2


def test_supervision_by_the_county_or_city_only(county_officer, village_clerk, inspection_factory, problem_factory):
    problem = problem_factory(inspection_factory(), region=village_clerk.region_id)
    with pytest.raises(PermissionDenied):
        services.problem_supervise(user=village_clerk, problem=problem, level="county", leader="区长")
    with pytest.raises(ValidationError):
        services.problem_supervise(user=county_officer, problem=problem, level="county", leader=" ")
    supervised = services.problem_supervise(
        user=county_officer, problem=problem, level="county", leader="区长王某", special_case=True
    )
    assert supervised.supervision_level == "county" and supervised.special_case and supervised.supervised_on
    lifted = services.problem_supervise(user=county_officer, problem=supervised, level="", leader="")
    assert lifted.supervision_level == "" and not lifted.special_case and lifted.version == supervised.version + 1


def test_accountability_is_recorded_by_the_county_in_its_region(
    county_officer, village_clerk, outsider, inspection_factory, problem_factory
):
    problem = problem_factory(inspection_factory())
    record = Accountability(
        problem=problem,
        kind="interview",
        person="李某",
        unit="某镇",
        document_number="汉纪〔2019〕3号",
        date=datetime.date(2019, 8, 1),
    )
    saved = services.accountability_save(user=county_officer, record=record)
    assert saved.region_id == HANBIN and Accountability.objects.for_user(outsider).count() == 0
    with pytest.raises(PermissionDenied):
        services.accountability_save(
            user=village_clerk,
            record=Accountability(
                region_id=village_clerk.region_id,
                kind="notice",
                unit="村委会",
                document_number="1",
                date=datetime.date(2019, 8, 1),
            ),
        )


def test_risks_need_a_resolution_date_when_resolved(county_officer):
    from jingzhun.rectification.measures import open_risks_by_county
    from jingzhun.rectification.models import Risk

    risk = Risk(
        kind="group_petition", region_id=HANBIN, title="集体访", owner="张某", found_on=datetime.date(2019, 3, 1)
    )
    services.risk_save(user=county_officer, risk=risk)
    risk.status = "resolved"
    with pytest.raises(ValidationError):
        services.risk_save(user=county_officer, risk=risk)
    assert open_risks_by_county(Risk.objects.all())[0]["total"] == 1
    risk.resolved_on = datetime.date(2019, 4, 1)
    services.risk_save(user=county_officer, risk=risk)
    assert open_risks_by_county(Risk.objects.all()) == []


def test_petitions_year_on_year_resolution_and_repeats(county_officer, hanbin_village):
    from jingzhun.rectification.measures import petition_years
    from jingzhun.rectification.models import Petition

    def petition(day, name, **fields):
        return services.petition_save(
            user=county_officer,
            petition=Petition(received_on=day, region=hanbin_village, petitioner=name, content="反映问题", **fields),
        )

    for k in range(5):
        petition(datetime.date(2016, 3, 1 + k), f"甲{k}")
    for k in range(9):
        petition(
            datetime.date(2017, 3, 1 + k),
            f"乙{k}",
            resolved=k < 6,
            resolved_on=datetime.date(2017, 5, 1) if k < 6 else None,
        )
    repeat = petition(datetime.date(2017, 9, 1), "甲0", is_group=True, people=12)
    assert repeat.is_repeat
    with pytest.raises(ValidationError):
        petition(datetime.date(2017, 9, 2), "丙", is_group=True, people=2)
    years = {y.year: y for y in petition_years(Petition.objects.all())}
    assert years[2016].change is None
    assert years[2017].total == 10 and years[2017].change == 100  # 5 → 10
    assert years[2017].resolution_rate == 60 and years[2017].repeats == 1 and years[2017].groups == 1


def test_problems_seeded_from_open_quality_findings(
    city_officer, inspection_factory, hanbin_village, household_factory
):
    from jingzhun.quality.models import Finding
    from jingzhun.quality.services import quality_run_create, quality_run_execute
    from jingzhun.registry.models import Household

    household = household_factory(hanbin_village, members=2)
    Household.objects.filter(pk=household.pk).update(helper_name="")  # HP-01: no helper
    quality_run_execute(run=quality_run_create(user=None, region_code=HANBIN, year=2019))
    inspection = inspection_factory("HKK-2019", source="sweep")
    before = Finding.objects.count()
    created = services.problems_from_findings(user=city_officer, inspection=inspection, region_code=HANBIN)
    households = Finding.objects.filter(status="open").exclude(household_code="").values("household_code").distinct()
    assert created and len(created) == households.count()
    assert before == Finding.objects.count()
    assert {p.origin for p in created} == {"quality"} and created[0].household_id
    assert services.problems_from_findings(user=city_officer, inspection=inspection, region_code=HANBIN) == []


def test_problems_seeded_from_a_failing_gap_list(
    city_officer, inspection_factory, household_factory, hanbin_village, hanyin_village
):
    from jingzhun.standards.models import EvaluationResult
    from jingzhun.standards.tests.world import build_world, official_run

    build_world(household_factory, hanbin_village, hanyin_village)
    run = official_run(city_officer, "household", region_code=HANBIN)
    failing = EvaluationResult.objects.filter(run=run, passed=False, household__isnull=False)
    assert failing.exists()
    inspection = inspection_factory("HKK-2019", source="sweep")
    created = services.problems_from_gaps(user=city_officer, inspection=inspection, run=run)
    assert len(created) == failing.count()
    assert {p.category for p in created} <= {"exit", "assistance"} and created[0].description.startswith("未达标指标")
    assert services.problems_from_gaps(user=city_officer, inspection=inspection, run=run) == []
