"""API of 驻村帮扶: one scoped ledger viewset per ledger (404 outside the scope, 403 for writes refused)."""

from __future__ import annotations

from typing import Any

from jingzhun.assistance.api.serializers import SERIALIZERS
from jingzhun.assistance.filters import FILTERS
from jingzhun.core.api.ledger import LedgerViewSet


def ledger_viewset(model: Any) -> type[LedgerViewSet]:
    attrs = {
        "queryset": model._default_manager.all(),
        "serializer_class": SERIALIZERS[model],
        "filterset_class": FILTERS[model],
        "__module__": __name__,
        "__doc__": str(model._meta.verbose_name),
    }
    return type(f"{model.__name__}ViewSet", (LedgerViewSet,), attrs)


VIEWSETS = {model: ledger_viewset(model) for model in SERIALIZERS}
