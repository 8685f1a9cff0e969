"""Return-to-poverty monitoring: each screening rule at both sides of its threshold, recording, the workflow, pages."""

import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jingzhun.monitoring.choices import EventKind, MonitoringStatus
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.monitoring.screening import monitoring_screen
from jingzhun.monitoring.services import monitoring_record
from jingzhun.registry.models import HouseholdYear

pytestmark = pytest.mark.django_db

LINE_2019 = Decimal(3747)  # the national line of 2019; the warning line is 1.5 × = 5,620.50 a person


@pytest.fixture(autouse=True)
def poverty_lines():
    from jingzhun.standards.models import PovertyLine

    for year, amount in ((2018, 3535), (2019, 3747)):
        PovertyLine.objects.get_or_create(year=year, region=None, defaults={"amount": amount, "source": "国家标准"})


@pytest.fixture
def exited(household_factory, hanbin_village):
    """An exited household of two whose 2019 net income is set by each test (2018: 12,000)."""

    def make(income_2019, income_2018=Decimal(12000), *, status="1"):
        household = household_factory(hanbin_village, members=2, status=status, exit_year=2018, year_facts=False)
        HouseholdYear.objects.create(household=household, year=2018, wage_income=income_2018)
        HouseholdYear.objects.create(household=household, year=2019, wage_income=income_2019)
        return household

    return make


def screened(year=2019):
    return {c.code: (c.kind, c.reasons_text) for c in monitoring_screen(year=year, prefix="6109")}


def test_income_below_the_warning_line_makes_an_unstable_household(exited):
    below = exited(Decimal("11240"))  # 5,620.00 a person < 5,620.50
    at = exited(Decimal("11241"))  # 5,620.50 a person: not below
    found = screened()
    assert found[below.code] == ("unstable", "low_income")
    assert at.code not in found


def test_the_warning_line_is_a_parameter(exited, city_officer):
    from jingzhun.core.parameters import parameter_set

    household = exited(Decimal("11241"))
    parameter_set(
        user=city_officer,
        name="monitoring.warning_multiple",
        value="1.6",
        year_from=2019,
        source="市防返贫监测实施方案",
        reason="提高监测线",
    )
    assert screened()[household.code] == ("unstable", "low_income")


def test_an_income_drop_beyond_the_share_makes_an_unstable_household(exited):
    # 30 % of 2018's 20,000 is 6,000: 13,999 fell by more, 14,000 by exactly the share.
    fell = exited(Decimal("13999"), Decimal("20000"))
    held = exited(Decimal("14000"), Decimal("20000"))
    found = screened()
    assert found[fell.code] == ("unstable", "income_drop")
    assert held.code not in found


def test_households_still_poor_are_not_screened(exited):
    household = exited(Decimal("1000"), status="0")
    assert household.code not in screened()


def test_a_risk_event_of_the_year_makes_a_sudden_household(exited):
    struck = exited(Decimal("30000"))
    last_year = exited(Decimal("30000"))
    RiskEvent.objects.create(
        household=struck, kind=EventKind.DISASTER, occurred_on=datetime.date(2019, 7, 9), description="山体滑坡"
    )
    RiskEvent.objects.create(
        household=last_year, kind=EventKind.ILLNESS, occurred_on=datetime.date(2018, 12, 31), description="大病"
    )
    found = screened()
    assert found[struck.code] == ("sudden", "disaster")
    assert last_year.code not in found


def test_a_member_newly_recorded_with_a_major_illness_or_disability(exited, county_officer):
    from jingzhun.registry.services import member_save

    household = exited(Decimal("30000"))
    other = exited(Decimal("30000"))
    head = household.members.order_by("code").first()
    head.health = "5"  # disabled and ill
    unchanged = other.members.order_by("code").first()
    unchanged.name = "改名"
    in_2019 = datetime.datetime(2019, 6, 1, 9, tzinfo=datetime.UTC)
    with mock.patch("django.utils.timezone.now", return_value=in_2019):  # the audit trail dates the change
        member_save(user=county_officer, member=head)
        member_save(user=county_officer, member=unchanged)
    found = screened()
    assert found[household.code] == ("sudden", "illness;disability")
    assert other.code not in found
    assert household.code not in screened(2018)  # recorded in 2019, not in 2018


