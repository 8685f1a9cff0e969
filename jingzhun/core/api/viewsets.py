"""The scoped base viewsets: ``for_user`` applied once, 404 outside the user's scope."""

from django.db.models import QuerySet
from rest_framework import viewsets


class ScopedViewSetMixin:
    """Apply ``for_user`` once: objects outside the user's scope answer 404."""

    def get_queryset(self) -> QuerySet:
        return self.queryset.for_user(self.request.user)  # type: ignore[attr-defined]


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass
