from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "jingzhun.projects"
    verbose_name = "项目资金"

    def ready(self) -> None:
        from jingzhun.projects import (
            imports,  # noqa: F401  (registers the importer)
            jobs,  # noqa: F401  (registers the ledger job)
            parameters,  # noqa: F401  (declares the business parameters)
            workflows,  # noqa: F401  (registers the budget-change workflow)
        )
