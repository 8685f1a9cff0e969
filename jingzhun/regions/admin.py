from django.contrib import admin

from jingzhun.regions.models import CountyYear, Region, VillageYear


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(VillageYear)
class VillageYearAdmin(admin.ModelAdmin):
    list_display = ["village", "year", "rural_population", "is_poor_village", "is_deep_poverty_village"]
    list_filter = ["year", "is_poor_village", "is_deep_poverty_village"]
    raw_id_fields = ["village"]


@admin.register(CountyYear)
class CountyYearAdmin(admin.ModelAdmin):
    list_display = ["county", "year", "is_poor_county", "planned_exit_year", "rural_income_per_capita"]
    list_filter = ["year"]
    raw_id_fields = ["county"]
