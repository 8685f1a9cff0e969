"""Rule validation: every mistake is refused with a message that says what and where."""

import pytest
from django.core.exceptions import ValidationError

from jingzhun.standards import shipped
from jingzhun.standards.expressions import RuleError, rule_validate
from jingzhun.standards.models import Rule, RuleSet

LINE = {"line": {"default": 3747, "type": "number"}}


def test_every_shipped_rule_is_valid():
    for ruleset in shipped.RULESETS:
        for rule in ruleset["rules"]:
            rule_validate(level=rule["level"], expression=rule["expression"], parameters=rule["parameters"])


def test_it_reports_the_fields_and_parameters_a_rule_uses():
    checked = rule_validate(
        level="household", expression={"gt": [{"var": "income_per_capita"}, {"param": "line"}]}, parameters=LINE
    )

    assert checked.fields == {"income_per_capita"}
    assert checked.parameters == {"line"}


@pytest.mark.parametrize(
    ("level", "expression", "parameters", "message"),
    [
        ("household", {"gt": [{"var": "salary"}, 1]}, {}, "未知字段 “salary”"),
        ("village", {"var": "income_per_capita"}, {}, "未知字段 “income_per_capita”"),
        ("household", {"gt": [{"var": "housing_rating"}, 3]}, {}, "不能比较"),
        ("household", {"gt": [{"var": "housing_rating"}, "A"]}, {}, "只能比较数值"),
        ("household", {"bigger": [1, 2]}, {}, "未知的运算符 “bigger”"),
        ("household", {"gt": [{"var": "income_per_capita"}, {"param": "line"}]}, {}, "未声明的参数 “line”"),
        ("household", {"gt": [{"var": "income_per_capita"}]}, {}, "需要 2 个操作数"),
        ("household", {"var": "income_per_capita"}, {}, "必须是一个条件"),
        ("household", {"all": [{"var": "water_safe"}, 3]}, {}, "all[1]"),
        ("household", {"gt": [{"var": "member.age"}, 3]}, {}, "只能用在 count_members"),
        ("village", {"eq": [{"count_members": {"var": "member.in_school"}}, 0]}, {}, "只能用在户层级"),
        ("household", {"eq": [{"count_members": {"var": "water_safe"}}, 0]}, {}, "只能用成员字段"),
        ("household", {"in": [{"var": "housing_rating"}, ["A", 1]]}, {}, "同类型的常量"),
        ("household", {"gt": [1, 2], "lt": [1, 2]}, {}, "只能有一个运算符"),
        ("household", {"var": "water_safe"}, {"line": {"type": "number"}}, "default"),
        ("household", {"var": "water_safe"}, {"line": {"default": "x", "type": "number"}}, "默认值与参数类型"),
    ],
)
def test_invalid_rules_are_refused_with_a_clear_message(level, expression, parameters, message):
    with pytest.raises(RuleError) as error:
        rule_validate(level=level, expression=expression, parameters=parameters)

    assert message in str(error.value)


def test_errors_point_to_the_wrong_part_of_the_expression():
    expression = {"all": [{"var": "water_safe"}, {"any": [{"var": "electricity"}, {"gt": [{"var": "nope"}, 1]}]}]}

    with pytest.raises(RuleError) as error:
        rule_validate(level="household", expression=expression, parameters={})

    assert error.value.path == "all[1].any[1].gt[0].var"


@pytest.mark.django_db
def test_model_validation_puts_the_error_on_the_expression():
    rule = Rule(
        ruleset=RuleSet.objects.get(code="national-2016"),
        level="household",
        code="extra",
        name="额外",
        expression={"gt": [{"var": "salary"}, 1]},
    )

    with pytest.raises(ValidationError) as error:
        rule.full_clean()

    assert "未知字段" in error.value.message_dict["expression"][0]


def test_expressions_are_never_executed_as_code():
    hostile = {"var": "__import__('os').system('true')"}

    with pytest.raises(RuleError, match="未知字段"):
        rule_validate(level="household", expression={"eq": [hostile, 1]}, parameters={})
