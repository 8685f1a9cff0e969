"""System checks: a scoped model must name a real scope field and have an access-policy entry."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured

from jingzhun.core.access import rule_for
from jingzhun.core.scoping import ScopedQuerySet


@checks.register()
def check_scoped_models(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    errors = []
    for model in apps.get_models():
        if not isinstance(model._default_manager.get_queryset(), ScopedQuerySet):
            continue
        field_path = getattr(model, "scope_field", None)
        if not field_path:
            errors.append(
                checks.Error(
                    f"{model._meta.label} uses ScopedQuerySet but has no scope_field.",
                    id="jingzhun.E001",
                )
            )
            continue
        current = model
        try:
            for part in field_path.split("__"):
                name = part[:-3] if part.endswith("_id") else part
                field = current._meta.get_field(name)
                if field.is_relation and part != field_path.split("__")[-1]:
                    current = field.related_model
        except FieldDoesNotExist:
            errors.append(
                checks.Error(
                    f"{model._meta.label}.scope_field {field_path!r} does not name a field.",
                    id="jingzhun.E002",
                )
            )
    return errors


@checks.register()
def check_access_policy(app_configs, **kwargs):  # type: ignore[no-untyped-def]
    """Every scoped model needs an entry in the access policy, and what its scope kinds need."""
    errors = []
    for model in apps.get_models():
        queryset = model._default_manager.get_queryset()
        if not isinstance(queryset, ScopedQuerySet):
            continue
        try:
            rule = rule_for(model)
        except ImproperlyConfigured:
            errors.append(checks.Error(f"{model._meta.label} has no entry in the access policy.", id="jingzhun.E003"))
            continue
        label = model._meta.label
        if "sector" in rule.scope and not getattr(model, "sector_field", ""):
            errors.append(checks.Error(f"{label} is sector-scoped but has no sector_field.", id="jingzhun.E004"))
        if "assignment" in rule.scope and not hasattr(queryset, "assigned_to"):
            message = f"{label} is assignment-scoped but its queryset has no assigned_to()."
            errors.append(checks.Error(message, id="jingzhun.E005"))
    return errors
