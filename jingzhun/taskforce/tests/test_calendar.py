"""Working days across a holiday, meeting cadence compliance, the targets' pace."""

import datetime

import pytest

from jingzhun.taskforce.workdays import is_workday, workdays_between

D = datetime.date


def test_the_national_day_week_is_off_and_the_adjusted_saturday_is_worked():
    assert not is_workday(D(2019, 10, 1))
    assert not is_workday(D(2019, 10, 7))
    assert is_workday(D(2019, 10, 8))
    assert is_workday(D(2019, 10, 12))  # Saturday worked in exchange (调休)
    assert is_workday(D(2019, 9, 29))  # Sunday worked in exchange
    assert not is_workday(D(2019, 10, 13))


def test_countdown_across_the_national_day_counts_working_days_only():
    # 30 Sep → 12 Oct: 1–7 Oct off, 8–11 Oct worked, 12 Oct (Saturday) worked.
    assert workdays_between(D(2019, 9, 30), D(2019, 10, 12)) == 5
    assert workdays_between(D(2019, 9, 27), D(2019, 9, 30)) == 2  # Sunday 29 Sep worked, Monday 30 Sep
    assert workdays_between(D(2019, 10, 12), D(2019, 10, 1)) == 0


def test_countdown_across_the_extended_2020_spring_festival():
    assert workdays_between(D(2020, 1, 23), D(2020, 2, 3)) == 1  # 24 Jan – 2 Feb off
    assert is_workday(D(2020, 1, 19))


@pytest.mark.django_db
def test_cadence_counts_months_weeks_and_quarters_with_enough_meetings(city_officer):
    from conftest import ANKANG
    from jingzhun.core.parameters import parameter_set
    from jingzhun.taskforce.figures import meeting_cadence
    from jingzhun.taskforce.models import Meeting

    def meeting(kind, day):
        Meeting.objects.create(region_id=ANKANG, kind=kind, date=D.fromisoformat(day), title=kind)

    meeting("leading", "2019-01-15")
    meeting("leading", "2019-03-02")
    meeting("joint", "2019-02-20")
    for day in ("2019-01-07", "2019-01-14", "2019-01-28", "2019-02-04"):
        meeting("dispatch", day)
    meeting("dispatch", "2019-02-05")  # twice in one week counts once
    leading, dispatch, joint = meeting_cadence(meetings=Meeting.objects.all(), year=2019, on=D(2019, 4, 10))
    assert (leading.periods, leading.kept, leading.missing) == (3, 2, ["2019-02"])
    # Weeks 1–14 have ended by Wednesday 10 April (week 15 is running); week 1 (31 Dec – 6 Jan) had none.
    assert dispatch.periods == 14
    assert dispatch.kept == 4
    assert "2019-W03" not in dispatch.missing and "2019-W04" in dispatch.missing
    assert (joint.periods, joint.kept) == (1, 1)

    parameter_set(
        user=city_officer, name="taskforce.leading_per_month", value="2", year_from=2019, source="测试", reason="测试"
    )
    leading, *_rest = meeting_cadence(meetings=Meeting.objects.all(), year=2019, on=D(2019, 4, 10))
    assert leading.kept == 0


@pytest.mark.django_db
def test_pace_is_the_remaining_task_over_the_remaining_working_days(city_officer):
    from conftest import HANBIN
    from jingzhun.taskforce.figures import target_paces
    from jingzhun.taskforce.models import Target

    Target.objects.create(
        region_id=HANBIN, year=2019, people=1000, people_done=900, villages=3, villages_done=3, deadline=D(2019, 10, 12)
    )
    [people, villages] = target_paces(targets=Target.objects.all(), on=D(2019, 9, 30))
    assert people.remaining == 100 and people.workdays_left == 5
    assert str(people.per_workday) == "20.00"
    assert villages.remaining == 0 and villages.per_workday == 0


def test_a_deadline_in_working_days_skips_the_holiday():
    from jingzhun.taskforce.workdays import workdays_add

    assert workdays_add(D(2019, 9, 27), 1) == D(2019, 9, 29)  # Sunday worked in exchange
    assert workdays_add(D(2019, 9, 30), 3) == D(2019, 10, 10)


@pytest.mark.django_db
def test_official_achievements_of_another_app_replace_the_typed_numbers(monkeypatch):
    from conftest import HANBIN
    from jingzhun.taskforce import figures
    from jingzhun.taskforce.models import Target

    Target.objects.create(region_id=HANBIN, year=2019, people=1000, people_done=10, deadline=D(2019, 10, 12))

    def exits(*, year, regions):
        return {HANBIN: {"people": 950}} if year == 2019 and HANBIN in regions else {}

    monkeypatch.setattr(figures, "app_hooks", lambda name: [exits] if name == "target_achievements" else [])
    [people] = figures.target_paces(targets=Target.objects.all(), on=D(2019, 9, 30))
    assert people.achieved == 950 and str(people.per_workday) == "10.00"
