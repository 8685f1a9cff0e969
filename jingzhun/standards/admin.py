"""Administrators read the standards here; changes go through the pages (and their services)."""

from django.contrib import admin

from jingzhun.standards.models import EvaluationRun, PovertyLine, Rule, RuleSet


class ReadOnlyAdmin(admin.ModelAdmin):
    """Edits bypass the services' checks (locked rule sets, validation), so the admin only reads."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(PovertyLine)
class PovertyLineAdmin(ReadOnlyAdmin):
    list_display = ["year", "region", "amount", "source"]
    list_filter = ["year"]


class RuleInline(admin.TabularInline):
    model = Rule
    fields = ["level", "code", "name", "veto", "position"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(RuleSet)
class RuleSetAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "effective_from", "effective_to", "region_prefix"]
    search_fields = ["code", "name"]
    inlines = [RuleInline]


@admin.register(Rule)
class RuleAdmin(ReadOnlyAdmin):
    list_display = ["ruleset", "level", "code", "name", "veto"]
    list_filter = ["level", "ruleset"]


@admin.register(EvaluationRun)
class EvaluationRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "level", "year", "region", "ruleset", "status", "entities", "passed", "created_at"]
    list_filter = ["kind", "level", "year", "status"]
    raw_id_fields = ["region", "ruleset", "created_by"]
