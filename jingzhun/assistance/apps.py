from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "jingzhun.assistance"
    verbose_name = "驻村帮扶"

    def ready(self) -> None:
        from jingzhun.assistance import imports, parameters, workflows  # noqa: F401
