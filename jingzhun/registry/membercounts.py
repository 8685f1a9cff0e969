"""Member counts per household (``HouseholdMemberCounts``), kept by database triggers on the members.

How and why the counts are kept by triggers: ``registry.kept``.
"""

from typing import Any

from jingzhun.registry.kept import KeptTable, pg_trigger_function

TABLE = "registry_householdmembercounts"
# 1 when the member counts: alive and not moved out; insured: both insurances; head: 户主.
LIVING = "(NOT {r}.deceased AND NOT {r}.moved_out)"
INSURED = "(NOT {r}.deceased AND NOT {r}.moved_out AND {r}.medical_insurance AND {r}.serious_illness_insurance)"
HEAD = "({r}.relation = '01')"


def _values(row: str) -> str:
    return ", ".join(e.format(r=row) for e in (LIVING, INSURED, HEAD))


def _deltas(row: str, sign: str) -> str:
    """Return the PostgreSQL columns living, insured, heads of a member row, as +1/-1/0 deltas."""
    columns = zip((LIVING, INSURED, HEAD), ("living", "insured", "heads"), strict=True)
    return ", ".join(f"{sign}CAST({e.format(r=row)} AS INTEGER) AS {n}" for e, n in columns)


SQLITE_FORWARD = f"""
CREATE TRIGGER registry_member_counts_insert AFTER INSERT ON registry_member BEGIN
  INSERT INTO {TABLE} (household_id, living, insured, heads) VALUES (NEW.household_id, {_values("NEW")})
  ON CONFLICT (household_id) DO UPDATE SET living = living + excluded.living,
    insured = insured + excluded.insured, heads = heads + excluded.heads;
END;
CREATE TRIGGER registry_member_counts_delete AFTER DELETE ON registry_member BEGIN
  UPDATE {TABLE} SET living = living - {LIVING.format(r="OLD")}, insured = insured - {INSURED.format(r="OLD")},
    heads = heads - {HEAD.format(r="OLD")}
  WHERE household_id = OLD.household_id;
END;
CREATE TRIGGER registry_member_counts_update
AFTER UPDATE OF household_id, deceased, moved_out, medical_insurance, serious_illness_insurance, relation
ON registry_member BEGIN
  UPDATE {TABLE} SET living = living - {LIVING.format(r="OLD")}, insured = insured - {INSURED.format(r="OLD")},
    heads = heads - {HEAD.format(r="OLD")}
  WHERE household_id = OLD.household_id;
  INSERT INTO {TABLE} (household_id, living, insured, heads) VALUES (NEW.household_id, {_values("NEW")})
  ON CONFLICT (household_id) DO UPDATE SET living = living + excluded.living,
    insured = insured + excluded.insured, heads = heads + excluded.heads;
END;
CREATE TRIGGER registry_household_counts_delete AFTER DELETE ON registry_household BEGIN
  DELETE FROM {TABLE} WHERE household_id = OLD.id;
END;
"""
SQLITE_BACKWARD = """
DROP TRIGGER IF EXISTS registry_member_counts_insert;
DROP TRIGGER IF EXISTS registry_member_counts_delete;
DROP TRIGGER IF EXISTS registry_member_counts_update;
DROP TRIGGER IF EXISTS registry_household_counts_delete;
"""

# One upsert of the summed deltas; households that no longer exist are skipped.
_PG_APPLY = f"""
  INSERT INTO {TABLE} AS c (household_id, living, insured, heads)
  SELECT d.household_id, SUM(d.living), SUM(d.insured), SUM(d.heads) FROM deltas d
  WHERE EXISTS (SELECT 1 FROM registry_household h WHERE h.id = d.household_id)
  GROUP BY d.household_id
  ON CONFLICT (household_id) DO UPDATE SET living = c.living + EXCLUDED.living,
    insured = c.insured + EXCLUDED.insured, heads = c.heads + EXCLUDED.heads;
"""


