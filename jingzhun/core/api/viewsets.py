"""The scoped base viewsets: ``for_user`` applied once, 404 outside the user's scope."""

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets


class ScopedViewSetMixin:
    """Apply ``for_user`` once: objects outside the user's scope answer 404.

    A viewset whose rows need joins or annotations besides the model's own columns may
    declare them in ``with_rows`` instead of in ``queryset``: a list page is then cut on the
    bare filtered queryset — its COUNT and the keys of the page, which indexes answer — and
    only the rows shown get ``with_rows``. One statement would compute the annotations of
    every match before sorting them (SQLite does).
    """

    def with_rows(self, queryset: QuerySet) -> QuerySet:
        return queryset

    def scoped_queryset(self) -> QuerySet:
        return self.queryset.for_user(self.request.user)  # type: ignore[attr-defined]

    def get_queryset(self) -> QuerySet:
        queryset = self.scoped_queryset()
        if self._rows_per_page():
            return queryset  # the page's rows get ``with_rows`` in ``paginate_queryset``
        return self.with_rows(queryset)

    def _rows_per_page(self) -> bool:
        declared = type(self).with_rows is not ScopedViewSetMixin.with_rows
        return declared and self.action == "list" and self.paginator is not None  # type: ignore[attr-defined]

    def paginate_queryset(self, queryset: QuerySet | Sequence[Any]) -> Sequence[Any] | None:
        if not self._rows_per_page() or not isinstance(queryset, QuerySet):
            return super().paginate_queryset(queryset)  # type: ignore[misc]
        keys = super().paginate_queryset(queryset.values_list("pk", flat=True))  # type: ignore[misc]
        if keys is None:
            return None
        rows = self.with_rows(self.scoped_queryset().filter(pk__in=keys)).in_bulk()
        return [rows[key] for key in keys if key in rows]


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
