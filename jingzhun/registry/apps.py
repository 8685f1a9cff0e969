from django.apps import AppConfig
from django.db.models.signals import post_migrate


class RegistryConfig(AppConfig):
    name = "jingzhun.registry"
    verbose_name = "建档立卡"

    def ready(self) -> None:
        from jingzhun.registry import (
            imports,  # noqa: F401  (registers the importer)
            jobs,  # noqa: F401  (registers the export job)
            workflows,  # noqa: F401  (registers the yearly cycle)
        )
        from jingzhun.registry.kept_tables import kept_tables_ensure, kept_tables_hooks_register

        # A migration that rebuilds a table on SQLite drops its triggers: put them back.
        post_migrate.connect(kept_tables_ensure, sender=self)
        # Bulk inserts on SQLite recount set-based instead of running the row triggers.
        kept_tables_hooks_register()
