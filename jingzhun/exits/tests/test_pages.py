"""Pages and API of 退出程序: each view for anonymous, out-of-scope (404), read-only (403) and allowed users;
the batch step, the Word documents and a flat query count on the lists."""

import datetime

import pytest
from django.urls import reverse

from conftest import HANBIN
from jingzhun.exits import services
from jingzhun.exits.choices import CaseStatus, Category, Conclusion
from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit
from jingzhun.exits.tests.conftest import days_ago, pdf
from jingzhun.regions.models import CountyYear, Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(exit_world, village_clerk):
    (case,) = services.case_propose(
        user=village_clerk,
        households=[exit_world["passing"][0]],
        year=2019,
        meeting_on=datetime.date(2019, 10, 8),
        attendance=30,
    )
    return case


@pytest.fixture
def sample(city_officer, exit_world, household_factory, hanbin_village):
    for _ in range(3):
        household_factory(hanbin_village, members=2, status="1", exit_year=2019)
    CountyYear.objects.create(county_id=HANBIN, year=2019, is_poor_county=True)
    sample = services.sample_draw(user=city_officer, county=Region.objects.get(code=HANBIN), year=2019, exited=2)
    SampleItem.objects.filter(sample=sample).update(people=2, conclusion=Conclusion.NORMAL, recognised=True, aware=True)
    return sample


def test_board_shows_the_steps_and_blockers(client_for, village_clerk, case):
    response = client_for(village_clerk).get(reverse("exits:board"), {"year": 2019})
    assert response.status_code == 200
    text = response.content.decode()
    assert case.household.code in text
    assert "民主评议" in text and "可办理下一环节" in text


def test_board_outside_the_scope_is_404(client_for, outsider, case, hanbin_village):
    response = client_for(outsider).get(reverse("exits:board"), {"region": hanbin_village.code})
    assert response.status_code == 404


