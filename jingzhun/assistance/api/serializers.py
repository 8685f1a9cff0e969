"""Serializers of the 驻村帮扶 ledgers (writes go through ``ledger_save``; personal data masked)."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from jingzhun.assistance.forms import FORMS
from jingzhun.assistance.models import Nomination
from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.ledger import LedgerSerializer
from jingzhun.core.workflow import workflow_start


class NominationSerializerBase(LedgerSerializer):
    """A nomination created through the API starts its review like one made on the page."""

    @transaction.atomic
    def create(self, validated_data: dict[str, Any]) -> models.Model:
        saved = super().create(validated_data)
        with service_errors():
            workflow_start(user=self.context["request"].user, obj=saved)
        return saved


def ledger_serializer(model: type) -> type[LedgerSerializer]:
    fields = ["id", *FORMS[model]._meta.fields]  # type: ignore[misc]
    base: type[LedgerSerializer] = LedgerSerializer
    if model is Nomination:
        fields.append("status")
        base = NominationSerializerBase
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": ["status"]})
    return type(f"Assistance{model.__name__}Serializer", (base,), {"Meta": meta, "__module__": __name__})


SERIALIZERS = {model: ledger_serializer(model) for model in FORMS}
