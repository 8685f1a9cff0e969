"""Evaluation runs: official and what-if, immutability, comparison, and the command line."""

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from jingzhun.regions.models import Region, VillageYear
from jingzhun.standards.choices import RunKind, RunStatus
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.models import EvaluationResult, EvaluationRun, Rule, RuleSet
from jingzhun.standards.readiness import compare_summary
from jingzhun.standards.services import (
    evaluation_run,
    household_failures_latest,
    latest_official_run,
    parameter_overrides_parse,
    rule_preview,
    rule_save,
    ruleset_copy,
    ruleset_in_force,
    run_compare,
    standards_load,
)
from jingzhun.standards.tests.conftest import set_income

HANBIN = "610902000000"


@pytest.fixture
def hanbin(db):
    return Region.objects.get(code=HANBIN)


@pytest.fixture
def shaanxi_577(db):
    return RuleSet.objects.get(code="shaanxi-2017-577")


@pytest.fixture
def two_households(household_factory, hanbin_village):
    rich, poor = household_factory(hanbin_village), household_factory(hanbin_village)
    set_income(rich, 3900)
    set_income(poor, 3000)
    return rich, poor


def test_the_shaanxi_577_set_is_in_force_in_ankang_and_the_national_set_elsewhere(db):
    assert ruleset_in_force(year=2019, region_code=HANBIN).code == "shaanxi-2017-577"
    assert ruleset_in_force(year=2019, region_code="510100000000").code == "national-2016"
    assert ruleset_in_force(year=2015, region_code=HANBIN) is None


def test_shipped_standards_reload_without_duplicates(db):
    assert standards_load() == 0
    assert RuleSet.objects.filter(code="shaanxi-2017-577").get().rules.filter(level="household").count() == 6
    assert RuleSet.objects.get(code="shaanxi-2017-477").rules.filter(level="household", code="water").count() == 0


def test_an_official_run_records_everything_it_used(city_officer, hanbin, shaanxi_577, two_households):
    run = evaluation_run(
        user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin, official=True
    )

    assert run.kind == RunKind.OFFICIAL
    assert run.status == RunStatus.DONE
    assert (run.entities, run.passed) == (2, 1)
    assert run.parameters["household.education"] == {"age_min": 6, "age_max": 15}
    assert {r["code"] for r in run.rules_snapshot} >= {"income", "water"}
    assert run.created_by == city_officer


def test_official_runs_need_the_city_office_the_rule_set_in_force_and_no_changes(
    county_officer, city_officer, hanbin, shaanxi_577
):
    with pytest.raises(PermissionDenied):
        evaluation_run(
            user=county_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin, official=True
        )
    national = RuleSet.objects.get(code="national-2016")
    with pytest.raises(RuleError, match="适用的规则集"):
        evaluation_run(user=city_officer, ruleset=national, level="household", year=2019, region=hanbin, official=True)
    with pytest.raises(RuleError, match="不能调整参数"):
        evaluation_run(
            user=city_officer,
            ruleset=shaanxi_577,
            level="household",
            year=2019,
            region=hanbin,
            official=True,
            overrides={"income.line": 4000},
        )


def test_a_county_officer_evaluates_only_his_county(county_officer, shaanxi_577):
    with pytest.raises(PermissionDenied):
        evaluation_run(
            user=county_officer,
            ruleset=shaanxi_577,
            level="household",
            year=2019,
            region=Region.objects.get(code="610921000000"),
        )


def test_read_only_roles_cannot_evaluate(inspector, hanbin, shaanxi_577):
    with pytest.raises(PermissionDenied):
        evaluation_run(user=inspector, ruleset=shaanxi_577, level="household", year=2019, region=hanbin)


def test_what_if_runs_leave_the_official_record_alone(city_officer, hanbin, shaanxi_577, two_households):
    rich, poor = two_households
    official = evaluation_run(
        user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin, official=True
    )
    what_if = evaluation_run(
        user=city_officer,
        ruleset=shaanxi_577,
        level="household",
        year=2019,
        region=hanbin,
        overrides={"income.line": 4000},
    )

    assert what_if.kind == RunKind.WHAT_IF
    assert latest_official_run(level="household", year=2019, region_code=HANBIN) == official
    assert list(household_failures_latest(year=2019).values_list("household_id", flat=True)) == [poor.pk]
    assert EvaluationResult.objects.get(run=official, code=rich.code).passed is True
    assert EvaluationResult.objects.get(run=what_if, code=rich.code).passed is False