def test_anonymous_goes_to_login(client, case):
    for url in (reverse("exits:board"), reverse("exits:exitcase-detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_case_detail_by_persona(client_for, case, village_clerk, inspector, outsider):
    url = reverse("exits:exitcase-detail", args=[case.pk])
    assert client_for(outsider).get(url).status_code == 404
    response = client_for(inspector).get(url)
    assert response.status_code == 200
    assert "达到退出标准" in response.content.decode()
    assert client_for(village_clerk).get(url).status_code == 200


def test_propose_page(client_for, village_clerk, inspector, exit_world, hanbin_village):
    url = reverse("exits:propose")
    assert client_for(inspector).get(url).status_code == 403
    client = client_for(village_clerk)
    page = client.get(url, {"village": hanbin_village.code, "year": 2019})
    assert page.status_code == 200
    household = exit_world["passing"][1]
    assert household.code in page.content.decode()
    response = client.post(
        f"{url}?village={hanbin_village.code}&year=2019",
        {"households": [household.pk], "year": 2019, "meeting_on": "2019-10-08", "attendance": 25, "evidence": [pdf()]},
    )
    assert response.status_code == 302
    assert ExitCase.objects.get(household=household).status == CaseStatus.ASSESSED
    bad = client.post(f"{url}?village={hanbin_village.code}&year=2019", {"year": 2019, "attendance": 1})
    assert bad.status_code == 400


def test_batch_step_from_the_board(client_for, village_clerk, inspector, case):
    client = client_for(inspector)
    client.post(reverse("exits:batch"), {"case": [case.pk], "step": "verify", "note": "核实"})
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSED  # 403: read only
    client = client_for(village_clerk)
    response = client.post(
        reverse("exits:batch"), {"case": [case.pk], "step": "verify", "note": "入户核实"}, follow=True
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.VERIFIED
    assert "已为 1 户办理" in response.content.decode()
    client.post(reverse("exits:batch"), {"case": [case.pk], "step": "acknowledge"}, follow=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.VERIFIED  # the signed acknowledgement is required


def test_objection_pages(client_for, village_clerk, inspector, case):
    services.case_step(user=village_clerk, cases=[case], step="verify", note="核实")
    services.case_step(user=village_clerk, cases=[case], step="acknowledge", files=[pdf()])
    services.case_step(user=village_clerk, cases=[case], step="publicise", files=[pdf()], at=days_ago(8))
    url = reverse("exits:objection-create", args=[case.pk])
    assert client_for(inspector).post(url, {"raised_on": "2019-10-20", "content": "x"}).status_code == 403
    client_for(village_clerk).post(url, {"raised_on": "2019-10-20", "content": "收入不实", "raised_by": "村民"})
    objection = Objection.objects.get(case=case)
    client_for(village_clerk).post(reverse("exits:objection-resolve", args=[objection.pk]), {"resolution": "已核实"})
    objection.refresh_from_db()
    assert objection.resolved and objection.resolution == "已核实"
    notice = client_for(village_clerk).get(
        reverse("exits:notice"), {"village": case.household.village_id, "year": 2019}
    )
    assert notice.status_code == 200
    assert notice.content[:2] == b"PK"


def test_lists_have_a_flat_query_count(client_for, city_officer, case, sample, django_assert_max_num_queries):
    client = client_for(city_officer)
    for name in (
        "exitcase-list",
        "objection-list",
        "villageexit-list",
        "countyexit-list",
        "sample-list",
        "sampleitem-list",
    ):
        with django_assert_max_num_queries(20):
            assert client.get(reverse(f"exits:{name}")).status_code == 200


def test_region_exit_pages(client_for, village_clerk, county_officer, city_officer, hanbin_village, inspector):
    assert client_for(inspector).get(reverse("exits:village-apply")).status_code == 403
    client = client_for(village_clerk)
    response = client.post(
        reverse("exits:village-apply"), {"region": hanbin_village.code, "year": 2019, "note": "申请出列"}
    )
    assert response.status_code == 302
    exit_ = VillageExit.objects.get(village=hanbin_village)
    assert client.get(reverse("exits:villageexit-detail", args=[exit_.pk])).status_code == 200
    assert client_for(village_clerk).get(reverse("exits:county-apply")).status_code == 403
    response = client_for(county_officer).post(reverse("exits:county-apply"), {"region": HANBIN, "year": 2019})
    assert response.status_code == 302
    county_exit = CountyExit.objects.get(county_id=HANBIN)
    page = client_for(city_officer).get(reverse("exits:countyexit-detail", args=[county_exit.pk]))
    assert page.status_code == 200 and "市初审" in page.content.decode()


def test_county_exit_needs_the_measured_rates(city_officer, county_officer, sample):
    county_exit = services.county_exit_apply(user=county_officer, county=Region.objects.get(code=HANBIN), year=2019)
    from django.core.exceptions import ValidationError

    from jingzhun.core.workflow import transition_run

    transition_run(user=city_officer, obj=county_exit, transition="check", note="材料齐全")
    with pytest.raises(ValidationError) as error:
        transition_run(user=city_officer, obj=county_exit, transition="verify")
    assert "尚无写入县级指标的抽样核查结果" in " ".join(error.value.messages)


def test_sample_pages(client_for, city_officer, county_officer, sample):
    assert client_for(county_officer).get(reverse("exits:sample-draw")).status_code == 403
    client = client_for(city_officer)
    assert client.get(reverse("exits:sample-draw")).status_code == 200
    response = client.post(
        reverse("exits:sample-draw"), {"county": HANBIN, "year": 2019, "round": "第二轮", "kind": "cross", "seed": 5}
    )
    assert response.status_code == 302
    assert Sample.objects.filter(round="第二轮", kind="cross").exists()
    detail = client.get(reverse("exits:sample-detail", args=[sample.pk]))
    assert detail.status_code == 200 and "错退率" in detail.content.decode()
    assert client_for(county_officer).post(reverse("exits:sample-apply", args=[sample.pk])).status_code == 403
    client = client_for(city_officer)
    client.post(reverse("exits:sample-apply", args=[sample.pk]))
    sample.refresh_from_db()
    assert sample.applied_at is not None
    report = client.get(reverse("exits:sample-report", args=[sample.pk]))
    assert report.status_code == 200 and report.content[:2] == b"PK"
    item = SampleItem.objects.filter(sample=sample, category=Category.EXITED).first()
    edit = reverse("exits:sampleitem-edit", args=[item.pk])
    assert client_for(county_officer).get(edit).status_code == 403
    client = client_for(city_officer)
    response = client.post(
        edit, {"people": 3, "conclusion": "wrong_exit", "recognised": "false", "aware": "true", "version": item.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.people, item.conclusion) == (3, "wrong_exit")


def test_api(client_for, village_clerk, inspector, outsider, case, sample):
    client = client_for(village_clerk)
    listing = client.get("/api/exits/cases/")
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert client_for(outsider).get(f"/api/exits/cases/{case.pk}/").status_code == 404
    assert client_for(inspector).post(f"/api/exits/cases/{case.pk}/step/", {"step": "verify"}).status_code == 403
    client = client_for(village_clerk)
    response = client.post(
        f"/api/exits/cases/{case.pk}/step/", {"step": "verify", "note": "核实"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == CaseStatus.VERIFIED
    bad = client.post(f"/api/exits/cases/{case.pk}/step/", {"step": "acknowledge"}, content_type="application/json")
    assert bad.status_code == 400
    unknown = client.post(f"/api/exits/cases/{case.pk}/step/", {"step": "x"}, content_type="application/json")
    assert unknown.status_code == 400 and "没有该环节" in unknown.content.decode()
    history = client.get(f"/api/exits/cases/{case.pk}/history/").json()
    assert [h["transition"] for h in history] == ["start", "verify"]
    assert client.get(f"/api/exits/samples/{sample.pk}/rates/").status_code == 404  # a county-wide sample
    rates = client_for(inspector).get(f"/api/exits/samples/{sample.pk}/rates/")
    assert rates.status_code == 200, rates.content
    assert rates.json()["wrong_exit"]["value"] == 0.0
