from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from jingzhun.accounts.models import User
from jingzhun.core.admin import PersonalDataAdminMixin


@admin.register(User)
class UserAdmin(PersonalDataAdminMixin, BaseUserAdmin):
    list_display = ["username", "first_name", "role", "region", "sector", "is_active"]
    list_filter = ["role", "sector", "is_active"]
    raw_id_fields = ["region"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("岗位与管辖范围", {"fields": ["role", "region", "sector", "unit", "phone"]}),
    )