def test_comparison_lists_who_changes_status(city_officer, hanbin, shaanxi_577, two_households, hanbin_village):
    rich, _poor = two_households
    base = evaluation_run(user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin)
    stricter = evaluation_run(
        user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin, overrides={"line": 4000}
    )

    changes = list(run_compare(base=base, other=stricter))

    assert [(c.code, c.base_passed, c.passed) for c in changes] == [(rich.code, True, False)]
    (summary,) = compare_summary(run_compare(base=base, other=stricter), digits=12)
    assert (summary["code"], summary["now_passing"], summary["now_failing"]) == (hanbin_village.code, 0, 1)


def test_a_rule_set_used_by_an_official_run_is_locked_and_can_be_copied(
    city_officer, hanbin, shaanxi_577, two_households
):
    evaluation_run(user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=hanbin, official=True)
    income = shaanxi_577.rules.get(level="household", code="income")

    with pytest.raises(ValidationError, match="复制为新版本"):
        rule_save(user=city_officer, ruleset=shaanxi_577, rule=income, data={"name": "改"})

    copy = ruleset_copy(user=city_officer, ruleset=shaanxi_577, code="shaanxi-2019-local", name="本地版")
    rule_save(
        user=city_officer,
        ruleset=copy,
        rule=copy.rules.get(level="household", code="income"),
        data={"parameters": {"line": {"default": 4000, "type": "number"}}},
    )
    assert copy.rules.count() == shaanxi_577.rules.count()
    assert shaanxi_577.rules.get(level="household", code="income").parameters["line"]["default"] is None


def test_only_the_city_office_edits_standards(county_officer, shaanxi_577):
    with pytest.raises(PermissionDenied):
        ruleset_copy(user=county_officer, ruleset=shaanxi_577, code="x-1", name="x")


def test_saving_an_invalid_rule_changes_nothing(city_officer, shaanxi_577):
    copy = ruleset_copy(user=city_officer, ruleset=shaanxi_577, code="draft-1", name="草稿")
    rule = copy.rules.get(level="household", code="income")

    with pytest.raises(ValidationError):
        rule_save(user=city_officer, ruleset=copy, rule=rule, data={"expression": {"gt": [{"var": "salary"}, 1]}})

    assert Rule.objects.get(pk=rule.pk).expression == shipped_income_expression()


def shipped_income_expression():
    from jingzhun.standards import shipped

    return shipped.INCOME["expression"]


def test_preview_counts_the_households_a_rule_would_fail(shaanxi_577, two_households):
    rule = Rule(
        ruleset=shaanxi_577,
        level="household",
        code="strict",
        name="收入超过 3,500 元",
        expression={"gt": [{"var": "income_per_capita"}, {"param": "line"}]},
        parameters={"line": {"default": 3500, "type": "number"}},
    )

    assert rule_preview(ruleset=shaanxi_577, rule=rule, year=2019, region_code=HANBIN) == (2, 1)


def test_unknown_or_mistyped_parameters_are_refused(city_officer, hanbin, shaanxi_577):
    with pytest.raises(RuleError, match="没有这些参数"):
        evaluation_run(
            user=city_officer, ruleset=shaanxi_577, level="village", year=2019, region=hanbin, overrides={"nope": 1}
        )
    with pytest.raises(RuleError, match="类型不对"):
        evaluation_run(
            user=city_officer, ruleset=shaanxi_577, level="village", year=2019, region=hanbin, overrides={"max": "x"}
        )
    assert not EvaluationRun.objects.exists()


def test_parameter_overrides_are_parsed_from_the_command_line():
    assert parameter_overrides_parse(["max=0.02", "income.line=4000", "flag=true", "label=东部"]) == {
        "max": 0.02,
        "income.line": 4000,
        "flag": True,
        "label": "东部",
    }
    with pytest.raises(ValueError, match="名称=值"):
        parameter_overrides_parse(["max"])


def test_the_evaluate_command_writes_the_csv_contract(two_households, hanbin_village, tmp_path):
    rich, poor = two_households
    out = tmp_path / "households.csv"

    call_command(
        "evaluate",
        "--year",
        "2019",
        "--level",
        "household",
        "--region",
        "610902",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:3] == ["code", "passed", "failed_rules"]
    by_code = {r["code"]: r for r in rows}
    assert by_code[rich.code]["passed"] == "1"
    assert by_code[rich.code]["failed_rules"] == ""
    assert by_code[poor.code]["passed"] == "0"
    assert by_code[poor.code]["failed_rules"] == "income"


