"""Admin of the catalogues of 考核评估: bodies assessed, peer groups, components of schemes."""

from django.contrib import admin

from jingzhun.assessments.models import Component, Entity, PeerGroup


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "in_city"]
    list_filter = ["kind", "in_city"]
    search_fields = ["code", "name"]
    raw_id_fields = ["region"]


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    filter_horizontal = ["members"]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ["scheme", "code", "name", "weight", "weight_parameter", "max_score", "feed", "order"]
    list_filter = ["scheme"]