def _pg_deltas(source: str, sign: str) -> str:
    return f"SELECT r.household_id, {_deltas('r', sign)} FROM {source} r"


def _pg_function(name: str, deltas: str) -> str:
    return pg_trigger_function(name, _PG_APPLY.replace("FROM deltas d", f"FROM ({deltas}) d"))


_PG_CHANGED = (
    "old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.household_id, o.deceased, o.moved_out, o.medical_insurance,"
    " o.serious_illness_insurance, o.relation) IS DISTINCT FROM (n.household_id, n.deceased, n.moved_out,"
    " n.medical_insurance, n.serious_illness_insurance, n.relation)"
)
POSTGRES_FORWARD = (
    _pg_function("registry_member_counts_insert", _pg_deltas("new_rows", ""))
    + _pg_function("registry_member_counts_delete", _pg_deltas("old_rows", "-"))
    + _pg_function(
        "registry_member_counts_update",
        f"SELECT o.household_id, {_deltas('o', '-')} FROM {_PG_CHANGED}"
        f" UNION ALL SELECT n.household_id, {_deltas('n', '')} FROM {_PG_CHANGED}",
    )
    + pg_trigger_function(
        "registry_household_counts_delete", f"  DELETE FROM {TABLE} c USING old_rows o WHERE c.household_id = o.id;"
    )
    + """
CREATE TRIGGER registry_member_counts_insert AFTER INSERT ON registry_member
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_member_counts_insert();
CREATE TRIGGER registry_member_counts_delete AFTER DELETE ON registry_member
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_member_counts_delete();
CREATE TRIGGER registry_member_counts_update AFTER UPDATE ON registry_member
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_member_counts_update();
CREATE TRIGGER registry_household_counts_delete AFTER DELETE ON registry_household
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_household_counts_delete();
"""
)
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS registry_member_counts_insert ON registry_member;
DROP TRIGGER IF EXISTS registry_member_counts_delete ON registry_member;
DROP TRIGGER IF EXISTS registry_member_counts_update ON registry_member;
DROP TRIGGER IF EXISTS registry_household_counts_delete ON registry_household;
DROP FUNCTION IF EXISTS registry_member_counts_insert();
DROP FUNCTION IF EXISTS registry_member_counts_delete();
DROP FUNCTION IF EXISTS registry_member_counts_update();
DROP FUNCTION IF EXISTS registry_household_counts_delete();
"""

BACKFILL = f"""
INSERT INTO {TABLE} (household_id, living, insured, heads)
SELECT m.household_id, SUM(CASE WHEN {LIVING.format(r="m")} THEN 1 ELSE 0 END),
  SUM(CASE WHEN {INSURED.format(r="m")} THEN 1 ELSE 0 END), SUM(CASE WHEN {HEAD.format(r="m")} THEN 1 ELSE 0 END)
FROM registry_member m {{where}} GROUP BY m.household_id
"""


MEMBER_COUNTS = KeptTable(
    table=TABLE,
    migration="0004_member_aggregates",
    triggers=(
        "registry_member_counts_insert",
        "registry_member_counts_delete",
        "registry_member_counts_update",
        "registry_household_counts_delete",
    ),
    sqlite_forward=SQLITE_FORWARD,
    sqlite_backward=SQLITE_BACKWARD,
    postgres_forward=POSTGRES_FORWARD,
    postgres_backward=POSTGRES_BACKWARD,
    backfill=BACKFILL,
    source="registry_member",
    source_key="m.household_id",
    key="household_id",
    insert_trigger="registry_member_counts_insert",
)


def member_count_triggers_create(connection: Any) -> None:
    """Create (or replace) the triggers in ``connection``'s database and recount every household."""
    MEMBER_COUNTS.create(connection)


def member_count_triggers_drop(connection: Any) -> None:
    MEMBER_COUNTS.drop(connection)


def member_count_triggers_missing(connection: Any) -> list[str]:
    """Return the names of the triggers that ``connection``'s database lacks."""
    return MEMBER_COUNTS.missing(connection)
