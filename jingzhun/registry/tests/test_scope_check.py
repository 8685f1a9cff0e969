"""The system check refuses a scoped model whose scope field does not lead to a division code."""

from django.core import checks


def test_system_check_names_a_scoped_model_without_scope_field(monkeypatch):
    from jingzhun.registry.models import Member

    monkeypatch.setattr(Member, "scope_field", "household__nowhere_id")
    errors = [e for e in checks.run_checks() if e.id.startswith("jingzhun.")]
    assert [e.id for e in errors] == ["jingzhun.E002"]
