"""The doubtful ID numbers: every member an identity check reports, kept in a partial index a run reads."""

import pytest
from django.db import connection
from django.db.models import F

from jingzhun.quality.checks import CheckContext
from jingzhun.quality.engine import ID_SUSPECTS, id_suspects_stage
from jingzhun.quality.expressions import IdDoubtful
from jingzhun.quality.memberindex import PREFIX, doubtful_index_ensure, doubtful_index_name

from .conftest import YEAR, members_of
from .test_checks import TRIPS

pytestmark = pytest.mark.django_db

IDENTITY = ("ID-01", "ID-02", "ID-03", "ID-04", "ID-05", "ID-06")


def _doubtful_codes():
    ctx = CheckContext(prefix="6109", year=YEAR)
    doubtful = IdDoubtful(F("id_number"), F("sex"), F("birth_date"))
    return set(ctx.members().filter(doubtful).values_list("code", flat=True))


def _indexes():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry_member'")
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_member'")
        return {row[0] for row in cursor.fetchall() if row[0].startswith(PREFIX)}


@pytest.fixture
def ctx(household_factory, hanbin_village_2, hanyin_village, clean_household):
    return {"factory": household_factory, "village2": hanbin_village_2, "hanyin": hanyin_village}


def test_the_doubtful_members_are_the_ones_each_identity_check_reports_and_no_valid_one(clean_household, ctx):
    clean = clean_household()
    planted = set()
    for code in IDENTITY:
        household = clean_household()
        planted |= TRIPS[code](household, members_of(household), ctx)
    doubtful = _doubtful_codes()
    assert planted <= doubtful
    assert not doubtful & {m.code for m in members_of(clean)}


def test_the_index_exists_after_migrate_under_the_name_of_its_condition():
    assert _indexes() == {doubtful_index_name(connection.vendor)}
    if connection.vendor == "postgresql":  # and the statistics telling the planner how few rows it holds
        with connection.cursor() as cursor:
            cursor.execute("SELECT stxname FROM pg_statistic_ext WHERE stxrelid = 'registry_member'::regclass")
            assert doubtful_index_name("postgresql") in {row[0] for row in cursor.fetchall()}


@pytest.mark.parametrize("analysed_before", [False, True])
def test_the_suspects_of_a_run_are_read_from_the_partial_index(clean_household, ctx, analysed_before):
    for _ in range(3):
        household = clean_household()
    TRIPS["ID-01"](household, members_of(household), ctx)
    if analysed_before:  # statistics gathered before the index existed (a registry analysed, then migrated)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # no index built while the members' writes await their checks
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP INDEX {doubtful_index_name(connection.vendor)}")
            cursor.execute("ANALYZE")
        doubtful_index_ensure()
    ctx_run = id_suspects_stage(CheckContext(prefix="6109", year=YEAR))
    suspects = (
        ctx_run.members()
        .filter(IdDoubtful(F("id_number"), F("sex"), F("birth_date")))
        .order_by()
        .values_list("pk", flat=True)
    )
    sql, params = suspects.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT member_id FROM {ID_SUSPECTS}")
        assert {row[0] for row in cursor.fetchall()} == set(suspects)
        if connection.vendor == "postgresql":
            # The planner may use the index only if the query's condition is the index's own.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(part) for row in cursor.fetchall() for part in row)
        cursor.execute(f"DROP TABLE {ID_SUSPECTS}")
    assert doubtful_index_name(connection.vendor) in plan


def test_migrate_puts_back_a_missing_index_and_drops_one_of_an_older_condition():
    name = doubtful_index_name(connection.vendor)
    outdated = PREFIX + "00000000"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {name}")
        cursor.execute(f"CREATE INDEX {outdated} ON registry_member (household_id) WHERE deceased")
    assert _indexes() == {outdated}
    doubtful_index_ensure()
    assert _indexes() == {name}
