"""Admin of 驻村帮扶: units (with their accounts) and cadres (linked to a user account, personal data masked)."""

from django.contrib import admin

from jingzhun.assistance.models import Cadre, HelpingUnit
from jingzhun.core.admin import PersonalDataAdminMixin


@admin.register(HelpingUnit)
class HelpingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "region", "head"]
    list_filter = ["level"]
    search_fields = ["name"]
    filter_horizontal = ["accounts"]
    raw_id_fields = ["region"]


@admin.register(Cadre)
class CadreAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["name", "id_number", "unit", "village", "post", "user"]
    search_fields = ["name", "unit__name"]
    raw_id_fields = ["unit", "village", "user"]
