"""Serializers of the cooperation ledgers: every field, written through the ledger services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from jingzhun.cooperation import models as m
from jingzhun.core.api.ledger import LedgerSerializer


def serializer_for(model: type[Any]) -> type[LedgerSerializer]:
    """The serializer of a cooperation ledger (the registry member of a labour row is read-only)."""
    meta = type(
        "Meta",
        (),
        {
            "model": model,
            "exclude": ["created_by"],
            "read_only_fields": [
                "version",
                "created_at",
                "updated_at",
                *(["member"] if model is m.LabourRecord else []),
            ],
        },
    )
    return type(f"{model.__name__}Serializer", (LedgerSerializer,), {"Meta": meta})


class IndicatorSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    met = serializers.BooleanField(allow_null=True)
