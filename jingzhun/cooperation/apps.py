from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "jingzhun.cooperation"
    verbose_name = "东西部协作"

    def ready(self) -> None:
        from jingzhun.cooperation import imports, parameters  # noqa: F401
