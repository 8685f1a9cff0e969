"""The audit trail is append-only and records who, when, before, after and why."""

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
