"""Standards pages: permissions per view, the rule editor, runs as jobs, readiness, gap list, comparison."""

import io

import pytest
from django.urls import reverse

from jingzhun.core.models import Job
from jingzhun.standards.models import EvaluationRun, PovertyLine, Rule, RuleSet
from jingzhun.standards.tests.world import YEAR, build_world, official_run, what_if_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_snapshot(settings, tmp_path):
    settings.SNAPSHOT_DIR = tmp_path / "no-snapshot"


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village, city_officer):
    world = build_world(household_factory, hanbin_village, hanyin_village)
    world["household_run"] = official_run(city_officer, "household")
    world["village_run"] = official_run(city_officer, "village")
    world["village"] = hanbin_village
    world["hanyin_village"] = hanyin_village
    return world


@pytest.fixture
def hanyin_run(world, outsider):
    """A what-if household run of 汉阴县, started by its own county office."""
    return what_if_run(outsider, "household", region_code="610921000000")


# -- permissions, view by view ------------------------------------------------------------------------

READ_URLS = {
    "home": lambda w: reverse("standards:home"),
    "ruleset": lambda w: reverse("standards:ruleset-detail", args=["shaanxi-2017-577"]),
    "runs": lambda w: reverse("standards:run-list"),
    "run": lambda w: reverse("standards:run-detail", args=[w["household_run"].pk]),
    "village_run": lambda w: reverse("standards:run-detail", args=[w["village_run"].pk]),
    "gaps": lambda w: reverse("standards:gap-list", args=[w["household_run"].pk, w["village"].code]),
    "gaps_xlsx": lambda w: reverse("standards:gap-list-xlsx", args=[w["household_run"].pk, w["village"].code]),
    "compare": lambda w: reverse("standards:compare"),
    "readiness": lambda w: reverse("standards:exit-readiness"),
}
EDITOR_URLS = {
    "poverty_line_new": lambda w: reverse("standards:poverty-line-create"),
    "poverty_line_edit": lambda w: reverse("standards:poverty-line-edit", args=[PovertyLine.objects.first().pk]),
    "ruleset_copy": lambda w: reverse("standards:ruleset-copy", args=["national-2016"]),
    "ruleset_edit": lambda w: reverse("standards:ruleset-edit", args=["national-2016"]),
    "rule_new": lambda w: reverse("standards:rule-create", args=["national-2016"]),
    "rule_edit": lambda w: reverse(
        "standards:rule-edit", args=["national-2016", Rule.objects.filter(ruleset__code="national-2016").first().pk]
    ),
}
# Pages of one place: another county's officer must not learn they exist.
SCOPED_URLS = {
    "run": lambda w, r: reverse("standards:run-detail", args=[r.pk]),
    "gaps": lambda w, r: reverse("standards:gap-list", args=[r.pk, w["hanyin_village"].code]),
    "gaps_xlsx": lambda w, r: reverse("standards:gap-list-xlsx", args=[r.pk, w["hanyin_village"].code]),
}


@pytest.mark.parametrize("name", [*READ_URLS, *EDITOR_URLS, "run_new"])
def test_anonymous_is_sent_to_login(client, world, name):
    url = {**READ_URLS, **EDITOR_URLS, "run_new": lambda w: reverse("standards:run-create")}[name](world)
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", READ_URLS)
def test_county_officer_opens_every_page_of_his_county(client_for, county_officer, world, name):
    assert client_for(county_officer).get(READ_URLS[name](world)).status_code == 200


@pytest.mark.parametrize("name", READ_URLS)
def test_read_only_inspector_reads_every_page(client_for, inspector, world, name):
    assert client_for(inspector).get(READ_URLS[name](world)).status_code == 200


@pytest.mark.parametrize("name", SCOPED_URLS)
def test_officer_of_another_county_gets_404(client_for, county_officer, world, hanyin_run, name):
    assert client_for(county_officer).get(SCOPED_URLS[name](world, hanyin_run)).status_code == 404


@pytest.mark.parametrize("name", SCOPED_URLS)
def test_the_runs_own_county_opens_it(client_for, outsider, world, hanyin_run, name):
    assert client_for(outsider).get(SCOPED_URLS[name](world, hanyin_run)).status_code == 200


