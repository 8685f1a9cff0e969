from django.apps import AppConfig


class RelocationConfig(AppConfig):
    name = "jingzhun.relocation"
    verbose_name = "易地搬迁与住房安全"

    def ready(self) -> None:
        from jingzhun.relocation import (
            imports,  # noqa: F401  (registers the workbook importer)
            parameters,  # noqa: F401  (declares the business parameters)
        )
