"""Running the catalogue: every check's query runs once and its rows are copied in bulk into the
staging table; findings are merged from it in four set-based statements (reopen, refresh, insert, close).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import BigIntegerField, CharField, Exists, F, IntegerField, OuterRef, QuerySet, Value
from django.db.models.functions import Cast
from django.utils import timezone

from jingzhun.core.bulk import RowWriter
from jingzhun.core.regioncodes import prefix_q
from jingzhun.quality.checks import Check, CheckContext, CheckUnavailable, catalogue
from jingzhun.quality.checks.duplicates import duplicated
from jingzhun.quality.choices import ACTIVE_STATUSES, Entity, FindingStatus, RunStatus
from jingzhun.quality.expressions import IdDoubtful
from jingzhun.quality.models import CheckRun, Finding, FindingHit

HIT_COLUMNS = (
    "run_id",
    "check_code",
    "category",
    "severity",
    "entity",
    "entity_key",
    "household_id",
    "member_id",
    "village_code",
    "household_code",
    "id_number",
    "message",
)
# Columns copied from a hit into its finding.
COPIED = HIT_COLUMNS[1:]

Progress = Callable[[int, int, str], None]


def hits_queryset(check: Check, ctx: CheckContext, run_id: int) -> QuerySet:
    """Return the check's offending rows shaped as staging rows (columns ``h_<name>`` of HIT_COLUMNS)."""
    qs = check.query(ctx)
    if check.entity == Entity.HOUSEHOLD:
        keys: dict[str, Any] = {
            "h_entity_key": F("code"),
            "h_household_id": F("pk"),
            "h_member_id": Cast(Value(None), BigIntegerField()),
            "h_village_code": F("village_id"),
            "h_household_code": F("code"),
            "h_id_number": Value("", output_field=CharField()),
        }
    else:
        keys = {
            "h_entity_key": F("code"),
            "h_household_id": F("household_id"),
            "h_member_id": F("pk"),
            "h_village_code": F("household__village_id"),
            "h_household_code": F("household__code"),
            "h_id_number": F("id_number"),
        }
    constants = {
        "h_run_id": Value(run_id, output_field=IntegerField()),
        "h_check_code": Value(check.code, output_field=CharField()),
        "h_category": Value(check.category, output_field=CharField()),
        "h_severity": Value(check.severity, output_field=CharField()),
        "h_entity": Value(check.entity, output_field=CharField()),
    }
    return (
        qs.annotate(**constants, **keys, h_message=F("q_message")).order_by().values(*[f"h_{c}" for c in HIT_COLUMNS])
    )


def _column(model: Any, name: str) -> str:
    """Return the quoted column of field ``name`` (or its attname) of ``model``."""
    field = model._meta.get_field(name)
    return str(connection.ops.quote_name(field.column))


def _insert_hits(qs: QuerySet) -> int:
    """Run the check's query and write its rows to the staging table (COPY on PostgreSQL); return how many.

    Not ``INSERT … SELECT``: PostgreSQL plans the SELECT of an INSERT without parallel workers,
    and a check's query scans the whole registry while it returns a few rows.
    """
    try:
        sql, params = qs.query.sql_with_params()
    except EmptyResultSet:  # the check's query can match nothing (e.g. no evaluation to compare with)
        return 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = [tuple(row) for row in cursor.fetchall()]
    if rows:
        RowWriter(connection, FindingHit, HIT_COLUMNS).write(rows)
    return len(rows)


def _matching_hit(run: CheckRun) -> QuerySet:
    return FindingHit.objects.filter(
        run_id=run.pk, check_code=OuterRef("check_code"), entity_key=OuterRef("entity_key")
    ).order_by()


