"""Runs and the findings workflow: identity, auto-close, recurrence, justification, escalation, CSV output."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import F, Value

from jingzhun.core.models import Job
from jingzhun.quality import services
from jingzhun.quality.models import CheckRun, Finding, FindingHit
from jingzhun.registry.models import Household
from jingzhun.standards import services as standards
from jingzhun.standards.shipped import POVERTY_LINES

from .conftest import YEAR, members_of, set_household, set_member

pytestmark = pytest.mark.django_db

HANBIN = "610902000000"


def run(region=HANBIN, year=YEAR):
    return services.quality_run_execute(run=services.quality_run_create(user=None, region_code=region, year=year))


def finding(code, key):
    return Finding.objects.get(check_code=code, entity_key=key)


def test_a_run_turns_each_offending_entity_into_one_finding_assigned_to_its_village(clean_household):
    household = clean_household(helper_name="")
    first = run()
    found = finding("HP-01", household.code)
    assert found.status == "open" and found.village_code == household.village_id
    assert found.first_run == first and found.household_code == household.code
    assert first.counts["HP-01"] == 1 and first.new_count >= 1
    assert FindingHit.objects.count() == 0  # the staging rows are gone


def test_running_again_updates_the_finding_instead_of_duplicating_it(clean_household):
    household = clean_household(size=4)
    run()
    set_household(household, size=5)
    second = run()
    assert Finding.objects.filter(check_code="HH-04").count() == 1
    found = finding("HH-04", household.code)
    assert found.last_run == second and "登记人数 5" in found.message and second.new_count == 0


def test_the_next_run_closes_a_finding_whose_data_was_fixed(clean_household):
    household = clean_household(helper_name="")
    run()
    set_household(household, helper_name="新帮扶人")
    second = run()
    found = finding("HP-01", household.code)
    assert found.status == "fixed" and found.closed_at is not None and second.closed_count == 1


def test_a_finding_that_trips_again_after_being_fixed_is_marked_recurring(clean_household):
    household = clean_household(helper_name="")
    run()
    set_household(household, helper_name="新帮扶人")
    run()
    set_household(household, helper_name="")
    third = run()
    found = finding("HP-01", household.code)
    assert found.status == "open" and found.recurring and found.recurrence_count == 1
    assert third.recurring_count == 1
    set_household(household, helper_name="又一人")
    run()
    set_household(household, helper_name="")
    run()
    assert finding("HP-01", household.code).recurrence_count == 2


def test_a_run_of_one_county_leaves_the_findings_of_another_county_alone(clean_household, hanyin_village):
    elsewhere = clean_household(village=hanyin_village, helper_name="")
    run(region="610921000000")
    run(region=HANBIN)
    assert finding("HP-01", elsewhere.code).status == "open"


def test_a_village_clerk_proposes_a_justification_and_a_county_officer_approves_it(
    clean_household, village_clerk, county_officer
):
    household = clean_household(helper_name="")
    run()
    found = finding("HP-01", household.code)
    services.finding_justify(user=village_clerk, finding=found, reason="帮扶人调整中，已报县里")
    found.refresh_from_db()
    assert found.status == "pending" and found.proposed_by == village_clerk
    with pytest.raises(PermissionDenied):
        services.finding_review(user=village_clerk, finding=found, approve=True)
    services.finding_review(user=county_officer, finding=found, approve=True)
    found.refresh_from_db()
    assert found.status == "justified" and found.approved_by == county_officer


def test_a_rejected_justification_goes_back_to_open(clean_household, village_clerk, county_officer):
    household = clean_household(helper_name="")
    run()
    found = finding("HP-01", household.code)
    services.finding_justify(user=village_clerk, finding=found, reason="理由")
    services.finding_review(user=county_officer, finding=found, approve=False, note="证据不足")
    found.refresh_from_db()
    assert found.status == "open" and "证据不足" in found.reason


def test_a_justified_finding_is_neither_reopened_nor_closed_nor_reported_again(clean_household, county_officer):
    household = clean_household(helper_name="")
    run()
    services.finding_justify(
        user=county_officer, finding=finding("HP-01", household.code), reason="五保老人由村集体照料"
    )
    again = run()
    assert finding("HP-01", household.code).status == "justified"
    out = io.StringIO()
    call_command("check_quality", "--region", "610902", "--year", str(YEAR), stdout=out, stderr=io.StringIO())
    assert household.code not in out.getvalue()
    assert again.counts["HP-01"] == 1  # the check still trips; the finding stays explained


def test_a_pending_justification_is_closed_when_the_data_is_fixed(clean_household, village_clerk):
    household = clean_household(helper_name="")
    run()
    services.finding_justify(user=village_clerk, finding=finding("HP-01", household.code), reason="理由")
    set_household(household, helper_name="新人")
    run()
    assert finding("HP-01", household.code).status == "fixed"


def test_escalating_needs_a_note(clean_household, village_clerk):
    household = clean_household(helper_name="")
    run()
    found = finding("HP-01", household.code)
    with pytest.raises(ValidationError):
        services.finding_escalate(user=village_clerk, finding=found, note=" ")
    services.finding_escalate(user=village_clerk, finding=found, note="跨县重复，需县里协调")
    found.refresh_from_db()
    assert found.status == "escalated"


@pytest.mark.parametrize("persona", ["inspector", "outsider"])
def test_read_only_and_out_of_scope_users_cannot_act_on_a_finding(request, clean_household, persona):
    user = request.getfixturevalue(persona)
    household = clean_household(helper_name="")
    run()
    with pytest.raises(PermissionDenied):
        services.finding_justify(user=user, finding=finding("HP-01", household.code), reason="x")


def test_a_clerk_cannot_start_a_run_outside_his_village(village_clerk):
    with pytest.raises(PermissionDenied):
        services.quality_run_create(user=village_clerk, region_code=HANBIN, year=YEAR)


def test_starting_a_run_from_a_page_runs_it_as_a_background_job(
    clean_household, county_officer, django_capture_on_commit_callbacks
):
    household = clean_household(helper_name="")
    with django_capture_on_commit_callbacks(execute=True):
        started = services.quality_run_start(user=county_officer, region_code=HANBIN, year=YEAR)
    started.refresh_from_db()
    job = Job.objects.get(pk=started.job_id)
    assert job.status == "succeeded" and job.result["run_id"] == started.pk
    assert started.status == "succeeded" and finding("HP-01", household.code).first_run == started


def test_the_exit_evaluation_check_is_reported_unavailable_without_an_official_evaluation(clean_household):
    clean_household()
    done = run()
    assert "EX-04" in done.unavailable and "EX-04" not in done.counts
    assert CheckRun.objects.get(pk=done.pk).status == "succeeded"


def test_the_exit_evaluation_check_uses_the_standards_interface_when_present(clean_household, monkeypatch):
    exited = clean_household(status="1", exit_year=2018)
    clean_household(status="1", exit_year=2018)

    def household_failures_latest(*, year):
        assert year == YEAR
        return Household.objects.filter(pk=exited.pk).annotate(
            household_id=F("pk"), failed_rules=Value("住房安全；义务教育")
        )

    def poverty_line_for(*, year, region_code):
        return Decimal(POVERTY_LINES[year])

    def latest_official_run(*, level, year, region_code):
        return object()

    monkeypatch.setattr(standards, "household_failures_latest", household_failures_latest)
    monkeypatch.setattr(standards, "latest_official_run", latest_official_run)
    monkeypatch.setattr(standards, "poverty_line_for", poverty_line_for)
    done = run()
    assert done.counts["EX-04"] == 1 and "EX-04" not in done.unavailable
    assert "住房安全" in finding("EX-04", exited.code).message


def test_check_quality_writes_the_csv_columns_and_codes(clean_household, tmp_path):
    household = clean_household(helper_name="")
    member = members_of(household)[1]
    set_member(member, sex="2")
    out = tmp_path / "findings.csv"
    call_command("check_quality", "--region", "610902000000", "--year", "2019", "--out", str(out), stderr=io.StringIO())
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["check", "entity", "code", "severity", "message"]
    body = {(r[0], r[1], r[2], r[3]) for r in rows[1:]}
    assert ("HP-01", "household", household.code, "error") in body
    assert ("ID-05", "member", member.id_number, "error") in body
    assert all(r[4] for r in rows[1:])


def test_check_quality_refuses_an_unknown_region():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("check_quality", "--region", "619999", stderr=io.StringIO())


def test_a_poverty_line_entered_in_the_standards_app_replaces_the_national_figure(clean_household, monkeypatch):
    household = clean_household(status="1", exit_year=2018)  # 14,000 元 for 3 people: 4,667 each
    assert household.code not in {f.entity_key for f in Finding.objects.filter(check_code="EX-02")}
    seen = []

    def poverty_line_for(*, year, region_code):
        seen.append(region_code)
        return Decimal(5000)

    monkeypatch.setattr(standards, "poverty_line_for", poverty_line_for)
    monkeypatch.setattr(standards, "latest_official_run", lambda **kwargs: None)  # no evaluation
    run()
    assert finding("EX-02", household.code).status == "open"
    assert "610902000000" in seen


def test_counts_split_active_findings_by_severity_and_age(clean_household):
    household = clean_household(helper_name="")
    set_member(members_of(household)[1], dibao=True)
    run()
    old = Finding.objects.get(check_code="HP-01")
    Finding.objects.filter(pk=old.pk).update(first_seen_at=old.first_seen_at - datetime.timedelta(days=40))
    counts = Finding.objects.all().counts()
    assert counts["errors"] == 1 and counts["warnings"] == 1
    assert counts["age_7"] == 1 and counts["age_90"] == 1 and counts["age_more"] == 0
    assert [f.check_code for f in Finding.objects.older_than("90")] == ["HP-01"]


@pytest.mark.parametrize(("region", "expected"), [("610902000000", {"hanbin"}), ("610900000000", {"hanbin", "hanyin"})])
def test_member_checks_of_a_run_stay_inside_its_region(clean_household, hanyin_village, region, expected):
    members = {
        "hanbin": members_of(clean_household())[1],
        "hanyin": members_of(clean_household(village=hanyin_village))[1],
    }
    for member in members.values():
        set_member(member, sex="2")
    run(region=region)
    reported = set(Finding.objects.filter(check_code="ID-05").values_list("entity_key", flat=True))
    assert reported == {members[name].code for name in expected}


def test_an_exited_household_failing_the_official_evaluation_is_a_wrong_exit_risk(clean_household):
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run

    exited = clean_household(status="1", exit_year=2018)
    passing = clean_household(status="1", exit_year=2018)
    Household.objects.filter(pk=exited.pk).update(identification_year=2015)
    exited.years.filter(year=YEAR).update(housing_rating="D")  # unsafe housing: fails the standard
    evaluation_run(
        user=None,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level="household",
        year=YEAR,
        region=Region.objects.get(code=HANBIN),
        official=True,
    )

    done = run()

    assert done.counts["EX-04"] == 1
    assert "housing" in finding("EX-04", exited.code).message
    assert not Finding.objects.filter(check_code="EX-04", entity_key=passing.code).exists()


def test_income_checks_are_reported_unavailable_without_a_poverty_line_for_the_year(clean_household):
    from jingzhun.standards.models import PovertyLine

    clean_household()
    PovertyLine.objects.filter(year=YEAR).delete()

    done = run()

    assert "EX-02" in done.unavailable
    assert CheckRun.objects.get(pk=done.pk).status == "succeeded"
