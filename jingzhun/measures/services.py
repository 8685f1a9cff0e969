"""Use cases of the household measures: saving through the ledger services, and typing the old free text."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from jingzhun.core.audit import audit_context
from jingzhun.core.bulk import insert_rows
from jingzhun.core.regioncodes import prefix_q
from jingzhun.core.services import ledger_delete, ledger_save
from jingzhun.measures.models import HouseholdMeasure
from jingzhun.measures.parsing import measures_parse

MEASURE_COLUMNS = (
    "household_id",
    "year",
    "kind",
    "industry",
    "long_term",
    "amount",
    "provider",
    "note",
    "version",
    "created_at",
    "updated_at",
)


@transaction.atomic
def measure_save(*, user: Any, instance: Model, expected_version: int | None = None, reason: str = "") -> Model:
    """Create or change a row of any measures ledger (scope, policy, version, audit: ``ledger_save``)."""
    return ledger_save(user=user, instance=instance, expected_version=expected_version, reason=reason)


@transaction.atomic
def measure_delete(*, user: Any, instance: Model, reason: str) -> None:
    ledger_delete(user=user, instance=instance, reason=reason)


def measures_from_text(*, prefix: str = "", year: int | None = None, replace: bool = False) -> int:
    """Type the free-text 帮扶措施 of the household years (in ``prefix``, of ``year``) as household measures.

    A household year that already has typed measures is left alone unless ``replace``. Set-based:
    the texts are read in one query and the measures written in bulk; return how many were written.
    Used by the data migration of the old field and by the demo.
    """
    from jingzhun.registry.models import HouseholdYear

    years = HouseholdYear.objects.filter(prefix_q("household__village_id", prefix)).exclude(assistance_measures="")
    if year is not None:
        years = years.filter(year=year)
    existing = HouseholdMeasure.objects.filter(prefix_q("household__village_id", prefix))
    if year is not None:
        existing = existing.filter(year=year)
    if replace:
        existing.delete()
        done: set[tuple[int, int]] = set()
    else:
        done = set(existing.values_list("household_id", "year").distinct())
    from django.utils import timezone

    now = timezone.now()
    rows = []
    for household_id, y, text in years.values_list("household_id", "year", "assistance_measures").iterator(
        chunk_size=5000
    ):
        if (household_id, y) in done:
            continue
        for m in measures_parse(text):
            rows.append((household_id, y, m.kind, m.content, m.long_term, m.amount, "", m.source, 1, now, now))
    with audit_context(reason="帮扶措施由文字转为分类台账"):
        insert_rows(HouseholdMeasure, MEASURE_COLUMNS, rows)
    return len(rows)
