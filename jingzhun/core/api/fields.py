"""Serializer fields of the kit."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from jingzhun.core.choices import choice_label


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a coded model field, as ``get_<field>_display()`` gives it, read-only.

    ``get_<field>_display()`` builds a dictionary of every choice, translating each label,
    for every row: on a page of 50 households with five coded fields that was most of the
    API's time. This field reads the labels from a table made once per field and language.
    """

    def __init__(self, field: str, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(source=field, **kwargs)

    def to_representation(self, value: Any) -> Any:
        model = self.parent.Meta.model  # type: ignore[attr-defined]
        return choice_label(model._meta.get_field(self.source), value)
