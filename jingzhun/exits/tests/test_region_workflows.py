"""Village 出列 and county 摘帽: who takes each step, the publicity period, the official evaluation and the sample."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import HANBIN
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.workflow import transition_run
from jingzhun.exits import services
from jingzhun.exits.choices import CountyExitStatus, VillageExitStatus
from jingzhun.exits.models import Sample, SampleItem
from jingzhun.exits.tests.conftest import days_ago, pdf
from jingzhun.regions.models import CountyYear, Region
from jingzhun.standards.choices import Level
from jingzhun.standards.tests.world import official_run

pytestmark = pytest.mark.django_db


def reasons(error):
    return " ".join(error.value.messages)


def test_village_exit(exit_world, city_officer, village_clerk, township_officer, county_officer, hanbin_village):
    exit_ = services.village_exit_apply(user=village_clerk, village=hanbin_village, year=2019, note="申请出列")
    with pytest.raises(ValidationError) as error:  # no official village evaluation yet
        transition_run(user=township_officer, obj=exit_, transition="review", note="同意")
    assert "尚无正式评估结果" in reasons(error)
    run = official_run(city_officer, Level.VILLAGE, region_code=HANBIN)
    result = run.results.get(code=hanbin_village.code)
    with pytest.raises(PermissionDenied):  # the village office does not review its own application
        transition_run(user=village_clerk, obj=exit_, transition="review", note="同意")
    if not result.passed:
        with pytest.raises(ValidationError) as error:
            transition_run(user=township_officer, obj=exit_, transition="review", note="同意")
        assert "未达到退出标准" in reasons(error)
        return
    transition_run(user=township_officer, obj=exit_, transition="review", note="同意")
    transition_run(user=township_officer, obj=exit_, transition="publicise", files=[pdf()])
    with pytest.raises(ValidationError) as error:
        transition_run(user=county_officer, obj=exit_, transition="approve", note="同意")
    assert "公示须满" in reasons(error)
    exit_.refresh_from_db()
    type(exit_).objects.filter(pk=exit_.pk).update(publicity_start=days_ago(8).date())
    transition_run(user=county_officer, obj=exit_, transition="approve", note="同意")
    transition_run(user=county_officer, obj=exit_, transition="announce", files=[pdf()])
    exit_.refresh_from_db()
    assert exit_.status == VillageExitStatus.ANNOUNCED


def test_county_exit_rests_on_the_sample_and_the_county_evaluation(
    city_officer, county_officer, hanbin_village, household_factory
):
    county = Region.objects.get(code=HANBIN)
    CountyYear.objects.create(county=county, year=2019, is_poor_county=True)
    exit_ = services.county_exit_apply(user=county_officer, county=county, year=2019)
    with pytest.raises(PermissionDenied):  # 市初审 is the city office's
        transition_run(user=county_officer, obj=exit_, transition="check", note="同意")
    transition_run(user=city_officer, obj=exit_, transition="check", note="材料齐全")
    with pytest.raises(ValidationError) as error:
        transition_run(user=city_officer, obj=exit_, transition="verify")
    assert "尚无写入县级指标的抽样核查结果" in reasons(error)

    households = [household_factory(hanbin_village, members=2, status="1", exit_year=2019) for _ in range(3)]
    sample = Sample.objects.create(county=county, year=2019, seed=1)
    SampleItem.objects.bulk_create(
        SampleItem(
            sample=sample,
            category="exited",
            village=hanbin_village,
            household=h,
            people=2,
            conclusion="wrong_exit" if i == 0 else "normal",
            recognised=True,
        )
        for i, h in enumerate(households)
    )
    services.sample_apply(user=city_officer, sample=sample)
    with pytest.raises(ValidationError) as error:  # one household in three 错退: far above 2 %
        transition_run(user=city_officer, obj=exit_, transition="verify")
    assert "错退率 33.33%，须低于 2.00%" in reasons(error)

    SampleItem.objects.filter(sample=sample).update(conclusion="normal")
    with pytest.raises(ValidationError) as error:  # no non-registered household visited: 漏评率 unknown
        transition_run(user=city_officer, obj=exit_, transition="verify")
    assert "漏评率 —" in reasons(error)
    SampleItem.objects.create(
        sample=sample,
        category="non_registered",
        village=hanbin_village,
        id_number=make_id_number(HANBIN, datetime.date(1970, 1, 1), 7),
        people=4,
        conclusion="normal",
    )
    with pytest.raises(ValidationError) as error:  # the measured rates pass; the county evaluation is missing
        transition_run(user=city_officer, obj=exit_, transition="verify")
    assert "尚无正式评估结果" in reasons(error) and "错退率" not in reasons(error)
    exit_.refresh_from_db()
    assert exit_.status == CountyExitStatus.CHECKED
