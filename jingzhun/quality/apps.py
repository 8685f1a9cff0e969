from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "jingzhun.quality"
    verbose_name = "数据质量"

    def ready(self) -> None:
        from jingzhun.quality import (
            comparisons,  # noqa: F401  (registers the comparison-list importer)
            jobs,  # noqa: F401  (registers the run job)
            parameters,  # noqa: F401  (declares the business parameters)
            workflows,  # noqa: F401  (registers the finding workflow)
        )
        from jingzhun.quality.checks.extensions import checks_discover

        checks_discover()  # the checks the apps above add over their ledgers (``<app>.quality_checks``)
