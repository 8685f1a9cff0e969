from django.contrib import admin

from jingzhun.core.admin import PersonalDataAdminMixin
from jingzhun.registry.models import Household, HouseholdYear, Member


@admin.register(Household)
class HouseholdAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["code", "village", "status", "attribute", "size", "identification_year", "exit_year"]
    list_filter = ["status", "attribute", "main_cause"]
    search_fields = ["code"]
    raw_id_fields = ["village"]


@admin.register(Member)
class MemberAdmin(PersonalDataAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "relation", "sex", "birth_date"]
    search_fields = ["code", "name"]
    raw_id_fields = ["household"]


@admin.register(HouseholdYear)
class HouseholdYearAdmin(admin.ModelAdmin):
    list_display = ["household", "year", "net_income"]
    list_filter = ["year"]
    raw_id_fields = ["household"]
