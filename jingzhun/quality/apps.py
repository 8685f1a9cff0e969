from django.apps import AppConfig
from django.db.models.signals import post_migrate


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
        from jingzhun.quality.memberindex import doubtful_index_ensure

        # A migration that rebuilds the members' table on SQLite drops the index: put it back.
        post_migrate.connect(doubtful_index_ensure, sender=self)