def _insert_new_findings(run: CheckRun, now: Any) -> int:
    """INSERT a finding for every hit whose (check, entity key) has none yet; return how many."""
    qn = connection.ops.quote_name
    finding = Finding._meta
    hit_table = qn(FindingHit._meta.db_table)

    def column(name: str) -> str:
        return _column(Finding, name)

    stamp = finding.get_field("first_seen_at").get_db_prep_save(now, connection)
    copied_targets = [column(c) for c in COPIED]
    copied_sources = [f"{qn('h')}.{_column(FindingHit, c)}" for c in COPIED]
    extra = {
        "year": ("%s", run.year),
        "status": ("%s", FindingStatus.OPEN.value),
        "first_run": ("%s", run.pk),
        "last_run": ("%s", run.pk),
        "first_seen_at": ("%s", stamp),
        "last_seen_at": ("%s", stamp),
        "updated_at": ("%s", stamp),
        "recurrence_count": ("%s", 0),
        "reason": ("%s", ""),
        "evidence": ("%s", ""),
        "escalation_note": ("%s", ""),
    }
    targets = ", ".join([*copied_targets, *(column(name) for name in extra)])
    sources = ", ".join([*copied_sources, *(placeholder for placeholder, _ in extra.values())])
    params: list[Any] = [value for _, value in extra.values()]
    sql = (
        f"INSERT INTO {qn(finding.db_table)} ({targets}) SELECT {sources} FROM {hit_table} {qn('h')}"
        f" WHERE {qn('h')}.{qn('run_id')} = %s AND NOT EXISTS (SELECT 1 FROM {qn(finding.db_table)} {qn('f')}"
        f" WHERE {qn('f')}.{column('check_code')} = {qn('h')}.{qn('check_code')}"
        f" AND {qn('f')}.{column('entity_key')} = {qn('h')}.{qn('entity_key')})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, run.pk])
        return max(cursor.rowcount, 0)


def _refresh_findings(run: CheckRun, now: Any) -> None:
    """Copy each hit's columns onto its finding in one UPDATE … FROM (PostgreSQL, SQLite ≥ 3.33)."""
    qn = connection.ops.quote_name
    table = qn(Finding._meta.db_table)
    stamp = Finding._meta.get_field("last_seen_at").get_db_prep_save(now, connection)
    copied = [c for c in COPIED if c not in ("check_code", "entity_key")]
    assignments = ", ".join(f"{_column(Finding, c)} = {qn('h')}.{_column(FindingHit, c)}" for c in copied)
    sql = (
        f"UPDATE {table} SET {assignments}, {_column(Finding, 'year')} = %s, {_column(Finding, 'last_run')} = %s,"
        f" {_column(Finding, 'last_seen_at')} = %s FROM {qn(FindingHit._meta.db_table)} {qn('h')}"
        f" WHERE {qn('h')}.{qn('run_id')} = %s"
        f" AND {qn('h')}.{qn('check_code')} = {table}.{_column(Finding, 'check_code')}"
        f" AND {qn('h')}.{qn('entity_key')} = {table}.{_column(Finding, 'entity_key')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [run.year, run.pk, stamp, run.pk])


def _merge(run: CheckRun, ran: list[str], prefix: str) -> tuple[int, int, int]:
    """Merge this run's hits into the findings; return (new, recurring, closed)."""
    now = timezone.now()
    hit = _matching_hit(run)
    seen = Finding.objects.filter(check_code__in=ran).filter(Exists(hit))
    # 1. Findings closed as fixed that trip again: reopened as recurring (屡改屡犯).
    recurring = seen.filter(status=FindingStatus.FIXED).update(
        status=FindingStatus.OPEN, recurrence_count=F("recurrence_count") + 1, closed_at=None
    )
    # 2. Every finding that trips again: the current message, place and run (UPDATE … FROM the hits).
    _refresh_findings(run, now)
    # 3. New findings.
    new = _insert_new_findings(run, now)
    # 4. Active findings of the checks that ran, inside the region, that no longer trip: fixed.
    closed = (
        Finding.objects.filter(prefix_q("village_code", prefix), status__in=ACTIVE_STATUSES, check_code__in=ran)
        .exclude(last_run_id=run.pk)
        .update(status=FindingStatus.FIXED, closed_at=now)
    )
    return new, recurring, closed


ID_SUSPECTS = "quality_id_suspects"  # a temporary table of one run


def id_suspects_stage(ctx: CheckContext) -> CheckContext:
    """Find the region's members whose ID number is doubtful (``IdDoubtful``), once per run.

    Store their ids in the temporary table ``ID_SUSPECTS`` and return the context that
    points the identity checks at it: each of them then computes its own facts (check digit,
    sex and birth digits) for a few hundred suspects instead of every member again. The
    condition is the one of the partial index ``memberindex``, so the database reads the
    suspects from that index rather than computing the check digit of every member.
    """
    suspects = (
        ctx.members().filter(IdDoubtful(F("id_number"), F("sex"), F("birth_date"))).order_by().values(member_id=F("pk"))
    )
    sql, params = suspects.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {ID_SUSPECTS}")
        cursor.execute(f"CREATE TEMPORARY TABLE {ID_SUSPECTS} AS {sql}", params)
    return dataclasses.replace(ctx, id_suspects=ID_SUSPECTS)


DUPLICATES = "quality_duplicates"  # a temporary table of one run


def duplicates_stage(ctx: CheckContext) -> CheckContext:
    """Find, with one grouping of the registry's ID numbers, the members whose number is registered twice or more.

    Store their ids in the temporary table ``DUPLICATES`` and return the context that points
    the duplicate checks (DUP-01 to DUP-04) at it: each then groups those few hundred members
    instead of every ID number of the registry again.
    """
    sql, params = duplicated().values(member_id=F("pk")).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DUPLICATES}")
        cursor.execute(f"CREATE TEMPORARY TABLE {DUPLICATES} AS {sql}", params)
    return dataclasses.replace(ctx, duplicates=DUPLICATES)


def run_execute(run: CheckRun, *, checks: Iterable[Check] | None = None, progress: Progress | None = None) -> CheckRun:
    """Run the checks over ``run``'s region and year and merge the findings (one transaction)."""
    started = time.perf_counter()
    selected = list(checks) if checks is not None else catalogue()
    ctx = CheckContext(prefix=_prefix(run.region_code), year=run.year)
    counts: dict[str, int] = {}
    unavailable: dict[str, str] = {}
    timings: dict[str, float] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Compiling each check's plan to machine code costs more than it saves here.
                cursor.execute("SET LOCAL jit = off")
        FindingHit.objects.filter(run_id=run.pk).delete()
        stage_started = time.perf_counter()
        ctx = id_suspects_stage(ctx)
        timings["id_suspects"] = round(time.perf_counter() - stage_started, 4)
        stage_started = time.perf_counter()
        ctx = duplicates_stage(ctx)
        timings["duplicates"] = round(time.perf_counter() - stage_started, 4)
        for index, check in enumerate(selected):
            if progress:
                progress(index, len(selected) + 1, f"{check.code} {check.title}")
            try:
                qs = hits_queryset(check, ctx, run.pk)
            except CheckUnavailable as exc:
                unavailable[check.code] = str(exc)
                continue
            check_started = time.perf_counter()
            counts[check.code] = _insert_hits(qs)
            timings[check.code] = round(time.perf_counter() - check_started, 4)
        if progress:
            progress(len(selected), len(selected) + 1, "合并问题线索")
        merge_started = time.perf_counter()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(FindingHit._meta.db_table)}")
        new, recurring, closed = _merge(run, list(counts), ctx.prefix)
        timings["merge"] = round(time.perf_counter() - merge_started, 4)
        FindingHit.objects.filter(run_id=run.pk).delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {ID_SUSPECTS}")
            cursor.execute(f"DROP TABLE {DUPLICATES}")
        run.counts = counts
        run.unavailable = unavailable
        run.timings = timings
        run.new_count, run.recurring_count, run.closed_count = new, recurring, closed
        run.status = RunStatus.SUCCEEDED
        run.finished_at = timezone.now()
        run.seconds = round(time.perf_counter() - started, 3)
        run.save()
    return run


def _prefix(region_code: str) -> str:
    from jingzhun.core.regioncodes import significant_prefix

    return significant_prefix(region_code) if region_code else ""
