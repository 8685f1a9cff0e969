"""整改督办 pages: a county sees its problems, a sector department its line's; read-only 403; the
problem's page takes its steps; work list, dashboard, board, report; flat query counts."""

import datetime
import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import ANKANG, HANBIN, make_user
from jingzhun.rectification import services
from jingzhun.rectification.models import Problem

from .conftest import evidence

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(city_officer, inspection_factory, problem_factory, hanbin_village):
    inspection = inspection_factory()
    shared = problem_factory(inspection, region=ANKANG, level="city", number="G01", line="sector", sector="water")
    services.problem_route(user=city_officer, problem=shared)
    return {
        "inspection": inspection,
        "hanbin": Problem.objects.get(number="G01-610902"),
        "hanyin": Problem.objects.get(number="G01-610921"),
        "county_own": problem_factory(inspection, number="X01", deadline=datetime.date(2019, 3, 1)),
        "village": problem_factory(inspection, number="H01", region=hanbin_village.code),
    }


def detail(problem):
    return reverse("rectification:problem-detail", args=[problem.pk])


def test_a_county_sees_its_problems_and_not_another_countys(client_for, county_officer, world):
    client = client_for(county_officer)
    page = client.get(reverse("rectification:problem-list")).content.decode()
    assert "G01-610902" in page and "X01" in page and "G01-610921" not in page
    assert client.get(detail(world["hanbin"])).status_code == 200
    assert client.get(detail(world["hanyin"])).status_code == 404
    # The inspection of the whole city is read by the county (it covers it), not edited.
    inspection = reverse("rectification:inspection-detail", args=[world["inspection"].pk])
    assert client.get(inspection).status_code == 200


def test_a_sector_department_sees_its_lines_problems(client, world):
    water = make_user("water", "sector", ANKANG, sector="water")
    roads = make_user("roads", "sector", ANKANG, sector="transport")
    client.force_login(water)
    page = client.get(reverse("rectification:problem-list")).content.decode()
    assert "G01-610902" in page and "G01-610921" in page and "X01" not in page
    assert client.get(detail(world["county_own"])).status_code == 404
    client.force_login(roads)
    assert client.get(detail(world["hanbin"])).status_code == 404
    assert "G01-610902" not in client.get(reverse("rectification:problem-list")).content.decode()


def test_read_only_roles_get_403_on_writes(client_for, inspector, world):
    client = client_for(inspector)
    assert client.get(detail(world["hanbin"])).status_code == 200
    assert client.get(reverse("rectification:problem-create")).status_code == 403
    response = client.post(
        reverse("rectification:problem-supervise", args=[world["hanbin"].pk]), {"supervision_level": "city"}
    )
    assert response.status_code == 403
    assert client.get(reverse("rectification:petition-list")).status_code == 200
    helper = make_user("helper", "helping_unit", HANBIN)
    assert client_for(helper).get(reverse("rectification:petition-list")).status_code == 403


def test_anonymous_goes_to_the_login_page(client, world):
    response = client.get(reverse("rectification:dashboard"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_problem_page_takes_its_steps_reports_and_supervision(client_for, county_officer, city_officer, world):
    problem = world["county_own"]
    client = client_for(county_officer)
    page = client.get(detail(problem)).content.decode()
    assert "已逾期" in page and "开始整改" in page and "挂牌督办" in page
    response = client.post(
        reverse("rectification:problem-progress", args=[problem.pk]),
        {"date": "2019-03-05", "progress": "done", "note": "已完成整改", "files": [evidence()]},
    )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.status == "submitted" and problem.reports.count() == 1 and problem.attachments.count() == 1
    step = reverse("workflow:transition", args=["rectification.problem", problem.pk, "verify"])
    client_for(city_officer).post(step, {"note": "验收通过"})
    problem.refresh_from_db()
    assert problem.status == "verified"
    client = client_for(county_officer)
    client.post(
        reverse("rectification:problem-supervise", args=[problem.pk]),
        {"supervision_level": "county", "supervising_leader": "区长"},
    )
    problem.refresh_from_db()
    assert problem.supervision_level == "county"
    board = client.get(reverse("rectification:board")).content.decode()
    assert "X01" in board and "区长" in board


def test_bad_progress_input_is_a_message_not_a_500(client_for, county_officer, world):
    problem = world["village"]
    client = client_for(county_officer)
    response = client.post(
        reverse("rectification:problem-progress", args=[problem.pk]), {"date": "昨天", "progress": "closed"}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("rectification:problem-progress", args=[problem.pk]), {"date": "2019-03-05", "progress": "closed"}
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("已完成" in m for m in messages)


def test_the_work_list_is_the_tables_excel(client_for, county_officer, world):
    client = client_for(county_officer)

    def work_list(query):
        response = client.get(reverse("rectification:problem-export") + query)
        return (
            CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
            .get_sheet_by_index(0)
            .to_python()
        )

    rows = work_list("?unit=汉滨区")
    assert rows[0][:3] == ["检查批次", "问题编号", "县（区）"]
    assert {row[1] for row in rows[1:]} == {"X01", "H01", "G01-610902"}  # the county's, not 汉阴县's
    assert {row[1] for row in work_list("?line=sector")[1:]} == {"G01-610902"}


def test_dashboard_board_and_report(client_for, city_officer, world):
    client = client_for(city_officer)
    page = client.get(reverse("rectification:dashboard") + "?date=2019-07-10").content.decode()
    assert "按县（区）" in page and "汉滨区" in page and "整改完成率" in page
    report = client.get(reverse("rectification:report") + "?date=2019-07-10")
    assert report.status_code == 200 and report.content[:2] == b"PK"
    assert client.get(reverse("rectification:report") + "?inspection=NONE").status_code == 404


@pytest.mark.parametrize(
    "name", ["problem-list", "inspection-list", "risk-list", "petition-list", "accountability-list"]
)
def test_list_pages_have_a_flat_query_count(
    client_for, city_officer, problem_factory, world, name, django_assert_max_num_queries
):
    client = client_for(city_officer)
    client.get(reverse(f"rectification:{name}"))
    for k in range(5):
        problem_factory(world["inspection"], number=f"Y{k}")
    with django_assert_max_num_queries(25):
        assert client.get(reverse(f"rectification:{name}")).status_code == 200


def test_the_api_lists_problems_in_scope(client_for, county_officer, world):
    data = client_for(county_officer).get("/api/rectification/problems/").json()
    numbers = {row["number"] for row in data["results"]}
    assert "G01-610902" in numbers and "G01-610921" not in numbers
    row = next(r for r in data["results"] if r["number"] == "X01")
    assert row["overdue_days"] > 0 and row["status"] == "assigned"


def test_a_county_reads_the_citys_inspection_but_may_not_change_it(client_for, county_officer, world):
    from django.core.exceptions import PermissionDenied

    inspection = world["inspection"]
    inspection.title = "改名"
    with pytest.raises(PermissionDenied):
        services.inspection_save(user=county_officer, inspection=inspection)
    outsider_county = make_user("ningshan", "county", "610923000000")
    assert client_for(outsider_county).get(reverse("rectification:inspection-list")).status_code == 200
    village_inspection_list = client_for(county_officer).get(reverse("rectification:inspection-list")).content.decode()
    assert "ZY-2018" in village_inspection_list


def test_petitions_are_for_the_offices_only_in_the_api_too(client, world):
    sector = make_user("roads2", "sector", ANKANG, sector="transport")
    client.force_login(sector)
    assert client.get("/api/rectification/petitions/").status_code == 403
    assert client.get(reverse("rectification:petition-list")).status_code == 403
