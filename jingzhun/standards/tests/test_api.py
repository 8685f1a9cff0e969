"""Standards API: scoped runs and results, runs started as jobs, rule writes only for the city office."""

import pytest
from rest_framework.test import APIClient

from jingzhun.core.models import Job
from jingzhun.standards.models import EvaluationRun, Rule
from jingzhun.standards.tests.world import YEAR, build_world, official_run, what_if_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village, city_officer):
    world = build_world(household_factory, hanbin_village, hanyin_village)
    world["run"] = official_run(city_officer, "household")
    world["village"] = hanbin_village
    return world


@pytest.fixture
def api():
    def login(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return login


def test_anonymous_gets_nothing(api, world):
    for url in ("/api/standards/runs/", "/api/standards/rulesets/", "/api/standards/poverty-lines/"):
        assert api().get(url).status_code in (401, 403)


def test_county_officer_reads_only_his_countys_results_of_a_city_run(api, county_officer, world):
    client = api(county_officer)
    assert [r["id"] for r in client.get("/api/standards/runs/").json()["results"]] == [world["run"].pk]
    results = client.get(f"/api/standards/runs/{world['run'].pk}/results/").json()
    assert results["count"] == 3
    assert {r["region_code"] for r in results["results"]} == {world["village"].code}


def test_results_filter_by_passed_region_and_failed_rule(api, city_officer, world):
    client = api(city_officer)
    url = f"/api/standards/runs/{world['run'].pk}/results/"
    assert client.get(url, {"passed": "false"}).json()["count"] == 2
    assert client.get(url, {"region": "610921"}).json()["count"] == 1
    failing = client.get(url, {"failed_rule": "housing"}).json()["results"]
    assert [r["code"] for r in failing] == [world["failing"].code]
    assert failing[0]["failed_rules"] == ["housing", "income"]
    assert client.get(url, {"failed_rule": "water"}).json()["count"] == 0


def test_a_run_of_another_county_is_404(api, county_officer, outsider, world):
    run = what_if_run(outsider, "household", region_code="610921000000")
    client = api(county_officer)
    assert client.get(f"/api/standards/runs/{run.pk}/").status_code == 404
    assert client.get(f"/api/standards/runs/{run.pk}/results/").status_code == 404


def test_county_officer_starts_a_what_if_run_as_a_job(api, county_officer, world, django_capture_on_commit_callbacks):
    client = api(county_officer)
    body = {"year": YEAR, "level": "village", "region": "610902000000", "overrides": {"max": 0.05}}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/standards/runs/", body, format="json")
    assert response.status_code == 202, response.json()
    job = Job.objects.get(pk=response.json()["id"])
    assert job.status == "succeeded"
    run = EvaluationRun.objects.get(pk=job.result["run_id"])
    assert (run.kind, run.level, run.overrides) == ("what_if", "village", {"max": 0.05})


@pytest.mark.parametrize(
    ("body", "status", "text"),
    [
        ({"official": True}, 403, "只有市级扶贫部门可以发起正式评估"),
        ({"overrides": {"nothing": 1}}, 400, "规则集中没有这些参数"),
        ({"region": "610921000000"}, 400, "不在您的管辖范围内"),
    ],
)
def test_run_creation_refuses_what_the_user_may_not_do(api, county_officer, world, body, status, text):
    response = api(county_officer).post(
        "/api/standards/runs/", {"year": YEAR, "level": "village", "region": "610902000000"} | body, format="json"
    )
    assert response.status_code == status
    assert text in str(response.json())
    assert not Job.objects.exists()


def test_read_only_inspector_cannot_start_or_delete_runs(api, inspector, county_officer, world):
    run = what_if_run(county_officer, "household", region_code="610902000000")
    client = api(inspector)
    body = {"year": YEAR, "level": "village", "region": "610902000000"}
    assert client.post("/api/standards/runs/", body, format="json").status_code == 403
    assert client.delete(f"/api/standards/runs/{run.pk}/").status_code == 403


def test_official_runs_cannot_be_deleted_but_what_if_runs_can(api, city_officer, world):
    client = api(city_officer)
    assert client.delete(f"/api/standards/runs/{world['run'].pk}/").status_code == 400
    run = what_if_run(city_officer, "household")
    assert client.delete(f"/api/standards/runs/{run.pk}/").status_code == 204


def test_rule_sets_are_readable_with_their_rules_and_lock(api, inspector, world):
    data = api(inspector).get("/api/standards/rulesets/shaanxi-2017-577/").json()
    assert data["locked"] is True
    assert {r["code"] for r in data["rules"] if r["level"] == "household"} >= {"income", "water"}


def test_city_officer_copies_a_rule_set_and_edits_a_rule(api, city_officer, world):
    client = api(city_officer)
    response = client.post(
        "/api/standards/rulesets/shaanxi-2017-577/copy/", {"code": "ankang-2019", "name": "安康"}, format="json"
    )
    assert response.status_code == 201
    rule = Rule.objects.get(ruleset__code="ankang-2019", level="village", code="incidence")
    response = client.patch(f"/api/standards/rules/{rule.pk}/", {"name": "贫困发生率低于 2%"}, format="json")
    assert response.status_code == 200 and response.json()["name"] == "贫困发生率低于 2%"


def test_a_bad_rule_is_refused_with_the_path_of_the_error(api, city_officer, world):
    body = {
        "ruleset": "national-2016",
        "level": "village",
        "code": "bad",
        "name": "坏指标",
        "expression": {"all": [{"gt": [{"var": "wealth"}, 1]}]},
    }
    response = api(city_officer).post("/api/standards/rules/", body, format="json")
    assert response.status_code == 400
    assert "all[0].gt[0].var" in str(response.json())


@pytest.mark.parametrize(("persona", "status"), [("county_officer", 403), ("inspector", 403)])
def test_only_the_city_office_writes_rules(api, request, world, persona, status):
    rule = Rule.objects.filter(ruleset__code="national-2016").first()
    client = api(request.getfixturevalue(persona))
    assert client.patch(f"/api/standards/rules/{rule.pk}/", {"name": "x"}, format="json").status_code == status
    assert client.delete(f"/api/standards/rules/{rule.pk}/").status_code == status


def test_locked_rule_sets_refuse_rule_changes(api, city_officer, world):
    rule = Rule.objects.get(ruleset__code="shaanxi-2017-577", level="village", code="incidence")
    response = api(city_officer).patch(f"/api/standards/rules/{rule.pk}/", {"name": "x"}, format="json")
    assert response.status_code == 400 and "复制为新版本" in str(response.json())


def test_poverty_lines_are_listed_by_year(api, inspector, world):
    data = api(inspector).get("/api/standards/poverty-lines/", {"year": 2019}).json()
    assert [(line["year"], line["amount"]) for line in data["results"]] == [(2019, "3747")]


def test_run_list_query_count_is_flat(api, city_officer, world, django_assert_max_num_queries):
    for _ in range(5):
        what_if_run(city_officer, "household")
    client = api(city_officer)
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/standards/runs/").json()["results"]) == 6
