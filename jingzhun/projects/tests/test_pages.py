"""Project pages: anonymous → login, outside scope → 404, read-only writes → 403, sector scope, forms."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jingzhun.projects import services
from jingzhun.projects.models import Allocation, Disbursement, ProgressPhoto, ProgressReport, Project

pytestmark = pytest.mark.django_db
D = datetime.date
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def world(project_factory, hanbin_village, hanyin_village, city_officer):
    hanbin = project_factory(hanbin_village, name="汉滨测试公路", budget="100000")
    hanyin = project_factory(hanyin_village, name="汉阴测试水厂", type="water", sector="water")
    services.allocation_add(
        user=city_officer, project=hanbin, source="central", amount=Decimal(50000), date=D(2019, 3, 1)
    )
    services.progress_report_add(user=city_officer, project=hanbin, date=D(2019, 4, 1), percent=80)
    services.acceptance_record(
        user=city_officer,
        project=hanbin,
        date=D(2019, 7, 1),
        result="passed",
        inspectors="验收组",
        owner="村集体",
        maintainer="村委会",
    )
    return {"hanbin": hanbin, "hanyin": hanyin}


READ_URLS = [
    lambda p: reverse("projects:detail", args=[p.code]),
    lambda p: reverse("projects:edit", args=[p.code]),
    lambda p: reverse("projects:allocation-create", args=[p.code]),
    lambda p: reverse("projects:disbursement-create", args=[p.code]),
    lambda p: reverse("projects:budget-change-create", args=[p.code]),
    lambda p: reverse("projects:report-create", args=[p.code]),
    lambda p: reverse("projects:acceptance-create", args=[p.code]),
    lambda p: reverse("projects:upkeep-create", args=[p.code]),
    lambda p: reverse("projects:beneficiary-add", args=[p.code]),
]
WRITE_URLS = READ_URLS[1:]
LIST_URLS = ["projects:list", "projects:funds", "projects:timeline", "projects:alerts"]


@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_is_sent_to_login(client, world, url):
    response = client.get(url(world["hanbin"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("url", READ_URLS)
def test_officer_of_another_county_gets_404(client_for, outsider, world, url):
    assert client_for(outsider).get(url(world["hanbin"])).status_code == 404


@pytest.mark.parametrize("url", WRITE_URLS)
def test_read_only_inspector_gets_403_on_every_write_page(client_for, inspector, world, url):
    assert client_for(inspector).get(url(world["hanbin"])).status_code == 403


@pytest.mark.parametrize("url", WRITE_URLS)
def test_sector_department_opens_the_write_pages_of_its_own_sectors_projects(client_for, sector_transport, world, url):
    assert client_for(sector_transport).get(url(world["hanbin"])).status_code == 200


@pytest.mark.parametrize("url", WRITE_URLS)
def test_sector_department_gets_404_on_write_pages_of_another_sector(client_for, sector_transport, world, url):
    assert client_for(sector_transport).get(url(world["hanyin"])).status_code == 404


def test_sector_department_pays_on_its_own_sectors_project(client_for, sector_transport, world):
    response = client_for(sector_transport).post(
        reverse("projects:disbursement-create", args=[world["hanbin"].code]),
        {"source": "central", "amount": "100", "date": "2019-04-01", "voucher": "PZ-1"},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert world["hanbin"].disbursements.filter(voucher="PZ-1").exists()


@pytest.mark.parametrize("url", READ_URLS)
def test_county_officer_opens_every_page_of_his_project(client_for, county_officer, world, url):
    assert client_for(county_officer).get(url(world["hanbin"])).status_code == 200


@pytest.mark.parametrize("url", READ_URLS[:1])
def test_sector_department_gets_404_for_another_sectors_project(client_for, sector_transport, world, url):
    assert client_for(sector_transport).get(url(world["hanyin"])).status_code == 404
    assert client_for(sector_transport).get(url(world["hanbin"])).status_code == 200


@pytest.mark.parametrize("name", LIST_URLS)
def test_anonymous_is_sent_to_login_from_the_overview_pages(client, name):
    assert client.get(reverse(name)).status_code == 302


@pytest.mark.parametrize("name", LIST_URLS)
def test_every_overview_page_opens_for_city_inspector_and_sector(
    client_for, city_officer, inspector, sector_water, world, name
):
    for user in (city_officer, inspector, sector_water):
        assert client_for(user).get(reverse(name)).status_code == 200


def test_project_list_shows_only_the_users_county(client_for, county_officer, world):
    response = client_for(county_officer).get(reverse("projects:list"))
    assert [p.code for p in response.context["object_list"]] == [world["hanbin"].code]


def test_project_list_shows_a_sector_only_its_sector(client_for, sector_water, world):
    response = client_for(sector_water).get(reverse("projects:list"))
    assert [p.code for p in response.context["object_list"]] == [world["hanyin"].code]


def test_project_list_filters_by_alert(client_for, city_officer, world):
    client = client_for(city_officer)
    response = client.get(reverse("projects:list"), {"alert": "no_upkeep", "date": "2019-09-01"})
    assert [p.code for p in response.context["object_list"]] == [world["hanbin"].code]
    response = client.get(reverse("projects:list"), {"alert": "overdue", "date": "2019-09-01"})
    assert [p.code for p in response.context["object_list"]] == [world["hanyin"].code]


def test_project_list_runs_a_flat_number_of_queries(
    client_for, city_officer, world, project_factory, hanbin_village, django_assert_max_num_queries
):
    for _i in range(20):
        project_factory(hanbin_village)
    client = client_for(city_officer)
    with django_assert_max_num_queries(14):
        client.get(reverse("projects:list"))


def test_fund_dashboard_shows_gap_and_late_projects(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("projects:funds"), {"date": "2019-03-10"})
    assert response.context["total"].gap == Decimal(50000) + world["hanyin"].budget
    assert [a.project_code for a in response.context["late"]] == [world["hanyin"].code]


def test_fund_dashboard_of_a_county_counts_only_its_projects(client_for, outsider, world):
    response = client_for(outsider).get(reverse("projects:funds"))
    assert response.context["total"].projects == 1


def test_alert_list_downloads_csv_in_chinese_with_the_responsible_people(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("projects:alerts"), {"date": "2019-03-10", "format": "csv"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "县（区）,项目编号,项目名称,预警类型,天数,说明,责任单位,责任人"
    hanyin = next(line for line in lines[1:] if f",{world['hanyin'].code}," in line)
    assert hanyin.startswith("汉阴县,") and ",节点逾期," in hanyin
    assert hanyin.endswith(",县交通运输局,张三")
    assert "overdue" not in response.content.decode("utf-8-sig")


def test_alert_list_pages_its_rows(client_for, city_officer, world, monkeypatch):
    from jingzhun.projects.views import AlertListView

    monkeypatch.setattr(AlertListView, "per_page", 1)
    response = client_for(city_officer).get(reverse("projects:alerts"), {"date": "2019-03-10"})
    assert len(response.context["page_obj"]) == 1
    assert response.context["page_obj"].paginator.count == len(response.context["alerts"]) > 1


def test_county_officer_creates_a_project_with_its_milestones(client_for, county_officer, hanbin_village):
    response = client_for(county_officer).post(
        reverse("projects:create"),
        {
            "code": "XM2019HB0001",
            "name": "某村通组路",
            "type": "transport",
            "sector": "transport",
            "plan_year": 2019,
            "scale_km": "3.5",
            "budget": "1750000",
            "responsible_unit": "汉滨区交通运输局",
            "responsible_person": "李四",
            "status": "planned",
            "region_code": hanbin_village.code,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    project = Project.objects.get(code="XM2019HB0001")
    assert project.milestones.count() == 4
    assert list(project.villages.all()) == [hanbin_village]


def test_a_county_officer_cannot_place_a_project_in_another_county(client_for, county_officer, hanyin_village):
    response = client_for(county_officer).post(
        reverse("projects:create"),
        {
            "code": "XM2019HB0002",
            "name": "x",
            "type": "transport",
            "sector": "transport",
            "plan_year": 2019,
            "budget": "1",
            "responsible_unit": "u",
            "responsible_person": "p",
            "status": "planned",
            "region_code": hanyin_village.code,
        },
    )
    assert response.status_code == 200
    assert "region_code" in response.context["form"].errors
    assert not Project.objects.filter(code="XM2019HB0002").exists()


def test_over_disbursement_through_the_page_shows_the_rule_and_saves_nothing(client_for, county_officer, world):
    response = client_for(county_officer).post(
        reverse("projects:disbursement-create", args=[world["hanbin"].code]),
        {"source": "central", "amount": "50000.01", "date": "2019-04-01", "voucher": "PZ-9"},
    )
    assert response.status_code == 200
    assert "将超过已下达的 50,000.00 元" in response.content.decode()
    assert not Disbursement.objects.exists()


def test_a_photo_that_is_not_an_image_is_refused(client_for, city_officer, project_factory, hanbin_village):
    project = project_factory(hanbin_village)
    fake = SimpleUploadedFile("现场.jpg", b"MZ\x90\x00 not a picture", content_type="image/jpeg")
    response = client_for(city_officer).post(
        reverse("projects:report-create", args=[project.code]), {"date": "2019-05-01", "percent": 10, "photos": [fake]}
    )
    assert response.status_code == 200
    assert "内容与扩展名不符" in response.content.decode()
    assert not ProgressReport.objects.filter(project=project).exists()


def test_a_good_photo_is_stored_with_its_report(client_for, city_officer, project_factory, hanbin_village):
    project = project_factory(hanbin_village)
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = client_for(city_officer).post(
        reverse("projects:report-create", args=[project.code]), {"date": "2019-05-01", "percent": 10, "photos": [photo]}
    )
    assert response.status_code == 302
    assert ProgressPhoto.objects.filter(report__project=project).count() == 1


def test_allocation_over_the_budget_through_the_page_is_refused(client_for, county_officer, world):
    response = client_for(county_officer).post(
        reverse("projects:allocation-create", args=[world["hanbin"].code]),
        {"source": "county", "amount": "50000.01", "date": "2019-04-01"},
    )
    assert "将超过项目总投资" in response.content.decode()
    assert Allocation.objects.count() == 1


def test_upkeep_with_a_public_welfare_post_through_the_page(
    client_for, county_officer, world, household_factory, hanbin_village
):
    poor = household_factory(hanbin_village)
    response = client_for(county_officer).post(
        reverse("projects:upkeep-create", args=[world["hanbin"].code]),
        {"year": 2019, "date": "2019-09-01", "work": "清理塌方", "cost": "3000", "posts": f"{poor.code} 护路员 6 3600"},
    )
    assert response.status_code == 302
    assert world["hanbin"].asset.upkeep.get().posts.get().household == poor


def test_the_timeline_draws_one_bar_per_project_of_the_county(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("projects:timeline"), {"county": "610902000000", "year": 2019})
    assert [b["project"].code for b in response.context["bars"]] == [world["hanbin"].code]


def test_the_timeline_of_another_county_is_404(client_for, county_officer, world):
    assert client_for(county_officer).get(reverse("projects:timeline"), {"county": "610921000000"}).status_code == 404


def test_the_timeline_opens_on_the_county_of_the_users_projects(client_for, admin_user, world):
    response = client_for(admin_user).get(reverse("projects:timeline"))
    assert response.context["county"].code == "610902000000"


def test_a_village_clerk_sees_the_timeline_of_his_village(client_for, village_clerk, world):
    response = client_for(village_clerk).get(reverse("projects:timeline"))
    assert response.status_code == 200
    assert [b["project"].code for b in response.context["bars"]] == [world["hanbin"].code]
