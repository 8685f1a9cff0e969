from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "jingzhun.rectification"
    verbose_name = "整改督办"
