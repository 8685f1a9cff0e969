from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "jingzhun.quality"
    verbose_name = "数据质量"

    def ready(self) -> None:
        from jingzhun.quality import (
            jobs,  # noqa: F401  (registers the run and comparison-import jobs)
            parameters,  # noqa: F401  (declares the business parameters)
            workflows,  # noqa: F401  (registers the finding workflow)
        )
