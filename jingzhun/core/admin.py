from typing import Any

from django.contrib import admin

from jingzhun.core.models import AuditEvent, TransitionLog
from jingzhun.core.personal import mask_text, mask_value, personal_fields


class PersonalDataAdminMixin:
    """Admin pages show personal data masked, like every other page (``core.personal``).

    The model's personal fields leave the admin's forms, lists and searches and appear as
    masked, read-only values (``<field>_masked``): an administrator changes them through
    the application's pages, whose edit forms log the unmasked read.
    """

    model: Any

    def __init__(self, model: Any, admin_site: Any) -> None:
        super().__init__(model, admin_site)  # type: ignore[call-arg]
        self.personal = personal_fields(model)
        for name, kind in self.personal.items():
            setattr(self, f"{name}_masked", self._masked_display(name, kind))

    def _masked_display(self, name: str, kind: str) -> Any:
        def display(obj: Any) -> Any:
            value = getattr(obj, name, None)
            return mask_value(kind, value) if value not in (None, "") else "—"

        display.short_description = self.model._meta.get_field(name).verbose_name  # type: ignore[attr-defined]
        return display

    def _swap(self, names: Any) -> list[Any]:
        out: list[Any] = []
        for name in names:
            if isinstance(name, list | tuple):
                out.append(tuple(self._swap(name)))
                continue
            shown = f"{name}_masked" if isinstance(name, str) and name in self.personal else name
            if shown not in out:
                out.append(shown)
        return out

    def get_exclude(self, request: Any, obj: Any = None) -> Any:
        return [*(super().get_exclude(request, obj) or ()), *self.personal]  # type: ignore[misc]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        shown = [f"{name}_masked" for name in self.personal]
        return [*super().get_readonly_fields(request, obj), *shown]  # type: ignore[misc]

    def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)  # type: ignore[misc]
        return [(title, {**options, "fields": self._swap(options["fields"])}) for title, options in fieldsets]

    def get_list_display(self, request: Any) -> Any:
        return self._swap(super().get_list_display(request))  # type: ignore[misc]

    def get_search_fields(self, request: Any) -> Any:
        fields = super().get_search_fields(request)  # type: ignore[misc]
        return [f for f in fields if f.lstrip("^=@").split("__")[0] not in self.personal]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only. Personal data in it is shown masked."""

    list_display = ["at", "actor_name", "action", "model_label", "shown_repr", "region_code", "reason"]
    list_filter = ["action", "model_label"]
    search_fields = ["actor_name", "object_pk"]
    exclude = ["before", "after", "object_repr"]
    readonly_fields = ["shown_repr", "masked_before", "masked_after"]

    @admin.display(description="对象")
    def shown_repr(self, event: AuditEvent) -> str:
        return mask_text(event.object_repr)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(TransitionLog)
class TransitionLogAdmin(admin.ModelAdmin):
    """Read-only: the workflow log is append-only (written by core.workflow only)."""

    list_display = ["at", "user_name", "transition_label", "object_repr", "from_state", "to_state", "region_code"]
    list_filter = ["content_type", "transition"]
    search_fields = ["object_repr", "user_name", "object_id"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