def test_a_village_clerk_cannot_open_the_gap_list_of_another_village(
    client_for, village_clerk, world, hanyin_run, hanbin_village_2
):
    client = client_for(village_clerk)
    run = world["household_run"]
    assert client.get(reverse("standards:gap-list", args=[run.pk, world["village"].code])).status_code == 200
    assert client.get(reverse("standards:gap-list", args=[run.pk, hanbin_village_2.code])).status_code == 404


@pytest.mark.parametrize("name", EDITOR_URLS)
@pytest.mark.parametrize("persona", ["inspector", "county_officer"])
def test_only_the_city_office_opens_the_editor(client_for, world, request, name, persona):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(EDITOR_URLS[name](world)).status_code == 403


@pytest.mark.parametrize("name", EDITOR_URLS)
def test_city_officer_opens_every_editor_page(client_for, city_officer, world, name):
    assert client_for(city_officer).get(EDITOR_URLS[name](world)).status_code == 200


@pytest.mark.parametrize(("persona", "status"), [("inspector", 403), ("village_clerk", 403), ("county_officer", 200)])
def test_only_evaluators_open_the_run_page(client_for, request, persona, status):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse("standards:run-create")).status_code == status


def test_read_only_inspector_cannot_delete_a_run(client_for, inspector, county_officer, world):
    run = what_if_run(county_officer, "household", region_code="610902000000")
    assert client_for(inspector).post(reverse("standards:run-delete", args=[run.pk])).status_code == 403
    assert EvaluationRun.objects.filter(pk=run.pk).exists()


# -- runs lists: scope and query counts ---------------------------------------------------------------


def test_run_list_shows_runs_inside_and_covering_the_users_county(client_for, county_officer, world, hanyin_run):
    own = what_if_run(county_officer, "village", region_code="610902000000")
    listed = client_for(county_officer).get(reverse("standards:run-list")).context["object_list"]
    pks = {run.pk for run in listed}
    assert pks == {own.pk, world["household_run"].pk, world["village_run"].pk}


def test_run_list_filters_by_level_and_kind(client_for, city_officer, world):
    client = client_for(city_officer)
    listed = client.get(reverse("standards:run-list"), {"level": "village", "kind": "official"}).context["object_list"]
    assert [run.pk for run in listed] == [world["village_run"].pk]


def test_run_list_query_count_does_not_grow_with_runs(client_for, city_officer, world, django_assert_max_num_queries):
    for _ in range(5):
        what_if_run(city_officer, "household")
    client = client_for(city_officer)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("standards:run-list"))
    assert len(response.context["object_list"]) == 7


def test_run_detail_query_count_is_flat(client_for, city_officer, world, django_assert_max_num_queries):
    client = client_for(city_officer)
    with django_assert_max_num_queries(14):
        client.get(reverse("standards:run-detail", args=[world["household_run"].pk]))


# -- run detail and readiness ------------------------------------------------------------------------------


def test_county_officer_sees_only_his_countys_results_of_a_city_run(client_for, county_officer, world):
    response = client_for(county_officer).get(reverse("standards:run-detail", args=[world["household_run"].pk]))
    assert response.context["region"].code == "610902000000"
    assert response.context["counts"] == {"entities": 3, "passed": 2, "failed": 1, "pass_rate": pytest.approx(2 / 3)}


def test_run_detail_counts_failing_indicators_and_village_readiness(client_for, city_officer, world):
    run = world["household_run"]
    village = world["village"]
    client = client_for(city_officer)
    response = client.get(reverse("standards:run-detail", args=[run.pk]), {"region": village.parent.code})
    counts = {row.code: row.failing for row in response.context["rule_counts"]}
    assert counts["income"] == 1 and counts["housing"] == 1 and counts["water"] == 0
    (area,) = response.context["areas"]
    assert (area.region, area.entities, area.passed, area.still_poor_people) == (village, 3, 2, 3)
    assert area.incidence == pytest.approx(0.03)
    assert response.context["threshold"] == pytest.approx(0.03)


def test_village_run_lists_villages_with_failing_indicators_and_incidence(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("standards:run-detail", args=[world["village_run"].pk]))
    rows = {row["result"].code: row for row in response.context["entities"].rows}
    hanbin = rows[world["village"].code]
    assert hanbin["result"].passed is False and hanbin["result"].incidence == pytest.approx(0.03)
    assert [f.code for f in hanbin["failures"]] == ["incidence"]
    assert "贫困发生率" in response.content.decode() and "3.00%" in response.content.decode()


