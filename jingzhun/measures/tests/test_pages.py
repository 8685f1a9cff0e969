"""The measures pages for each persona: anonymous, outside the scope (404), read-only (403), allowed; flat lists."""

from decimal import Decimal

import pytest
from django.urls import reverse

from jingzhun.measures.models import HouseholdMeasure

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(household_factory, hanbin_village):
    household = household_factory(hanbin_village)
    return HouseholdMeasure.objects.create(
        household=household, year=2019, kind="industry", industry="茶园管护", long_term=True, amount=Decimal(3000)
    )


def test_anonymous_is_sent_to_login(client, measure):
    response = client.get(reverse("measures:householdmeasure-list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_outside_the_scope_is_404(client_for, outsider, measure):
    client = client_for(outsider)
    assert client.get(reverse("measures:householdmeasure-detail", args=[measure.pk])).status_code == 404
    assert client.get(reverse("measures:household", args=[measure.household.code])).status_code == 404


def test_the_inspector_reads_but_may_not_write(client_for, inspector, measure):
    client = client_for(inspector)
    assert client.get(reverse("measures:householdmeasure-detail", args=[measure.pk])).status_code == 200
    assert client.get(reverse("measures:householdmeasure-edit", args=[measure.pk])).status_code == 403
    assert client.get(reverse("measures:householdmeasure-create")).status_code == 403


def test_the_village_clerk_records_a_measure_by_household_code(client_for, village_clerk, measure):
    client = client_for(village_clerk)
    data = {"household": measure.household.code, "year": 2019, "kind": "employment", "amount": "0"}
    response = client.post(reverse("measures:householdmeasure-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert HouseholdMeasure.objects.filter(kind="employment", created_by=village_clerk).count() == 1
    bad = client.post(reverse("measures:householdmeasure-create"), data | {"kind": "employment", "long_term": "on"})
    assert bad.status_code == 400 and "只有产业扶贫措施才能标记为长效增收产业" in bad.content.decode()


def test_household_and_village_pages_and_dashboard(client_for, county_officer, measure):
    client = client_for(county_officer)
    page = client.get(reverse("measures:household", args=[measure.household.code])).content.decode()
    assert "茶园管护" in page
    village = client.get(reverse("measures:village", args=[measure.household.village_id]) + "?year=2019")
    assert village.status_code == 200 and "村集体经济" in village.content.decode()
    dashboard = client.get(reverse("measures:dashboard") + "?year=2019")
    assert dashboard.status_code == 200 and "产业覆盖率" in dashboard.content.decode()


def test_list_pages_make_a_flat_number_of_queries(
    client_for, county_officer, household_factory, hanbin_village, django_assert_max_num_queries
):
    for _ in range(12):
        HouseholdMeasure.objects.create(household=household_factory(hanbin_village), year=2019, kind="industry")
    client = client_for(county_officer)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("measures:householdmeasure-list")).status_code == 200
