from django.contrib import admin

from jingzhun.core.models import AuditEvent, TransitionLog


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is append-only."""

    list_display = ["at", "actor_name", "action", "model_label", "object_repr", "region_code", "reason"]
    list_filter = ["action", "model_label"]
    search_fields = ["object_repr", "actor_name", "object_pk"]

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
