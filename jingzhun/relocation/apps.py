from django.apps import AppConfig


class RelocationConfig(AppConfig):
    name = "jingzhun.relocation"
    verbose_name = "易地搬迁与住房安全"
