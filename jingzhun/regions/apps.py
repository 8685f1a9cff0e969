from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "jingzhun.regions"
    verbose_name = "行政区划"
