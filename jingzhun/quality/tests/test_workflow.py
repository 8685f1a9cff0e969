"""The finding workflow on the engine: who takes which step, the log, and the to-do lists it feeds."""

import pytest
from django.core.exceptions import PermissionDenied

from jingzhun.core.models import TransitionLog
from jingzhun.core.todo import todo_for
from jingzhun.core.workflow import transition_run, transitions_available
from jingzhun.quality import services

from .test_runs import finding, run

pytestmark = pytest.mark.django_db


def steps(user, obj):
    return {a.transition.name for a in transitions_available(user, obj) if a.allowed}


def test_a_clerk_proposes_and_escalates_a_county_officer_justifies_and_reviews(
    clean_household, village_clerk, county_officer
):
    household = clean_household(helper_name="")
    run()
    found = finding("HP-01", household.code)
    assert steps(village_clerk, found) == {"propose", "escalate"}
    assert steps(county_officer, found) == {"justify", "escalate"}
    with pytest.raises(PermissionDenied):  # an approver justifies directly instead
        transition_run(user=county_officer, obj=found, transition="propose", note="x")
    services.finding_justify(user=village_clerk, finding=found, reason="帮扶人调整中")
    found.refresh_from_db()
    assert steps(county_officer, found) == {"justify", "approve", "reject", "escalate"}
    services.finding_review(user=county_officer, finding=found, approve=False, note="证据不足")
    log = list(TransitionLog.objects.of(found).values_list("transition", "from_state", "to_state", "note"))
    assert log == [("propose", "open", "pending", "帮扶人调整中"), ("reject", "pending", "open", "证据不足")]


def test_the_clerk_waits_on_open_findings_and_the_county_on_pending_ones(
    clean_household, village_clerk, county_officer
):
    first = clean_household(helper_name="")
    second = clean_household(helper_name="")
    run()
    assert {i.key: i.count for i in todo_for(village_clerk)}["quality.finding:open"] == 2
    assert {i.key: i.count for i in todo_for(county_officer)}["quality.finding:open"] == 2
    services.finding_justify(user=village_clerk, finding=finding("HP-01", first.code), reason="理由")
    services.finding_escalate(user=village_clerk, finding=finding("HP-01", second.code), note="跨县协调")
    clerk = {i.key: i.count for i in todo_for(village_clerk)}
    assert "quality.finding:pending" not in clerk and "quality.finding:escalated" not in clerk
    county = {i.key: i.count for i in todo_for(county_officer)}
    assert county["quality.finding:pending"] == 1 and county["quality.finding:escalated"] == 1


def test_a_comparison_exception_justifies_the_finding_as_a_logged_step(clean_household, county_officer):
    from .test_comparisons import upload

    household = clean_household()
    member = household.members.order_by("code")[1]
    upload(
        county_officer,
        "vehicles",
        ("证件号码", "姓名", "车牌号码", "购买价格"),
        (member.id_number, member.name, "陕G1", "60000"),
    )
    run()
    services.comparison_exception_record(
        user=county_officer, kind="vehicles", id_number=member.id_number, reason="车辆实为亲属所有"
    )
    [log] = TransitionLog.objects.filter(transition="except")
    assert (log.to_state, log.note, log.user) == ("justified", "车辆实为亲属所有", county_officer)