# -- starting a run from the page --------------------------------------------------------------------------


def test_county_officer_starts_a_what_if_run_and_the_job_links_to_it(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    data = {"year": YEAR, "level": "village", "region": "610902000000", "overrides": "max=0.05", "engine": "db"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("standards:run-create"), data)
    job = Job.objects.get(kind="standards_evaluate")
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded", job.error
    run = EvaluationRun.objects.get(pk=job.result["run_id"])
    assert (run.kind, run.overrides, run.created_by) == ("what_if", {"max": 0.05}, county_officer)
    assert run.results.get(code=world["village"].code).passed is True
    page = client.get(response["Location"]).content.decode()
    assert reverse("standards:run-detail", args=[run.pk]) in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"overrides": "nothing=1"}, "规则集中没有这些参数"),
        ({"overrides": "max"}, "格式应为"),
        ({"year": 2030}, "2030 年没有适用于该地区的规则集"),
        ({"region": "610921000000"}, "不在您的管辖范围内"),
        ({"engine": "columnar"}, "请联系系统管理员生成快照"),
        ({"level": "county", "region": "610902001000"}, "县级评估的范围必须是县或更大的地区"),
    ],
)
def test_run_form_explains_what_is_wrong_in_chinese(client_for, county_officer, world, data, message):
    form = {"year": YEAR, "level": "village", "region": "610902000000", "engine": "db"} | data
    response = client_for(county_officer).post(reverse("standards:run-create"), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()


def test_county_officer_is_not_offered_an_official_run(client_for, county_officer):
    response = client_for(county_officer).get(reverse("standards:run-create"))
    assert "official" not in response.context["form"].fields


def test_an_official_run_needs_the_rule_set_in_force(client_for, city_officer, world):
    national = RuleSet.objects.get(code="national-2016")
    form = {"year": YEAR, "level": "village", "region": "610900000000", "engine": "db", "official": "on"}
    response = client_for(city_officer).post(reverse("standards:run-create"), form | {"ruleset": national.pk})
    assert "正式评估必须使用 2019 年适用的规则集" in response.content.decode()


# -- gap list ------------------------------------------------------------------------------------------


def test_gap_list_shows_each_failing_indicator_with_its_values_and_fix(client_for, village_clerk, world):
    run, village = world["household_run"], world["village"]
    response = client_for(village_clerk).get(reverse("standards:gap-list", args=[run.pk, village.code]))
    (row,) = response.context["rows"]
    assert row.result.code == world["failing"].code
    assert row.head_name == world["failing"].members.get(relation="01").name
    failures = {f.code: f for f in row.failures}
    assert set(failures) == {"income", "housing"}
    income = {e.label.split("（")[0]: e.value for e in failures["income"].evidence}
    assert income["人均纯收入"] == "1,000" and income["扶贫标准"] == "3,747" and income["在世在户人数"] == "3"
    housing = {e.label.split("（")[0]: e.value for e in failures["housing"].evidence}
    assert housing == {"住房安全": "否", "住房安全等级": "C", "易地扶贫搬迁户": "否", "搬迁已入住": "否"}
    assert "C/D 级危房实施改造或搬迁" in response.content.decode()


def test_gap_list_downloads_as_excel_with_one_row_per_failing_indicator(client_for, village_clerk, world):
    from python_calamine import CalamineWorkbook

    run, village = world["household_run"], world["village"]
    response = client_for(village_clerk).get(reverse("standards:gap-list-xlsx", args=[run.pk, village.code]))
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[3][:5] == ["户编号", "户主", "人数", "脱贫状态", "未达标指标"]
    body = rows[4:]
    assert {r[0] for r in body} == {world["failing"].code}
    assert {r[4] for r in body} == {"人均纯收入稳定超过扶贫标准", "住房安全有保障（A/B 级或搬迁已入住）"}
    assert any("人均纯收入" in r[6] and "1,000" in r[6] for r in body)


def test_gap_link_of_a_village_opens_the_latest_official_household_run(client_for, county_officer, world):
    village = world["village"]
    response = client_for(county_officer).get(reverse("standards:gap-resolve", args=[village.code]), {"year": YEAR})
    assert response["Location"] == reverse("standards:gap-list", args=[world["household_run"].pk, village.code])


def test_gap_link_says_when_no_household_run_exists(client_for, county_officer, hanbin_village):
    response = client_for(county_officer).get(reverse("standards:gap-resolve", args=[hanbin_village.code]))
    assert "尚未对该村进行正式的户级评估" in response.content.decode()


# -- rule sets and the editor ---------------------------------------------------------------------------


def test_rule_set_page_renders_expressions_readably(client_for, inspector, world):
    page = client_for(inspector).get(reverse("standards:ruleset-detail", args=["shaanxi-2017-577"])).content.decode()
    assert "人均纯收入 &gt; 首个已填写的值（扶贫标准〔空〕、扶贫标准）" in page
    assert "贫困发生率 &lt; 贫困发生率上限〔0.03〕" in page
    assert "修改" not in page.split("村级指标")[1].split("</table>")[0]  # no edit buttons for inspectors


def test_a_rule_set_used_by_an_official_run_is_locked(client_for, city_officer, world):
    client = client_for(city_officer)
    page = client.get(reverse("standards:ruleset-detail", args=["shaanxi-2017-577"])).content.decode()
    assert "已用于正式评估，请复制为新版本后修改" in page and 'id="edit-ruleset"' not in page
    rule = Rule.objects.get(ruleset__code="shaanxi-2017-577", level="village", code="incidence")
    response = client.post(reverse("standards:rule-edit", args=["shaanxi-2017-577", rule.pk]), {"name": "x"})
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.name == "贫困发生率低于 3%"
    client.post(reverse("standards:rule-delete", args=["shaanxi-2017-577", rule.pk]))
    assert Rule.objects.filter(pk=rule.pk).exists()


def test_city_officer_copies_a_rule_set_and_changes_a_parameter(client_for, city_officer, world):
    client = client_for(city_officer)
    response = client.post(
        reverse("standards:ruleset-copy", args=["shaanxi-2017-577"]), {"code": "ankang-2019", "name": "安康 2019"}
    )
    assert response["Location"] == reverse("standards:ruleset-detail", args=["ankang-2019"])
    rule = Rule.objects.get(ruleset__code="ankang-2019", level="village", code="incidence")
    data = {
        "level": "village",
        "code": "incidence",
        "name": "贫困发生率低于 2%",
        "veto": "on",
        "expression": '{"lt": [{"var": "incidence"}, {"param": "max"}]}',
        "parameters": '{"max": {"default": 0.02, "type": "number", "label": "上限"}}',
        "fix_hint": "",
        "position": 0,
    }
    response = client.post(reverse("standards:rule-edit", args=["ankang-2019", rule.pk]), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.parameters["max"]["default"] == 0.02 and rule.name == "贫困发生率低于 2%"


@pytest.mark.parametrize(
    ("expression", "parameters", "field", "message"),
    [
        ('{"gt": [{"var": "wealth"}, 1]}', "{}", "expression", "gt[0].var：未知字段 “wealth”"),
        ('{"gt": [{"var": "incidence"}, "high"]}', "{}", "expression", "不能比较"),
        ('{"between": [{"var": "incidence"}, 0]}', "{}", "expression", "“between” 需要 3 个操作数的列表"),
        ('{"like": [{"var": "incidence"}, 1]}', "{}", "expression", "未知的运算符 “like”"),
        ('{"lt": [{"var": "incidence"}, {"param": "max"}]}', '{"max": {"type": "number"}}', "parameters", "default"),
        ("{not json", "{}", "expression", "JSON"),
    ],
)
def test_rule_editor_shows_the_validation_error_next_to_the_field(
    client_for, city_officer, world, expression, parameters, field, message
):
    data = {"level": "village", "code": "newrule", "name": "新指标", "veto": "on", "position": 1}
    data |= {"expression": expression, "parameters": parameters}
    response = client_for(city_officer).post(reverse("standards:rule-create", args=["national-2016"]), data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors
    assert not Rule.objects.filter(code="newrule").exists()


def test_rule_preview_counts_the_households_that_fail(client_for, city_officer, world):
    data = {
        "level": "household",
        "code": "richer",
        "name": "人均纯收入超过 5000 元",
        "expression": '{"gt": [{"var": "income_per_capita"}, {"param": "line"}]}',
        "parameters": '{"line": {"default": 5000, "type": "number"}}',
        "position": 0,
        "preview_year": YEAR,
        "preview_region": "610902000000",
    }
    response = client_for(city_officer).post(reverse("standards:rule-preview", args=["national-2016"]), data)
    assert "3 户中 1 户不达标" in response.content.decode()


def test_rule_preview_reports_an_invalid_rule(client_for, city_officer, world):
    data = {"level": "household", "code": "x", "name": "x", "position": 0, "preview_year": YEAR}
    data |= {"expression": '{"gt": [{"var": "nope"}, 1]}', "parameters": "{}", "preview_region": "610902000000"}
    response = client_for(city_officer).post(reverse("standards:rule-preview", args=["national-2016"]), data)
    assert "未知字段 “nope”" in response.content.decode()


def test_city_officer_adds_a_provincial_poverty_line(client_for, city_officer, world):
    data = {"year": 2019, "region": "610000000000", "amount": 3800, "source": "陕西省自定标准"}
    response = client_for(city_officer).post(reverse("standards:poverty-line-create"), data)
    assert response.status_code == 302
    assert PovertyLine.objects.get(year=2019, region="610000000000").amount == 3800


# -- comparison and the dashboard ------------------------------------------------------------------------


def test_comparison_shows_a_county_officer_only_the_changes_in_his_county(
    client_for, county_officer, city_officer, world
):
    run = what_if_run(city_officer, "household", overrides={"income.line": 500})  # 汉阴's household now passes
    params = {"base": world["household_run"].pk, "other": run.pk}
    city_view = client_for(city_officer).get(reverse("standards:compare"), params)
    assert [row["result"].code for row in city_view.context["page_obj"].rows] == [world["hanyin"].code]
    county_view = client_for(county_officer).get(reverse("standards:compare"), params)
    assert county_view.context["page_obj"].rows == [] and county_view.context["summary"] == []


def test_comparison_shows_households_passing_after_a_lower_line(client_for, city_officer, world):
    HouseholdYearModel = world["failing"].years.model
    HouseholdYearModel.objects.filter(household=world["failing"]).update(housing_rating="A")
    run = what_if_run(city_officer, "household", overrides={"income.line": 500})
    response = client_for(city_officer).get(
        reverse("standards:compare"), {"base": world["household_run"].pk, "other": run.pk}
    )
    rows = response.context["page_obj"].rows
    assert {row["result"].code for row in rows} == {world["failing"].code, world["hanyin"].code}
    summary = {row["code"]: (row["now_passing"], row["now_failing"]) for row in response.context["summary"]}
    assert summary[world["village"].code] == (1, 0)


def test_comparison_refuses_runs_of_different_levels(client_for, city_officer, world):
    response = client_for(city_officer).get(
        reverse("standards:compare"), {"base": world["household_run"].pk, "other": world["village_run"].pk}
    )
    assert "只能比较同一层级的评估" in response.content.decode()


def test_dashboard_colours_villages_planned_to_exit_by_the_latest_official_run(client_for, city_officer, world):
    response = client_for(city_officer).get(reverse("standards:exit-readiness"), {"year": YEAR})
    (villages, counties) = response.context["sections"]
    assert villages[2] == {"planned": 2, "passing": 1, "failing": 1, "missing": 0, "truncated": False}
    rows = {row.region.code: row for row in villages[1]}
    assert rows[world["village"].code].failures == ["贫困发生率低于 3%"]
    assert counties[3] is None and "尚未进行正式评估" in response.content.decode()


def test_dashboard_page_loads_the_readiness_panel(client_for, county_officer, world):
    page = client_for(county_officer).get(reverse("dashboard")).content.decode()
    assert reverse("standards:exit-readiness") in page


def test_household_page_panel_shows_the_official_verdicts_of_the_household(
    client_for, county_officer, household_factory, hanbin_village
):
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run
    from jingzhun.standards.tests.conftest import set_income

    household = household_factory(hanbin_village)
    set_income(household, 1000)
    evaluation_run(
        user=None,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        level="household",
        year=2019,
        region=Region.objects.get(code="610902000000"),
        official=True,
    )

    response = client_for(county_officer).get(f"/standards/households/{household.code}/")

    assert response.status_code == 200
    assert "不达标" in response.text and "人均纯收入稳定超过扶贫标准" in response.text


def test_household_panel_of_another_county_is_not_found(client_for, outsider, household_factory, hanbin_village):
    household = household_factory(hanbin_village)

    assert client_for(outsider).get(f"/standards/households/{household.code}/").status_code == 404