def test_income_and_an_event_together_make_a_sudden_household_with_every_reason(exited):
    household = exited(Decimal("5000"))
    RiskEvent.objects.create(
        household=household, kind=EventKind.ACCIDENT, occurred_on=datetime.date(2019, 3, 1), description="务工受伤"
    )
    assert screened()[household.code] == ("sudden", "low_income;income_drop;disaster")


def test_recording_is_once_a_year_and_the_risk_is_removed_through_the_workflow(exited, county_officer):
    from jingzhun.core.models import TransitionLog
    from jingzhun.core.workflow import transition_run

    household = exited(Decimal("5000"))
    [obj] = monitoring_record(user=county_officer, year=2019, prefix="610902")
    assert obj.household == household and obj.status == MonitoringStatus.MONITORING
    assert monitoring_record(user=county_officer, year=2019, prefix="610902") == []
    transition_run(user=county_officer, obj=obj, transition="eliminate", note="务工收入稳定，经入户核实")
    obj.refresh_from_db()
    assert obj.status == MonitoringStatus.ELIMINATED and obj.eliminated_on is not None
    assert TransitionLog.objects.filter(object_id=str(obj.pk)).count() == 2


def test_a_village_clerk_may_not_declare_a_risk_gone(exited, county_officer, village_clerk):
    from django.core.exceptions import PermissionDenied

    from jingzhun.core.workflow import transition_run

    exited(Decimal("5000"))
    [obj] = monitoring_record(user=county_officer, year=2019, prefix="610902")
    with pytest.raises(PermissionDenied):
        transition_run(user=village_clerk, obj=obj, transition="eliminate", note="已脱贫")


def test_the_command_writes_code_kind_reasons(exited, tmp_path):
    low = exited(Decimal("5000"), Decimal("5000"))
    out = tmp_path / "screen.csv"
    call_command("monitoring_screen", "--year", "2019", "--region", "610902", "--out", str(out), stderr=io.StringIO())
    assert out.read_text(encoding="utf-8").splitlines() == ["code,kind,reasons", f"{low.code},unstable,low_income"]
    stdout = io.StringIO()
    call_command("monitoring_screen", "--year", "2019", "--record", stdout=stdout, stderr=io.StringIO())
    assert MonitoringObject.objects.filter(household=low, year=2019).exists()


def test_the_command_refuses_a_bad_region():
    with pytest.raises(CommandError, match="--region"):
        call_command("monitoring_screen", "--year", "2019", "--region", "abc")


def test_pages_list_and_screen_in_scope(client_for, county_officer, outsider, exited):
    exited(Decimal("5000"))
    client = client_for(county_officer)
    response = client.post("/monitoring/screen/", {"year": 2019})
    assert response.status_code == 302
    obj = MonitoringObject.objects.get()
    listing = client.get("/monitoring/objects/?year=2019").content.decode()
    assert obj.household.code in listing and "人均纯收入低于监测线" in listing
    assert client.get(f"/monitoring/objects/{obj.pk}/").status_code == 200
    assert client_for(outsider).get(f"/monitoring/objects/{obj.pk}/").status_code == 404


def test_sector_departments_do_not_see_monitoring(client_for, exited):
    from conftest import make_user

    sector = make_user("jiaotong", "sector", "610900000000", sector="transport")
    assert client_for(sector).get("/monitoring/objects/").status_code == 403


def test_a_risk_event_needs_a_household_in_scope(client_for, outsider, exited):
    household = exited(Decimal("30000"))
    response = client_for(outsider).post(
        "/monitoring/events/new/",
        {"household": household.code, "kind": "disaster", "occurred_on": "2019-07-01", "description": "洪灾"},
    )
    assert response.status_code == 400 and "不在您管辖范围" in response.content.decode()
    assert not RiskEvent.objects.exists()


def test_new_objects_come_from_the_screening(client_for, county_officer):
    client = client_for(county_officer)
    response = client.get("/monitoring/objects/new/")
    assert response.status_code == 302 and response["Location"] == "/monitoring/screen/"
    listing = client.get("/monitoring/objects/").content.decode()
    assert 'href="/monitoring/screen/">开展监测筛查</a>' in listing
