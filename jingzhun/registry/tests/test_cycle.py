"""The registry's yearly cycle (动态调整): identify, exit, return, leave, remove — dated, reasoned, evidenced."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from jingzhun.core.models import TransitionLog
from jingzhun.registry import cycle
from jingzhun.registry.choices import LeaveReason, Status
from jingzhun.registry.models import Household
from jingzhun.registry.querysets import summary_aggregates

pytestmark = pytest.mark.django_db


def pdf(name="核查记录.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def logs(household):
    return list(TransitionLog.objects.of(household).values_list("transition", "from_state", "to_state"))


def test_a_new_household_is_identified_with_its_date_reason_and_evidence(county_officer, hanbin_village):
    household = Household(code="610902NEW001", village=hanbin_village, size=2, main_cause="01")
    cycle.household_identify(
        user=county_officer, household=household, on=datetime.date(2020, 3, 2), note="村民代表大会评议", files=[pdf()]
    )
    household.refresh_from_db()
    assert (household.status, household.identification_year) == (Status.NOT_EXITED, 2020)
    log = TransitionLog.objects.of(household).get()
    assert (log.transition, log.to_state, log.note, log.region_code) == (
        "start",
        "0",
        "村民代表大会评议",
        hanbin_village.code,
    )
    assert timezone.localdate(log.at) == datetime.date(2020, 3, 2)
    assert log.evidence.count() == 1


def test_identification_needs_a_reason(county_officer, hanbin_village):
    household = Household(code="610902NEW002", village=hanbin_village, size=2, main_cause="01")
    with pytest.raises(ValidationError) as error:
        cycle.household_identify(user=county_officer, household=household, note=" ")
    assert "识别纳入的依据" in str(error.value)
    assert not Household.objects.filter(code="610902NEW002").exists()


def test_exit_sets_the_status_and_the_exit_year_of_its_day(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    cycle.household_exit(
        user=county_officer, household=household, on=datetime.date(2019, 12, 1), note="两不愁三保障达标", files=[pdf()]
    )
    household.refresh_from_db()
    assert (household.status, household.exit_year, household.version) == (Status.EXITED, 2019, 2)
    assert logs(household) == [("exit", "0", "1")]


def test_a_household_identified_this_year_cannot_exit_the_same_year(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village, identification_year=2019)
    with pytest.raises(ValidationError) as error:
        cycle.household_exit(
            user=county_officer, household=household, on=datetime.date(2019, 12, 1), note="达标", files=[pdf()]
        )
    assert "2019 年识别的贫困户不能在当年标注脱贫" in str(error.value)
    household.refresh_from_db()
    assert (household.status, household.exit_year) == (Status.NOT_EXITED, None)
    assert logs(household) == []


def test_a_change_from_a_page_needs_its_evidence_files(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    with pytest.raises(ValidationError) as error:
        cycle.household_exit(user=county_officer, household=household, note="达标")
    assert "请上传佐证材料" in str(error.value)
    household.refresh_from_db()
    assert household.status == Status.NOT_EXITED


def test_an_exited_household_returns_to_poverty_and_keeps_its_exit_year(
    county_officer, household_factory, hanbin_village
):
    household = household_factory(hanbin_village, status=Status.EXITED, exit_year=2018)
    cycle.household_return(
        user=county_officer, household=household, on=datetime.date(2020, 4, 1), note="因病返贫", files=[pdf()]
    )
    household.refresh_from_db()
    assert (household.status, household.exit_year) == (Status.RETURNED, 2018)
    assert logs(household) == [("return", "1", "3")]


def test_a_poor_household_cannot_return_to_poverty(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    with pytest.raises(ValidationError):
        cycle.household_return(user=county_officer, household=household, note="返贫", files=[pdf()])
    household.refresh_from_db()
    assert household.status == Status.NOT_EXITED


def test_natural_decrease_keeps_the_household_with_its_date_and_reason(
    county_officer, household_factory, hanbin_village
):
    household = household_factory(hanbin_village)
    cycle.household_leave(
        user=county_officer,
        household=household,
        reason=LeaveReason.DEATH,
        on=datetime.date(2020, 5, 6),
        note="户主去世",
        files=[pdf("死亡证明.pdf")],
    )
    household.refresh_from_db()
    assert (household.status, household.left_on, household.left_reason) == (
        Status.LEFT,
        datetime.date(2020, 5, 6),
        LeaveReason.DEATH,
    )
    assert Household.objects.filter(pk=household.pk).exists()
    assert logs(household) == [("leave", "0", "5")]


def test_natural_decrease_needs_one_of_its_reasons(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    for reason in ("", LeaveReason.WRONGLY_IDENTIFIED):
        with pytest.raises(ValidationError) as error:
            cycle.household_leave(user=county_officer, household=household, reason=reason, note="迁出", files=[pdf()])
        assert "请选择自然减少的原因" in str(error.value)
    household.refresh_from_db()
    assert (household.status, household.left_on, household.left_reason) == (Status.NOT_EXITED, None, "")


def test_removal_is_final_and_no_step_leaves_it(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village, status=Status.EXITED, exit_year=2018)
    cycle.household_remove(
        user=county_officer, household=household, on=datetime.date(2020, 2, 3), note="财政供养人员", files=[pdf()]
    )
    household.refresh_from_db()
    assert (household.status, household.left_reason) == (Status.REMOVED, LeaveReason.WRONGLY_IDENTIFIED)
    with pytest.raises(ValidationError):
        cycle.household_return(user=county_officer, household=household, note="返贫", files=[pdf()])
    with pytest.raises(ValidationError):
        cycle.household_leave(
            user=county_officer, household=household, reason=LeaveReason.DEATH, note="死亡", files=[pdf()]
        )
    household.refresh_from_db()
    assert household.status == Status.REMOVED


def test_the_household_history_names_the_fields_and_codes_of_a_change(
    county_officer, household_factory, hanbin_village
):
    from jingzhun.core.models import AuditEvent

    household = household_factory(hanbin_village, status=Status.EXITED, exit_year=2018)
    cycle.household_remove(
        user=county_officer, household=household, on=datetime.date(2020, 2, 3), note="财政供养人员", files=[pdf()]
    )
    event = AuditEvent.objects.filter(action="update", object_pk=str(household.pk)).latest("at")
    changes = event.labelled_changes
    assert ("脱贫状态", "已脱贫（享受政策）", "已清退（错评剔除）") in changes
    assert ("减少/清退原因", "", "错评剔除") in changes


def test_the_database_refuses_a_left_household_without_date_or_reason(household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    household.status = Status.LEFT
    with pytest.raises(ValidationError) as error:
        household.full_clean()
    assert "自然减少或清退的户须有日期和原因" in str(error.value)


def test_a_change_dated_in_the_future_is_refused(county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        cycle.household_exit(user=county_officer, household=household, on=tomorrow, note="达标", files=[pdf()])
    assert "变更日期不能晚于今天" in str(error.value)


def test_read_only_roles_are_refused_and_other_counties_do_not_see_the_household(
    inspector, outsider, household_factory, hanbin_village
):
    household = household_factory(hanbin_village)
    with pytest.raises(PermissionDenied):
        cycle.household_remove(user=inspector, household=household, note="清退", files=[pdf()])
    with pytest.raises(Http404):
        cycle.household_remove(user=outsider, household=household, note="清退", files=[pdf()])
    household.refresh_from_db()
    assert household.status == Status.NOT_EXITED


def test_left_and_removed_households_are_no_longer_counted(county_officer, household_factory, hanbin_village):
    poor = household_factory(hanbin_village, members=3)
    gone = household_factory(hanbin_village, members=2)
    removed = household_factory(hanbin_village, members=4, status=Status.EXITED, exit_year=2018)
    cycle.household_leave(user=county_officer, household=gone, reason=LeaveReason.MOVED_OUT, note="迁出", files=[pdf()])
    cycle.household_remove(user=county_officer, household=removed, note="错评", files=[pdf()])
    figures = Household.objects.in_region(hanbin_village.code).aggregate(**summary_aggregates())
    assert (figures["households"], figures["people"]) == (1, poor.size)
    assert (figures["poor_households"], figures["exited_households"]) == (1, 0)


def test_the_years_counts_come_from_the_cycle_log(county_officer, household_factory, hanbin_village):
    at = {"files": [pdf()]}
    new = Household(code="610902NEW003", village=hanbin_village, size=1, main_cause="01")
    cycle.household_identify(user=county_officer, household=new, on=datetime.date(2020, 1, 5), note="新识别")
    exited = household_factory(hanbin_village)
    cycle.household_exit(user=county_officer, household=exited, on=datetime.date(2020, 3, 1), note="达标", **at)
    back = household_factory(hanbin_village, status=Status.EXITED, exit_year=2018)
    cycle.household_return(user=county_officer, household=back, on=datetime.date(2020, 3, 2), note="返贫", **at)
    last_year = household_factory(hanbin_village)
    cycle.household_leave(
        user=county_officer,
        household=last_year,
        reason=LeaveReason.DEATH,
        on=datetime.date(2019, 12, 31),
        note="死亡",
        **at,
    )
    removed = household_factory(hanbin_village)
    cycle.household_remove(user=county_officer, household=removed, on=datetime.date(2020, 7, 1), note="错评", **at)
    counts = cycle.cycle_counts(prefix="610902", year=2020)
    assert counts == {"identified": 1, "exited": 1, "returned": 1, "left": 0, "removed": 1}
    assert cycle.cycle_counts(prefix="610902", year=2019)["left"] == 1
    assert cycle.cycle_counts(prefix="610921", year=2020) == dict.fromkeys(counts, 0)
    undone = cycle.household_exit_undo(user=county_officer, household=exited, note="退出回退")
    assert (undone.status, undone.exit_year) == (Status.NOT_EXITED, None)
    assert cycle.cycle_counts(prefix="610902", year=timezone.localdate().year)["exited"] == 0


# -- pages and API ----------------------------------------------------------------------------------


def test_the_household_page_form_records_a_natural_decrease(
    client_for, county_officer, household_factory, hanbin_village
):
    household = household_factory(hanbin_village)
    client = client_for(county_officer)
    url = f"/registry/households/{household.code}/cycle/"
    page = client.get(url)
    assert page.status_code == 200
    assert "自然减少" in page.content.decode()
    data = {"change": "left", "on": "2020-05-06", "reason": "3", "note": "婚出至外县", "files": pdf()}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    household.refresh_from_db()
    assert (household.status, household.left_reason, household.left_on) == (
        Status.LEFT,
        LeaveReason.MARRIED_OUT,
        datetime.date(2020, 5, 6),
    )
    detail = client.get(f"/registry/households/{household.code}/").content.decode()
    assert "动态调整记录" in detail and "婚出至外县" in detail


def test_the_page_form_shows_the_reason_it_refuses(client_for, county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    response = client_for(county_officer).post(
        f"/registry/households/{household.code}/cycle/", {"change": "left", "on": "2020-05-06", "note": "迁出"}
    )
    assert response.status_code == 200
    assert "请上传佐证材料" in response.content.decode()
    household.refresh_from_db()
    assert household.status == Status.NOT_EXITED


@pytest.mark.parametrize(("persona", "expected"), [("inspector", 403), ("outsider", 404), ("county_officer", 200)])
def test_the_cycle_form_answers_each_persona(request, client_for, household_factory, hanbin_village, persona, expected):
    household = household_factory(hanbin_village)
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/registry/households/{household.code}/cycle/").status_code == expected


def test_the_years_changes_page_lists_and_counts_them(client_for, county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    cycle.household_remove(
        user=county_officer, household=household, on=datetime.date(2020, 2, 3), note="有财政供养人员", files=[pdf()]
    )
    page = client_for(county_officer).get("/registry/cycle/?year=2020").content.decode()
    assert 'id="count-removed">1<' in page
    assert household.code in page and "有财政供养人员" in page


def test_the_api_takes_a_change_and_sums_up_the_year(client_for, county_officer, household_factory, hanbin_village):
    household = household_factory(hanbin_village, status=Status.EXITED, exit_year=2018)
    client = client_for(county_officer)
    response = client.post(
        f"/api/households/{household.code}/cycle/",
        {"change": "returned", "on": "2020-04-01", "note": "因灾返贫", "files": [pdf()]},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == Status.RETURNED
    household.refresh_from_db()
    assert household.status == Status.RETURNED
    summary = client.get("/api/registry/cycle/?year=2020").json()
    assert summary["counts"]["returned"] == 1
    assert summary["changes"][0]["household"] == household.code
    refused = client.post(
        f"/api/households/{household.code}/cycle/", {"change": "returned", "note": "再次返贫", "files": [pdf()]}
    )
    assert refused.status_code == 400  # a returned household cannot return again
    household.refresh_from_db()
    assert household.status == Status.RETURNED


def test_the_api_refuses_read_only_roles_and_hides_other_counties(
    client_for, inspector, outsider, household_factory, hanbin_village
):
    household = household_factory(hanbin_village)
    data = {"change": "removed", "note": "错评", "files": [pdf()]}
    assert client_for(inspector).post(f"/api/households/{household.code}/cycle/", data).status_code == 403
    data["files"] = [pdf()]
    assert client_for(outsider).post(f"/api/households/{household.code}/cycle/", data).status_code == 404
    household.refresh_from_db()
    assert household.status == Status.NOT_EXITED


def test_the_demo_records_changes_of_its_year(household_factory, hanbin_village):
    from jingzhun.registry.demo.cycle import demo_cycle

    for _ in range(10):
        household_factory(hanbin_village, year_facts=False)
    household_factory(hanbin_village, identification_year=2019, year_facts=False)
    for _ in range(2):
        household_factory(hanbin_village, status=Status.EXITED, exit_year=2017, year_facts=False)
    summary = demo_cycle(seed=1, year=2019)
    assert cycle.cycle_counts(prefix="610902", year=2019) == {
        "identified": 1,
        "exited": 0,
        "returned": 2,
        "left": 5,
        "removed": 3,
    }
    assert "自然减少 5 户" in summary
    assert Household.objects.filter(status=Status.LEFT).exclude(left_reason="").count() == 5


@pytest.mark.parametrize("year", ["99999999999999999999", "²", "abc", "1900"])
def test_an_odd_year_is_refused_or_falls_back_to_this_year(client_for, county_officer, year):
    client = client_for(county_officer)
    response = client.get("/api/registry/cycle/", {"year": year})
    assert response.status_code in (200, 400)  # the kit refuses a malformed number itself
    if response.status_code == 200:
        assert response.json()["year"] == timezone.localdate().year
    assert client.get("/registry/cycle/", {"year": year}).status_code in (200, 400)


def test_without_a_year_the_changes_show_the_latest_year_the_registry_holds(client_for, county_officer, hanbin_village):
    from jingzhun.regions.models import VillageYear

    VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=900, is_poor_village=True)
    client = client_for(county_officer)
    assert client.get("/api/registry/cycle/").json()["year"] == 2019
    assert client.get("/registry/cycle/").context["year"] == 2019
    assert client.get("/api/registry/cycle/", {"year": "2020"}).json()["year"] == 2020


def test_the_years_changes_page_reads_a_flat_number_of_queries(
    client_for, county_officer, household_factory, hanbin_village
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(county_officer)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/registry/cycle/?year=2020").status_code == 200
        return len(captured)

    def remove(n):
        for _ in range(n):
            household = household_factory(hanbin_village, year_facts=False)
            cycle.household_remove(
                user=county_officer, household=household, on=datetime.date(2020, 2, 3), note="错评", files=[pdf()]
            )

    remove(2)
    queries()  # the first request also loads the session, the user and the menu's caches
    few = queries()
    remove(6)
    assert queries() == few <= 10
