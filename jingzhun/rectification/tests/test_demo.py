"""The 整改督办 demo: the 2018 central-assessment feedback for Ankang, deterministic and not empty."""

import datetime

import pytest

from jingzhun.core.models import TransitionLog
from jingzhun.rectification.demo import demo_extend
from jingzhun.rectification.measures import petition_years, problem_measures
from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk

pytestmark = pytest.mark.django_db


def test_the_demo_holds_shared_and_county_problems_some_overdue_and_one_recurrence(
    household_factory, hanbin_village, city_officer
):
    for _k in range(3):
        household_factory(hanbin_village)
    summary = demo_extend(scale="city", households=2000, seed=2017, year=2019, replace=False)
    assert summary.startswith("整改督办")
    central = Inspection.objects.get(code="ZY-2018")
    assert central.source == "central"
    assert Problem.objects.filter(inspection=central, status="routed").count() == 6
    assert Problem.objects.filter(inspection=central, parent__isnull=False).count() == 60
    assert Problem.objects.filter(recurrence__gt=0).count() == 1
    end = datetime.date(2019, 12, 31)
    measures = problem_measures(Problem.objects.all(), on=end)[0]
    assert measures.overdue > 0 and measures.closed > measures.total / 2
    assert Problem.objects.exclude(supervision_level="").exists() and Accountability.objects.exists()
    assert Risk.objects.exclude(status="resolved").exists()
    years = {y.year: y for y in petition_years(Petition.objects.all())}
    assert years[2019].change and years[2019].change > 50
    closed = Problem.objects.filter(status="closed").first()
    assert list(TransitionLog.objects.of(closed).order_by("at", "id").values_list("transition", flat=True)) == [
        "start",
        "begin",
        "submit",
        "verify",
        "close",
    ]
    first = list(Problem.objects.order_by("inspection__code", "number").values_list("number", "status", "deadline"))
    with pytest.raises(ValueError):
        demo_extend(scale="city", households=2000, seed=2017, year=2019, replace=False)
    demo_extend(scale="city", households=2000, seed=2017, year=2019, replace=True)
    again = list(Problem.objects.order_by("inspection__code", "number").values_list("number", "status", "deadline"))
    assert first == again
    assert demo_extend(scale="province", households=2000, seed=2017, year=2019, replace=False) == ""
