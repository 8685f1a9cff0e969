"""Base view mixins: one door to every scoped object (404 outside scope, 403 for read-only writes)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from jingzhun.core.models import AuditEvent


class ScopedViewMixin:
    """Restrict ``get_queryset`` to the user's scope; writers only where ``write`` is set.

    ``write = True`` marks a view that changes data: a read-only role gets 403. Objects are
    looked up in the user's scope first, so an object outside it is 404 even for writes.
    """

    model: type[Model]
    request: HttpRequest
    write = False
    nav = ""

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.for_user(self.request.user)  # type: ignore[attr-defined]

    def get_object(self, queryset: QuerySet | None = None) -> Model:
        obj = super().get_object(queryset)  # type: ignore[misc]
        self.check_write()
        return obj

    def check_write(self) -> None:
        if self.write and not self.request.user.can_write_registry:  # type: ignore[union-attr]
            raise PermissionDenied(_("当前角色只能查看，不能修改。"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["nav"] = self.nav
        context["model_name"] = self.model._meta.verbose_name
        return context


class ScopedCreateMixin(ScopedViewMixin):
    """For create views: there is no object to look up, so check the role on every request."""

    write = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.request = request
            self.check_write()
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AuditListView(ScopedViewMixin, ListView):
    """操作日志: the audit events of the user's region, newest first."""

    model = AuditEvent
    template_name = "core/audit_list.html"
    paginate_by = 50
    nav = "audit"

    def get_queryset(self) -> QuerySet:
        qs = super().get_queryset()
        action = self.request.GET.get("action")
        if action:
            qs = qs.filter(action=action)
        actor = self.request.GET.get("actor", "").strip()
        if actor:
            qs = qs.filter(actor_name=actor)
        return qs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from jingzhun.core.models import AuditAction

        context = super().get_context_data(**kwargs)
        context["actions"] = AuditAction.choices
        return context
