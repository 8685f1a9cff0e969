"""Awards: nominated → county review (with evidence) → city award; the 三百 list."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jingzhun.assistance.models import Nomination
from jingzhun.assistance.services import award_list, nomination_create
from jingzhun.core.models import TransitionLog
from jingzhun.core.workflow import transition_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def nomination(village_clerk, cadre, hanbin_village):
    return nomination_create(
        user=village_clerk,
        nomination=Nomination(
            kind="advanced", year=2019, village=hanbin_village, nominee=cadre.name, cadre=cadre, reason="驻村 300 天"
        ),
    )


def test_the_county_reviews_with_evidence_and_the_city_awards(nomination, county_officer, city_officer, village_clerk):
    with pytest.raises(PermissionDenied):
        transition_run(user=village_clerk, obj=nomination, transition="review")
    with pytest.raises(PermissionDenied):
        transition_run(user=city_officer, obj=nomination, transition="review")
    with pytest.raises(ValidationError):
        transition_run(user=county_officer, obj=nomination, transition="review")  # no evidence
    transition_run(
        user=county_officer,
        obj=nomination,
        transition="review",
        files=[SimpleUploadedFile("事迹.pdf", b"%PDF-1.4 test")],
    )
    with pytest.raises(PermissionDenied):
        transition_run(user=county_officer, obj=Nomination.objects.get(), transition="award")
    transition_run(user=city_officer, obj=Nomination.objects.get(), transition="award")
    assert Nomination.objects.get().status == "awarded"
    assert TransitionLog.objects.count() == 3
    assert list(award_list(user=city_officer, year=2019)) == [Nomination.objects.get()]
    assert list(award_list(user=city_officer, year=2018)) == []


def test_a_rejection_needs_a_reason(nomination, county_officer):
    with pytest.raises(ValidationError):
        transition_run(user=county_officer, obj=nomination, transition="reject")
    transition_run(user=county_officer, obj=nomination, transition="reject", note="事迹不实")
    assert Nomination.objects.get().status == "rejected"


def test_the_nomination_page_shows_the_steps(client, nomination, county_officer):
    client.force_login(county_officer)
    page = client.get(reverse("assistance:nomination-detail", args=[nomination.pk]))
    assert page.status_code == 200
    assert "县级审核通过" in page.content.decode()
