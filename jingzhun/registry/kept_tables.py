"""Every table the registry keeps by triggers, the check that puts their triggers back after ``migrate``,
and the hooks that apply bulk inserts set-based on SQLite."""

from typing import Any

from jingzhun.core.bulk import insert_hook_register
from jingzhun.registry.membercounts import MEMBER_COUNTS
from jingzhun.registry.villagecounts import VILLAGE_COUNTS

KEPT_TABLES = (MEMBER_COUNTS, VILLAGE_COUNTS)


def kept_tables_ensure(using: str = "default", **_kwargs: Any) -> None:
    """After ``migrate``: put back the triggers a table rebuild dropped (SQLite), for every kept table."""
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    connection = connections[using]
    applied = MigrationRecorder(connection).applied_migrations()
    for kept in KEPT_TABLES:
        kept.ensure(connection, applied)


def kept_tables_hooks_register() -> None:
    """Have bulk inserts into the kept tables' sources recount set-based on SQLite (``KeptTable.inserted``)."""
    for kept in KEPT_TABLES:
        insert_hook_register(kept.insert_hook())
