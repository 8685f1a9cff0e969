from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "jingzhun.cooperation"
    verbose_name = "东西部协作"
