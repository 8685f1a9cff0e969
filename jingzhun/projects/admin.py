from django.contrib import admin

from jingzhun.projects.models import (
    Allocation,
    Asset,
    Disbursement,
    MilestoneTemplate,
    ProgressReport,
    Project,
    ProjectMilestone,
)


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    """The city office edits the yearly milestone dates here (new projects of the year take them)."""

    list_display = ["year", "key", "due_date", "expected_percent"]
    list_filter = ["year"]


class MilestoneInline(admin.TabularInline):
    model = ProjectMilestone
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "type", "sector", "region", "plan_year", "budget", "status"]
    list_filter = ["type", "sector", "status", "plan_year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region", "villages"]
    inlines = [MilestoneInline]


@admin.register(Allocation, Disbursement)
class MoneyAdmin(admin.ModelAdmin):
    list_display = ["project", "source", "amount", "date"]
    list_filter = ["source"]
    raw_id_fields = ["project"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # money rows are corrected by new rows through the services, never edited

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "percent"]
    raw_id_fields = ["project"]


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "maintainer", "handed_over"]
    raw_id_fields = ["project"]