def test_the_evaluate_command_writes_village_incidence_as_a_fraction(two_households, hanbin_village, tmp_path):
    VillageYear.objects.create(
        village=hanbin_village, year=2019, rural_population=40, hardened_road=True, is_poor_village=True
    )
    out = tmp_path / "villages.csv"

    call_command(
        "evaluate", "--year", "2019", "--level", "village", "--region", "610902", "--set", "max=0.05",
        "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip

    (row,) = csv.DictReader(out.open(encoding="utf-8"))
    assert row["code"] == hanbin_village.code
    assert row["incidence"] == "0.025"
    assert row["failed_rules"] == "clinic;collective_economy;electricity;water"


def test_the_evaluate_command_runs_the_columnar_engine_on_a_snapshot(two_households, tmp_path):
    call_command("snapshot", "--out", str(tmp_path / "snap"), stdout=io.StringIO())
    out = tmp_path / "columnar.csv"

    call_command(
        "evaluate", "--year", "2019", "--level", "household", "--region", "610902", "--engine", "columnar",
        "--snapshot", str(tmp_path / "snap"), "--out", str(out), stdout=io.StringIO(),
    )  # fmt: skip

    assert sorted(r["passed"] for r in csv.DictReader(out.open(encoding="utf-8"))) == ["0", "1"]


def test_the_evaluate_command_records_a_run_per_level_with_level_all(two_households, hanbin_village):
    VillageYear.objects.create(
        village=hanbin_village, year=2019, rural_population=40, hardened_road=True, is_poor_village=True
    )
    out = io.StringIO()

    call_command("evaluate", "--year", "2019", "--level", "all", "--region", "610902", stdout=out)

    runs = {run.level: run for run in EvaluationRun.objects.all()}
    assert sorted(runs) == ["county", "household", "village"]
    assert (runs["household"].entities, runs["household"].passed) == (2, 1)
    (village,) = runs["village"].results.all()
    assert village.incidence == pytest.approx(0.025)
    assert out.getvalue().count("run #") == 3
    with pytest.raises(CommandError, match="one level"):
        call_command("evaluate", "--year", "2019", "--level", "all", "--region", "610902", "--out", "-")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--region", "999999"], "No division"),
        (["--ruleset", "nope"], "No rule set"),
        (["--set", "nope=1"], "没有这些参数"),
        (["--engine", "columnar", "--snapshot", "/nonexistent/snapshot"], "快照不存在"),
    ],
)
def test_the_evaluate_command_explains_bad_input(db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("evaluate", "--year", "2019", "--level", "household", "--region", "610902", *arguments)


def test_each_household_is_judged_by_the_newest_official_run_that_covered_it(
    city_officer, household_factory, hanbin_village, hanyin_village, shaanxi_577
):
    fixed_later = household_factory(hanbin_village)
    elsewhere = household_factory(hanyin_village)
    set_income(fixed_later, 3000)
    set_income(elsewhere, 3000)
    city = Region.objects.get(code="610900000000")
    evaluation_run(user=city_officer, ruleset=shaanxi_577, level="household", year=2019, region=city, official=True)
    set_income(fixed_later, 5000)
    evaluation_run(
        user=city_officer,
        ruleset=shaanxi_577,
        level="household",
        year=2019,
        region=Region.objects.get(code=HANBIN),
        official=True,
    )

    assert list(household_failures_latest(year=2019).values_list("household_id", flat=True)) == [elsewhere.pk]


def test_preview_of_a_village_rule_counts_the_households_still_poor_under_the_household_rules(
    shaanxi_577, household_factory, hanbin_village
):
    VillageYear.objects.update_or_create(
        village=hanbin_village, year=2019, defaults={"rural_population": 100, "is_poor_village": True}
    )
    poor = household_factory(hanbin_village, members=3)
    set_income(poor, 1000)
    incidence = shaanxi_577.rules.get(level="village", code="incidence")

    def failing(threshold):
        rule = Rule(
            ruleset=shaanxi_577,
            level="village",
            code="preview",
            name=incidence.name,
            expression=incidence.expression,
            parameters={"max": {"default": threshold, "type": "number"}},
        )
        return rule_preview(ruleset=shaanxi_577, rule=rule, year=2019, region_code=hanbin_village.code)

    assert failing(0.5) == (1, 0)  # 3 of 100 still poor: 3 % is below 50 %
    assert failing(0.0001) == (1, 1)
