from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "jingzhun.exits"
    verbose_name = "退出程序"

    def ready(self) -> None:
        from jingzhun.exits import imports, parameters, workflows  # noqa: F401
