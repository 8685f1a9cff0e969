"""三率一度一日志: each measure on both sides of its threshold."""

import datetime
from decimal import Decimal

import pytest

from jingzhun.assistance.choices import PostingKind, PresenceKind
from jingzhun.assistance.measures import attendance, diary_rates, scorecard, visit_rates
from jingzhun.assistance.models import Cadre, Diary, Survey, Visit
from jingzhun.assistance.tests.world import cadre_create, days_add, pair
from jingzhun.core.parameters import parameter_set

pytestmark = pytest.mark.django_db
JAN1 = datetime.date(2019, 1, 1)
DEC31 = datetime.date(2019, 12, 31)


def one(rows, cadre):
    [row] = [r for r in rows if r.cadre == cadre.pk]
    return row


def test_220_days_in_a_full_year_is_enough_219_is_not(cadre, hanbin_village):
    days_add(cadre, hanbin_village, JAN1, 219)
    row = one(attendance(year=2019, date=DEC31), cadre)
    assert (row.days, row.required, row.below) == (219, Decimal("220.0"), True)
    assert row.rate == Decimal("0.9955")
    days_add(cadre, hanbin_village, DEC31, 1)
    row = one(attendance(year=2019, date=DEC31), cadre)
    assert (row.days, row.below, row.rate) == (220, False, Decimal(1))


def test_required_to_date_grows_with_the_days_of_the_year(cadre, hanbin_village):
    row = one(attendance(year=2019, date=datetime.date(2019, 6, 30)), cadre)
    assert row.elapsed == 181
    assert row.required == Decimal("109.1")  # 220 × 181 ÷ 365


def test_a_posting_from_1_july_needs_about_110_days_by_year_end(unit, hanbin_village_2):
    cadre = cadre_create(unit, hanbin_village_2, n=2, start=datetime.date(2019, 7, 1))
    days_add(cadre, hanbin_village_2, datetime.date(2019, 7, 1), 110)
    row = one(attendance(year=2019, date=DEC31), cadre)
    assert row.required == Decimal("110.9")  # 220 × 184 ÷ 365
    assert row.below is True
    days_add(cadre, hanbin_village_2, datetime.date(2019, 10, 19), 1)
    assert one(attendance(year=2019, date=DEC31), cadre).below is False


def test_an_approved_official_absence_counts_leave_and_unapproved_do_not(cadre, hanbin_village):
    days_add(cadre, hanbin_village, JAN1, 10, kind=PresenceKind.OFFICIAL, approved=True)
    days_add(cadre, hanbin_village, datetime.date(2019, 2, 1), 10, kind=PresenceKind.OFFICIAL)
    days_add(cadre, hanbin_village, datetime.date(2019, 3, 1), 10, kind=PresenceKind.LEAVE)
    assert one(attendance(year=2019, date=DEC31), cadre).days == 10


def test_a_check_in_outside_the_posted_village_or_the_posting_does_not_count(
    unit, cadre, hanbin_village, hanbin_village_2
):
    days_add(cadre, hanbin_village_2, JAN1, 30)
    assert one(attendance(year=2019, date=DEC31), cadre).days == 0
    ended = cadre_create(unit, hanbin_village, n=3, end=datetime.date(2019, 1, 31))
    days_add(ended, hanbin_village, JAN1, 40)
    row = one(attendance(year=2019, date=DEC31), ended)
    assert (row.days, row.elapsed) == (31, 31)


def test_a_paired_only_cadre_has_no_attendance(unit, hanbin_village_2):
    cadre = cadre_create(unit, hanbin_village_2, n=4, kind=PostingKind.PAIRED)
    assert [r for r in attendance(year=2019, date=DEC31) if r.cadre == cadre.pk] == []


def test_the_days_required_is_a_parameter_of_the_year(cadre, hanbin_village, city_officer):
    days_add(cadre, hanbin_village, JAN1, 200)
    assert one(attendance(year=2019, date=DEC31), cadre).below is True
    parameter_set(
        user=city_officer,
        name="assistance.days_required",
        value=200,
        year_from=2019,
        source="市指挥部文件",
        reason="调整",
    )
    assert one(attendance(year=2019, date=DEC31), cadre).below is False
    assert one(attendance(year=2019, date=DEC31), cadre).required == Decimal("200.0")


def test_visit_rate_counts_paired_households_visited_by_their_cadre_in_the_period(
    cadre, hanbin_village, household_factory
):
    a, b = household_factory(hanbin_village), household_factory(hanbin_village)
    pair(cadre, a, b)
    Visit.objects.create(cadre=cadre, household=a, date=datetime.date(2019, 12, 20), purpose="走访")
    Visit.objects.create(cadre=cadre, household=b, date=datetime.date(2019, 11, 20), purpose="走访")  # too early
    assert visit_rates(cadre_ids=[cadre.pk], date=DEC31, period_days=30) == {cadre.pk: (1, 2)}
    assert visit_rates(cadre_ids=[cadre.pk], date=DEC31, period_days=60) == {cadre.pk: (2, 2)}


def test_diary_rate_is_diary_days_over_check_in_days(cadre, hanbin_village):
    days_add(cadre, hanbin_village, JAN1, 4)
    Diary.objects.create(cadre=cadre, village=hanbin_village, date=JAN1, content="走访")
    assert diary_rates(cadre_ids=[cadre.pk], year=2019, date=DEC31) == {cadre.pk: (1, 4)}


def test_scorecard_flags_the_bottom_of_the_county_and_lists_recall_reasons(
    unit, cadre, hanbin_village, hanbin_village_2, household_factory
):
    good = cadre_create(unit, hanbin_village_2, name="张勤", n=5)
    days_add(good, hanbin_village_2, JAN1, 230)
    days_add(cadre, hanbin_village, JAN1, 100)  # 住村率 45 %: below the recall line of 60 %
    household = household_factory(hanbin_village)
    pair(cadre, household)
    Survey.objects.create(household=household, date=DEC31, knows_policy=True, satisfied=False)
    scores = {s.cadre: s for s in scorecard(year=2019, date=DEC31, cadres=Cadre.objects.all())}
    assert scores[good.pk].rank == 1 and scores[cadre.pk].rank == 2
    assert scores[cadre.pk].interview and scores[good.pk].interview  # bottom 3 of a county of 2
    assert scores[cadre.pk].recall_reasons == ["住村率低于60%", "入户率低于50%"]
    assert scores[good.pk].recall_reasons == []
    assert scores[cadre.pk].awareness == Decimal("1.0") and scores[cadre.pk].satisfaction == Decimal("0.0")


def test_only_the_bottom_k_are_interviewed(unit, cadre, hanbin_village, hanbin_village_2, city_officer):
    parameter_set(
        user=city_officer, name="assistance.interview_bottom", value=1, year_from=2019, source="文件", reason="调整"
    )
    good = cadre_create(unit, hanbin_village_2, name="张勤", n=5)
    days_add(good, hanbin_village_2, JAN1, 230)
    days_add(cadre, hanbin_village, JAN1, 100)
    scores = {s.cadre: s for s in scorecard(year=2019, date=DEC31, cadres=Cadre.objects.all())}
    assert scores[cadre.pk].interview and not scores[good.pk].interview
