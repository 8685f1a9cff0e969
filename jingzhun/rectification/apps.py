from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "jingzhun.rectification"
    verbose_name = "整改督办"

    def ready(self) -> None:
        from jingzhun.rectification import (
            imports,  # noqa: F401  (registers the problem and progress importers)
            parameters,  # noqa: F401  (declares the business parameters)
            workflows,  # noqa: F401  (registers the problem workflow)
        )
