"""Template filters of the cooperation pages."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def verbose_plural(model: Any) -> str:
    """The plural name of a model (``{{ model|verbose_plural }}``)."""
    return str(model._meta.verbose_name_plural)
