"""The household exit procedure: each step, its who (403), its guards (400), batches and roll-back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jingzhun.core.models import TransitionLog
from jingzhun.exits import services
from jingzhun.exits.choices import CaseStatus
from jingzhun.exits.models import ExitCase
from jingzhun.exits.tests.conftest import days_ago, pdf
from jingzhun.registry.choices import Status

pytestmark = pytest.mark.django_db

MEETING = datetime.date(2019, 10, 8)


def propose(user, households):
    return services.case_propose(
        user=user, households=households, year=2019, meeting_on=MEETING, attendance=42, files=[pdf("会议记录.pdf")]
    )


def to_publicity(clerk, cases, *, at=None):
    services.case_step(user=clerk, cases=cases, step="verify", note="入户核实收入与住房", at=at)
    services.case_step(user=clerk, cases=cases, step="acknowledge", files=[pdf("签字表.pdf")], at=at)
    services.case_step(user=clerk, cases=cases, step="publicise", files=[pdf("公示照片.pdf")], at=at)
    return [ExitCase.objects.get(pk=c.pk) for c in cases]


def test_household_walks_from_meeting_to_closing(exit_world, village_clerk, township_officer, county_officer):
    household = exit_world["passing"][0]
    (case,) = propose(village_clerk, [household])
    assert case.status == CaseStatus.ASSESSED
    (case,) = to_publicity(village_clerk, [case], at=days_ago(8))
    assert case.status == CaseStatus.PUBLICISING
    assert case.publicity_start == timezone.localdate(days_ago(8))
    services.case_step(user=township_officer, cases=[case], step="review", note="同意退出")
    services.case_step(user=county_officer, cases=[case], step="approve", files=[pdf("公告.pdf")])
    services.case_step(user=county_officer, cases=[case], step="close")
    case.refresh_from_db()
    household.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert (household.status, household.exit_year) == (Status.EXITED, 2019)
    steps = list(TransitionLog.objects.of(case).order_by("pk").values_list("transition", flat=True))
    assert steps == ["start", "verify", "acknowledge", "publicise", "review", "approve", "close"]
    # 销号 went through the registry's yearly cycle: the household's own log has its 标注脱贫.
    assert list(TransitionLog.objects.of(household).values_list("transition", "to_state", "user")) == [
        ("exit", "1", county_officer.pk)
    ]


def test_publicity_must_have_run(exit_world, village_clerk, township_officer):
    (case,) = to_publicity(village_clerk, propose(village_clerk, [exit_world["passing"][0]]))
    with pytest.raises(ValidationError) as error:
        services.case_step(user=township_officer, cases=[case], step="review", note="同意")
    assert "公示须满 7 天" in " ".join(error.value.messages)


def test_unresolved_objection_blocks_review(exit_world, village_clerk, township_officer):
    (case,) = to_publicity(village_clerk, propose(village_clerk, [exit_world["passing"][0]]), at=days_ago(10))
    objection = services.objection_record(
        user=village_clerk, case=case, raised_on=timezone.localdate(), content="该户收入不实", raised_by="村民甲"
    )
    with pytest.raises(ValidationError) as error:
        services.case_step(user=township_officer, cases=[case], step="review", note="同意")
    assert "1 条异议尚未处理" in " ".join(error.value.messages)
    services.objection_resolve(user=village_clerk, objection=objection, resolution="经核实收入属实")
    services.case_step(user=township_officer, cases=[case], step="review", note="同意")
    case.refresh_from_db()
    assert case.status == CaseStatus.REVIEWED


def test_failing_household_cannot_be_publicised(exit_world, village_clerk):
    (case,) = propose(village_clerk, [exit_world["failing"]])
    services.case_step(user=village_clerk, cases=[case], step="verify", note="核实")
    services.case_step(user=village_clerk, cases=[case], step="acknowledge", files=[pdf()])
    with pytest.raises(ValidationError) as error:
        services.case_step(user=village_clerk, cases=[case], step="publicise", files=[pdf()])
    assert "未达到退出标准" in " ".join(error.value.messages)


def test_no_official_run_blocks(household_factory, hanbin_village, village_clerk):
    household = household_factory(hanbin_village)
    (case,) = propose(village_clerk, [household])
    services.case_step(user=village_clerk, cases=[case], step="verify", note="核实")
    services.case_step(user=village_clerk, cases=[case], step="acknowledge", files=[pdf()])
    with pytest.raises(ValidationError) as error:
        services.case_step(user=village_clerk, cases=[case], step="publicise", files=[pdf()])
    assert "尚无正式评估结果" in " ".join(error.value.messages)


def test_acknowledgement_needs_the_signed_form(exit_world, village_clerk):
    (case,) = propose(village_clerk, [exit_world["passing"][0]])
    services.case_step(user=village_clerk, cases=[case], step="verify", note="核实")
    with pytest.raises(ValidationError):
        services.case_step(user=village_clerk, cases=[case], step="acknowledge")


def test_who_takes_which_step(exit_world, village_clerk, township_officer, county_officer, inspector, outsider):
    (case,) = to_publicity(village_clerk, propose(village_clerk, [exit_world["passing"][0]]), at=days_ago(8))
    for user in (village_clerk, county_officer, inspector):
        with pytest.raises(PermissionDenied):
            services.case_step(user=user, cases=[case], step="review", note="同意")
    with pytest.raises(PermissionDenied):  # outside the scope: 404 (a PermissionDenied too)
        services.case_step(user=outsider, cases=[case], step="review", note="同意")
    with pytest.raises(PermissionDenied):
        services.case_propose(
            user=inspector, households=[exit_world["passing"][1]], year=2019, meeting_on=MEETING, attendance=3
        )


def test_batch_for_a_village_is_all_or_nothing(exit_world, village_clerk):
    passing = exit_world["passing"]
    cases = propose(village_clerk, [*passing, exit_world["failing"]])
    services.case_step(user=village_clerk, cases=cases, step="verify", note="核实")
    services.case_step(user=village_clerk, cases=cases, step="acknowledge", files=[pdf()])
    with pytest.raises(ValidationError):
        services.case_step(user=village_clerk, cases=cases, step="publicise", files=[pdf()])
    assert set(ExitCase.objects.values_list("status", flat=True)) == {CaseStatus.ACKNOWLEDGED}
    good = [c for c in cases if c.household_id != exit_world["failing"].pk]
    assert services.case_step(user=village_clerk, cases=good, step="publicise", files=[pdf()]) == 2


def test_roll_back_of_a_closed_case_restores_the_registry(exit_world, village_clerk, township_officer, county_officer):
    household = exit_world["passing"][0]
    (case,) = to_publicity(village_clerk, propose(village_clerk, [household]), at=days_ago(8))
    services.case_step(user=township_officer, cases=[case], step="review", note="同意")
    services.case_step(user=county_officer, cases=[case], step="approve", files=[pdf()])
    services.case_step(user=county_officer, cases=[case], step="close")
    with pytest.raises(PermissionDenied):
        services.case_roll_back(user=village_clerk, case=case, reason="错退")
    with pytest.raises(ValidationError):
        services.case_roll_back(user=county_officer, case=case, reason=" ")
    case = services.case_roll_back(user=county_officer, case=case, reason="抽查发现收入不实，错退")
    household.refresh_from_db()
    assert case.status == CaseStatus.ROLLED_BACK
    assert case.rollback_reason == "抽查发现收入不实，错退"
    assert (household.status, household.exit_year) == (Status.NOT_EXITED, None)
    # A rolled-back case leaves room for a new proposal the same year.
    assert propose(village_clerk, [household])[0].status == CaseStatus.ASSESSED


def test_exited_household_cannot_be_proposed(household_factory, hanbin_village, village_clerk):
    household = household_factory(hanbin_village, status="1", exit_year=2018)
    with pytest.raises(ValidationError) as error:
        propose(village_clerk, [household])
    assert "已脱贫" in " ".join(error.value.messages)
