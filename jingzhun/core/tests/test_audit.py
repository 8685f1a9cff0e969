"""The audit trail is append-only and records who, when, before, after and why."""

import io

import pytest
from django.db import DatabaseError, transaction

from jingzhun.core.audit import audit_context
from jingzhun.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_a_change_records_actor_reason_before_and_after(household_factory, hanbin_village, county_officer):
    household = household_factory(hanbin_village)
    with audit_context(actor=county_officer, reason="核实"):
        household.helper_name = "李四"
        household.save()
    event = AuditEvent.objects.get(action="update")
    assert (event.actor_name, event.reason, event.region_code) == ("hanbin", "核实", hanbin_village.code)
    assert event.before["helper_name"] == "" and event.after["helper_name"] == "李四"


def test_saving_without_a_change_writes_no_event(household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    before = AuditEvent.objects.count()
    household.save()
    assert AuditEvent.objects.count() == before


def test_events_cannot_be_changed_through_the_model(household_factory, hanbin_village):
    household_factory(hanbin_village)
    event = AuditEvent.objects.first()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


def test_the_database_refuses_to_update_an_event(household_factory, hanbin_village):
    household_factory(hanbin_village)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(reason="篡改")
    assert not AuditEvent.objects.filter(reason="篡改").exists()


def test_member_events_belong_to_the_household_history(household_factory, hanbin_village):
    household = household_factory(hanbin_village, members=2)
    history = AuditEvent.objects.for_root("registry.Household", str(household.pk))
    assert history.filter(model_label="registry.Member").count() == 2


def test_audit_log_page_is_scoped(client_for, household_factory, hanbin_village, hanyin_village, county_officer):
    household_factory(hanbin_village)
    household_factory(hanyin_village)
    response = client_for(county_officer).get("/audit/")
    regions = {e.region_code[:6] for e in response.context["object_list"]}
    assert regions == {"610902"}


def test_the_audit_page_speaks_chinese_and_filters_by_date_and_region(
    client_for, household_factory, hanbin_village, hanyin_village, city_officer, county_officer
):
    import datetime

    from django.utils import timezone

    from jingzhun.core.audit import record_event

    county_officer.first_name = "王芳"
    county_officer.save()
    with audit_context(actor=county_officer):
        household_factory(hanbin_village, members=2)
        record_event(
            action="export",
            model_label="registry.Household",
            object_pk="*",
            object_repr="导出贫困户名单",
            region_code=hanbin_village.code,
            after={"count": 1, "filters": {"region": hanbin_village.code, "status": "1"}},
        )
    household_factory(hanyin_village)
    client = client_for(city_officer)
    page = client.get("/audit/").content.decode()
    assert "家庭成员" in page and "registry.Member" not in page
    assert "王芳（hanbin）" in page
    assert f"地区：{hanbin_village.name}" in page and "status=1" not in page and "脱贫状态：已脱贫（享受政策）" in page

    response = client.get("/audit/", {"region": hanbin_village.code[:6]})
    assert {e.region_code[:6] for e in response.context["object_list"]} == {"610902"}
    today = timezone.localdate()
    assert client.get("/audit/", {"start": str(today)}).context["paginator"].count > 0
    tomorrow = today + datetime.timedelta(days=1)
    assert client.get("/audit/", {"start": str(tomorrow)}).context["paginator"].count == 0

    from python_calamine import CalamineWorkbook

    response = client.get("/audit/", {"region": hanbin_village.code[:6], "format": "xlsx"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][:4] == ["时间", "操作人", "操作", "对象类型"] and any(r[3] == "家庭成员" for r in rows[1:])
    assert AuditEvent.objects.filter(model_label="core.AuditEvent", action="export").exists()
