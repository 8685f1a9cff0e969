"""The importer's fast construction of new instances gives what ``Model(**values)`` gives, for every model."""

import datetime

import pytest
from django.apps import apps
from django.db import models

from jingzhun.core.imports.binding import _blank, new_instance
from jingzhun.core.models import Job
from jingzhun.registry.models import Household, Member

# Defaults taken at the moment of construction: equal in type, not in value.
MOMENT_FIELDS = (models.DateTimeField, models.DateField, models.UUIDField)


def _attributes(instance: models.Model) -> dict:
    return {k: v for k, v in instance.__dict__.items() if k != "_state"}


@pytest.mark.parametrize("model", apps.get_models(), ids=lambda m: m._meta.label)
def test_a_new_instance_has_every_default_of_the_models_own_constructor(model):
    fast, plain = _attributes(new_instance(model)), _attributes(model())
    assert fast.keys() == plain.keys()
    fields = {f.attname: f for f in model._meta.concrete_fields}
    for name in plain:  # generated fields are not set by the constructor
        field, a, b = fields[name], fast[name], plain[name]
        if callable(getattr(field, "default", None)) and isinstance(field, MOMENT_FIELDS):
            assert type(a) is type(b), field.name
        else:
            assert a == b and type(a) is type(b), field.name


def test_given_values_win_and_the_instance_is_new_and_unsaved():
    member = new_instance(Member, code="610902001001000101", name="王某", household_id=7)
    assert (member.code, member.name, member.household_id, member.pk) == ("610902001001000101", "王某", 7, None)
    assert member._state.adding and member._state.db is None
    assert member.deceased is False


def test_mutable_and_called_defaults_are_made_for_each_instance():
    fields = [
        (model, f)
        for model in apps.get_models()
        if model.__module__.startswith("jingzhun.")
        for f in model._meta.concrete_fields
        if isinstance(f, models.JSONField) and f.default in (dict, list)
    ]
    assert fields, "a model with a JSON field made by a callable default"
    model, field = fields[0]
    first, second = new_instance(model), new_instance(model)
    assert getattr(first, field.attname) == getattr(second, field.attname)
    assert getattr(first, field.attname) is not getattr(second, field.attname)


def test_a_field_without_a_default_gets_nothing_made_for_each_instance():
    # A field without a default holds NOT_PROVIDED, a class and so callable: nothing is made per instance for it.
    made = {m: {name for name, _default, field in _blank(m) or () if field is not None} for m in (Member, Job)}
    assert made == {Member: set(), Job: {"id", "params", "result"}}


def test_a_relation_given_as_an_object_goes_through_the_models_constructor():
    household = Household(code="610902001001000101", village_id="610902001001")
    member = new_instance(Member, household=household)
    assert member.household is household


def test_a_value_of_a_type_the_default_does_not_have_is_kept_as_given():
    today = datetime.date(2019, 6, 30)
    member = new_instance(Member, birth_date=today)
    assert member.birth_date == today


LEFT = "自然减少或清退的户须有日期和原因；其他状态的户不能有。"


@pytest.mark.parametrize(
    ("values", "messages"),
    [
        ({"status": "1", "exit_year": None}, ["已脱贫户必须填写脱贫年度。"]),
        ({"status": "1", "exit_year": 2018}, []),
        ({"status": "1", "exit_year": 2014}, ["脱贫年度不能早于识别年度。"]),  # compared with F("identification_year")
        ({"status": "0", "exit_year": None}, []),
        ({"status": "5", "left_on": None, "left_reason": "死亡"}, [LEFT]),  # the dated-and-reasoned rule, negated parts
        ({"status": "0", "left_on": None, "left_reason": "死亡"}, [LEFT]),
        ({"status": "5", "left_on": datetime.date(2019, 3, 1), "left_reason": "死亡", "exit_year": None}, []),
    ],
)
def test_check_constraints_are_evaluated_as_the_database_would(values, messages):
    from jingzhun.core.imports.binding import model_errors

    household = new_instance(
        Household, code="610902001001000101", village_id="610902001001", identification_year=2015, main_cause="01"
    )
    for name, value in values.items():
        setattr(household, name, value)
    assert [message for _field, message in model_errors(household, [], exclude=("village",))] == messages


def test_the_quick_text_check_passes_only_what_the_fields_own_checks_pass():
    from jingzhun.core.imports.binding import _field_rules, _value_error

    checked = 0
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            _attname, _field, choices, _valid, text_passes = _field_rules(model, field.name)
            if text_passes is None:
                continue
            checked += 1
            limit = field.max_length or 50
            for value in ("张", "a" * limit, "a" * (limit + 1), "a\x00b", "", " ", None, 5):
                if text_passes(value):
                    assert _value_error(field, choices, value) is None, (field, value)
            assert text_passes("a" * limit)
    assert checked > 100
