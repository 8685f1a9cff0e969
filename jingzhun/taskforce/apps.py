from django.apps import AppConfig


class TaskforceConfig(AppConfig):
    name = "jingzhun.taskforce"
    verbose_name = "领导小组与专责组"

    def ready(self) -> None:
        from jingzhun.taskforce import (
            imports,  # noqa: F401  (registers the work-plan importer)
            parameters,  # noqa: F401  (declares the business parameters)
            workflows,  # noqa: F401  (registers the task workflow)
        )
