from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jingzhun.core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from jingzhun.core import audit, checks  # noqa: F401  (signal receivers, system checks)
