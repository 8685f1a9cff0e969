"""A run is explained with its own parameters: names, deciding values and evidence on pages, Excel and API."""

import io

import pytest
from django.urls import reverse

from jingzhun.standards.models import EvaluationRun
from jingzhun.standards.tests.world import YEAR, build_world, what_if_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village):
    world = build_world(household_factory, hanbin_village, hanyin_village)
    world["village"] = hanbin_village
    return world


def test_a_what_if_income_line_is_the_deciding_value_on_the_gap_list(client_for, city_officer, world):
    run = what_if_run(city_officer, "household", overrides={"line": 4000})
    client = client_for(city_officer)
    response = client.get(reverse("standards:gap-list", args=[run.pk, world["village"].code]))
    (row,) = response.context["rows"]
    income = next(f for f in row.failures if f.code == "income")
    values = {e.label: e.value for e in income.evidence}
    assert values["扶贫标准（元，留空按当年标准）"] == "4,000"
    assert "3,747" not in values.values()
    assert "4,000" in income.name

    from python_calamine import CalamineWorkbook

    response = client.get(reverse("standards:gap-list-xlsx", args=[run.pk, world["village"].code]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    (income_row,) = [r for r in sheet.to_python()[4:] if r[4].startswith("人均纯收入")]
    assert "4,000" in income_row[6] and "3,747" not in income_row[6]

    api = client.get(f"/api/standards/runs/{run.pk}/results/", {"passed": "false"}).json()
    results = api.get("results", api)
    failures = {f["code"]: f for r in results for f in r["failures"]}
    assert {"label": "扶贫标准（元，留空按当年标准）", "value": "4,000"} in failures["income"]["evidence"]


def test_a_what_if_village_run_names_its_own_incidence_threshold(client_for, city_officer, world):
    run = what_if_run(city_officer, "village", overrides={"incidence.max": 0.02})
    page = client_for(city_officer).get(reverse("standards:run-detail", args=[run.pk])).content.decode()
    assert "贫困发生率低于 2%" in page
    assert "贫困发生率低于 3%" not in page
    assert run.year == YEAR


# -- the gap link answers from the official run -------------------------------------------------------


def test_the_gap_link_never_takes_a_what_if_run_for_the_official_answer(client_for, city_officer, village_clerk, world):
    from jingzhun.standards.tests.world import official_run

    official_run(city_officer, "village")
    what_if = what_if_run(city_officer, "household", overrides={"line": 4000})
    client = client_for(village_clerk)
    response = client.get(reverse("standards:gap-resolve", args=[world["village"].code]), {"year": YEAR})
    assert response.status_code == 200  # no redirect to the what-if run
    page = response.content.decode()
    assert "尚未对该村进行正式的户级评估" in page
    assert 'id="what-if-runs"' in page
    assert reverse("standards:gap-list", args=[what_if.pk, world["village"].code]) in page
    assert 'data-village-rule="incidence"' in page  # the village's own failing indicators
    assert "发起户级评估" not in page  # not offered to a clerk who may not start one

    what_if_page = client.get(reverse("standards:gap-list", args=[what_if.pk, world["village"].code]))
    assert "模拟评估，不是正式结果" in what_if_page.content.decode()


def test_the_gap_list_of_an_official_run_shows_the_village_indicators(client_for, city_officer, village_clerk, world):
    from jingzhun.standards.tests.world import official_run

    household_run = official_run(city_officer, "household")
    official_run(city_officer, "village")
    what_if_run(city_officer, "household", overrides={"line": 4000})
    client = client_for(village_clerk)
    response = client.get(reverse("standards:gap-resolve", args=[world["village"].code]), {"year": YEAR})
    assert response["Location"] == reverse("standards:gap-list", args=[household_run.pk, world["village"].code])
    page = client.get(response["Location"]).content.decode()
    assert 'data-village-rule="incidence"' in page and "模拟评估，不是正式结果" not in page


# -- villages in scope ------------------------------------------------------------------------------------


def test_a_village_run_evaluates_poor_villages_only_and_says_so(client_for, city_officer, world, hanbin_village_2):
    from jingzhun.regions.models import VillageYear

    VillageYear.objects.create(village=hanbin_village_2, year=YEAR, rural_population=3000)  # a 社区, not poor
    run = what_if_run(city_officer, "village")
    assert run.entities == 2  # the two poor villages of the world, not the 社区
    page = client_for(city_officer).get(reverse("standards:run-detail", args=[run.pk])).content.decode()
    assert "贫困村 2 个（其中计划 2019 年出列 2 个）" in page


# -- Beijing time wherever a person reads a time -----------------------------------------------------------


def test_the_gap_list_excel_and_the_comparison_show_beijing_time(client_for, city_officer, world):
    import datetime

    from python_calamine import CalamineWorkbook

    from jingzhun.standards.models import EvaluationRun

    run = what_if_run(city_officer, "household")
    utc = datetime.datetime(2019, 12, 31, 20, 5, tzinfo=datetime.UTC)
    EvaluationRun.objects.filter(pk=run.pk).update(created_at=utc)
    client = client_for(city_officer)
    response = client.get(reverse("standards:gap-list-xlsx", args=[run.pk, world["village"].code]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    basis = sheet.to_python()[1][0]
    assert "2020-01-01 04:05" in basis and "20:05" not in basis
    page = client.get(reverse("standards:compare")).content.decode()
    assert "2020-01-01 04:05" in page and "2019-12-31 20:05" not in page


# -- the village dashboard ---------------------------------------------------------------------------------


def test_the_village_dashboard_shows_its_households_their_gaps_and_their_helpers(
    client_for, city_officer, village_clerk, world
):
    from jingzhun.registry.models import Household
    from jingzhun.standards.tests.world import official_run

    Household.objects.filter(pk=world["failing"].pk).update(helper_name="李帮扶", helper_unit="市财政局")
    official_run(city_officer, "household")
    client = client_for(village_clerk)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="village-households"' in page and world["failing"].code in page and "李帮扶" in page
    assert world["failing"].members.get(relation="01").name in page
    assert "chart-children" not in page  # no empty chart of child regions
    gaps = client.get(reverse("standards:village-gaps", args=[world["village"].code]), {"year": YEAR})
    html = gaps.content.decode()
    assert f'data-gap-household="{world["failing"].code}"' in html and "李帮扶" in html
    assert "人均纯收入稳定超过扶贫标准" in html


# -- the what-if form lists the parameters ------------------------------------------------------------------


def test_the_run_form_lists_every_parameter_with_its_current_value_and_no_engine(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    page = client.get(reverse("standards:run-create")).content.decode()
    assert 'id="run-parameters"' in page and "贫困发生率低于 3%：贫困发生率上限" in page
    assert 'name="p__village__incidence__max" value="3' in page  # 3 %, not 0.03
    assert "manage.py" not in page and "计算引擎" not in page and "village.incidence.max" not in page
    data = {"year": YEAR, "level": "village", "region": "610902000000", "p__village__incidence__max": "2"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("standards:run-create"), data)
    assert response.status_code == 302, response.content.decode()
    run = EvaluationRun.objects.get()
    assert run.kind == "what_if" and run.overrides == {"village.incidence.max": 0.02}


def test_the_run_form_left_at_its_values_changes_no_parameter(
    client_for, county_officer, world, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    form = client.get(reverse("standards:run-create")).context["form"]
    data = {"year": YEAR, "level": "household", "region": "610902000000"}
    data |= {k: ("" if v is None else v) for k, v in form.initial.items() if k.startswith("p__")}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("standards:run-create"), data).status_code == 302
    assert EvaluationRun.objects.get().overrides == {}


# -- the rule editor in rows --------------------------------------------------------------------------------


def test_the_rule_editor_edits_conditions_and_parameters_as_rows(client_for, city_officer, world):
    from jingzhun.standards.models import Rule, RuleSet
    from jingzhun.standards.services import ruleset_copy

    ruleset_copy(
        user=city_officer, ruleset=RuleSet.objects.get(code="shaanxi-2017-577"), code="ankang-2019", name="安康 2019"
    )
    rule = Rule.objects.get(ruleset__code="ankang-2019", level="village", code="incidence")
    client = client_for(city_officer)
    url = reverse("standards:rule-edit", args=["ankang-2019", rule.pk])
    page = client.get(url).content.decode()
    assert 'id="condition-rows"' in page and '<option value="incidence" selected>贫困发生率</option>' in page
    assert '<option value="lt" selected>低于</option>' in page and 'value="max"' in page
    assert "判定表达式（JSON）" not in page and '"var"' not in page
    data = {"level": "village", "code": "incidence", "name": "贫困发生率低于 2%", "veto": "on", "position": 0}
    data |= {"mode": "rows", "combine": "all", "cond_0_field": "incidence", "cond_0_op": "lt", "cond_0_param": "max"}
    data |= {"par_0_name": "max", "par_0_label": "贫困发生率上限（小数）", "par_0_default": "0.02"}
    assert client.post(url, data).status_code == 302
    rule.refresh_from_db()
    assert rule.expression == {"lt": [{"var": "incidence"}, {"param": "max"}]}
    assert rule.parameters == {"max": {"default": 0.02, "type": "number", "label": "贫困发生率上限（小数）"}}
    education = Rule.objects.get(ruleset__code="ankang-2019", level="household", code="education")
    page = client.get(reverse("standards:rule-edit", args=["ankang-2019", education.pk])).content.decode()
    assert "只能按存储格式（JSON）修改" in page


def test_the_run_page_names_changed_parameters_and_levels_in_chinese(client_for, city_officer, world):
    run = what_if_run(city_officer, "village", overrides={"incidence.max": 0.02})
    page = client_for(city_officer).get(reverse("standards:run-detail", args=[run.pk])).content.decode()
    assert "贫困发生率低于 2%：贫困发生率上限 = 2%" in page
    assert "incidence.max" not in page and "<td>household</td>" not in page and "<td>户</td>" in page


def test_a_rule_set_of_a_province_names_the_province(client_for, city_officer, world):
    from jingzhun.standards.models import RuleSet

    RuleSet.objects.filter(code="shaanxi-2017-577").update(region_prefix="61")
    page = client_for(city_officer).get(reverse("standards:ruleset-detail", args=["shaanxi-2017-577"])).content.decode()
    assert "陕西省" in page and '<dd class="col-sm-10">61</dd>' not in page


def test_a_role_that_may_not_evaluate_is_not_offered_to(client_for, village_clerk, inspector, county_officer, world):
    url = reverse("standards:run-create")
    for user in (village_clerk, inspector):
        client = client_for(user)
        page = client.get(reverse("standards:run-list")).content.decode()
        assert f'href="{url}"' not in page and client.get(url).status_code == 403
    assert f'href="{url}"' in client_for(county_officer).get(reverse("standards:run-list")).content.decode()
