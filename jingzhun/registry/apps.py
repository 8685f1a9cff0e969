from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "jingzhun.registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        from jingzhun.registry import (
            imports,  # noqa: F401  (registers the importer)
            jobs,  # noqa: F401  (registers the export job)
            workflows,  # noqa: F401  (registers the yearly cycle)
        )
