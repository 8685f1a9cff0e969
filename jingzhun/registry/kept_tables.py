"""Every table the registry keeps by triggers, and the check that puts their triggers back after ``migrate``."""

from typing import Any

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
