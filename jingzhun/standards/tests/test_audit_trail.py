"""Changes of the exit standards and every evaluation started are on the inspector's audit page."""

import pytest

from jingzhun.core.models import AuditEvent
from jingzhun.standards.models import RuleSet
from jingzhun.standards.services import ruleset_copy, ruleset_update
from jingzhun.standards.tests.world import what_if_run

pytestmark = pytest.mark.django_db


def test_copying_editing_a_rule_set_and_starting_a_run_are_audited_for_the_city(client_for, city_officer, inspector):
    copy = ruleset_copy(
        user=city_officer, ruleset=RuleSet.objects.get(code="shaanxi-2017-577"), code="ankang-2019", name="安康 2019"
    )
    ruleset_update(user=city_officer, ruleset=copy, data={"name": "安康市 2019 年退出标准"})
    run = what_if_run(city_officer, "village", overrides={"incidence.max": 0.02})

    events = list(client_for(inspector).get("/audit/").context["object_list"])
    labels = [(e.model_label, e.action) for e in events]
    assert ("standards.RuleSet", "create") in labels and ("standards.RuleSet", "update") in labels
    started = AuditEvent.objects.get(model_label="standards.EvaluationRun", object_pk=str(run.pk))
    assert started in events and started.actor_name == "city" and "模拟评估" in started.object_repr
    assert started.after["overrides"] == {"incidence.max": 0.02}
