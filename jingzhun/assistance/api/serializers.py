"""Serializers of the 驻村帮扶 ledgers (writes go through ``ledger_save``; personal data masked)."""

from __future__ import annotations

from jingzhun.assistance.forms import FORMS
from jingzhun.core.api.ledger import LedgerSerializer


def ledger_serializer(model: type) -> type[LedgerSerializer]:
    fields = ["id", *FORMS[model]._meta.fields]  # type: ignore[misc]
    if model.__name__ == "Nomination":
        fields.append("status")
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}Serializer", (LedgerSerializer,), {"Meta": meta, "__module__": __name__})


SERIALIZERS = {model: ledger_serializer(model) for model in FORMS}
