"""The ledger API: a serializer that saves through ``ledger_save`` and a scoped viewset.

``LedgerViewSet`` reads through ``for_user`` (404 outside the scope), writes only what the
policy allows (``ScopedPermission``: 403) and saves through the ledger services, so a
write through the API is validated, version-checked (409 on a conflict), audited and
scope-checked after the write exactly like a page's. Personal fields (the model's
``personal_fields``) are masked unless ``?unmask=1`` is asked by a role that may reveal
them, and then the read is logged.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from jingzhun.core.access import require
from jingzhun.core.api.errors import service_errors
from jingzhun.core.api.viewsets import ScopedModelViewSet
from jingzhun.core.ledger import is_versioned, personal_fields_of
from jingzhun.core.services import ledger_delete, ledger_save, personal_data_log
from jingzhun.core.tables import MASKS

UNMASK = OpenApiParameter("unmask", bool, description="显示完整个人敏感信息（须有相应权限，查看行为记入操作日志）")


class LedgerSerializer(serializers.ModelSerializer):
    """A ledger row; creates and updates go through ``ledger_save``.

    ``version`` is the row's version on output; on update the client sends back the
    version it read, and the save is refused with 409 if someone changed the row since
    (leave it out to skip the check). ``reason`` (write only) goes to the audit event.
    """

    reason = serializers.CharField(
        write_only=True, required=False, allow_blank=True, max_length=500, help_text="修改原因（记入操作日志）"
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        model = self.Meta.model  # type: ignore[attr-defined]
        if is_versioned(model):
            fields["version"] = serializers.IntegerField(
                required=False,
                min_value=1,
                help_text="乐观锁版本：修改时传回读取到的版本号；若该记录已被他人修改，返回 409。",
            )
        return fields

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("reveal"):
            model = type(instance)
            for name, kind in (getattr(model, "personal_fields", None) or {}).items():
                if data.get(name):
                    data[name] = MASKS[kind](str(data[name]))
        return data

    def _split(self, validated_data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any], int | None, str]:
        expected = validated_data.pop("version", None)
        reason = validated_data.pop("reason", "")
        model: Any = self.Meta.model  # type: ignore[attr-defined]
        many = {
            name: validated_data.pop(name)
            for name in list(validated_data)
            if getattr(model._meta.get_field(name), "many_to_many", False)
        }
        return validated_data, many, expected, reason

    def create(self, validated_data: dict[str, Any]) -> models.Model:
        data, many, _version, reason = self._split(validated_data)
        model: Any = self.Meta.model  # type: ignore[attr-defined]
        instance = model(**data)
        with service_errors():
            saved = ledger_save(user=self.context["request"].user, instance=instance, reason=reason)
        for name, values in many.items():
            getattr(saved, name).set(values)
        return saved

    def update(self, instance: models.Model, validated_data: dict[str, Any]) -> models.Model:
        data, many, expected, reason = self._split(validated_data)
        with service_errors():
            saved = ledger_save(
                user=self.context["request"].user,
                instance=instance,
                data=data,
                expected_version=expected,
                reason=reason,
            )
        for name, values in many.items():
            getattr(saved, name).set(values)
        return saved


class LedgerViewSet(ScopedModelViewSet):
    """Scoped list, read, create, update and delete of one ledger, through the ledger services.

    Subclasses set ``queryset``, ``serializer_class`` (a ``LedgerSerializer``) and usually
    ``filterset_class`` (the page's ``LedgerFilterSet``).
    """

    def reveal(self) -> bool:
        """Return True if ``?unmask=1`` is asked (PermissionDenied if the role may not reveal)."""
        if self.request.query_params.get("unmask") not in ("1", "true"):
            return False
        require(self.request.user, "reveal", self.queryset.model, _("当前角色无权查看完整的个人敏感信息。"))  # type: ignore[union-attr]
        return True

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["reveal"] = self.request.method == "GET" and self.reveal()
        return context

    @extend_schema(parameters=[UNMASK])
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        self._log_reveal(len(response.data.get("results", [])) if isinstance(response.data, dict) else 0)
        return response

    @extend_schema(parameters=[UNMASK])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        self._log_reveal(1)
        return response

    def _log_reveal(self, count: int) -> None:
        model = self.queryset.model  # type: ignore[union-attr]
        if count and personal_fields_of(model) and self.reveal():
            personal_data_log(user=self.request.user, model=model, count=count, export=False)

    def perform_destroy(self, instance: models.Model) -> None:
        with service_errors():
            ledger_delete(user=self.request.user, instance=instance, reason=self.request.query_params.get("reason", ""))
