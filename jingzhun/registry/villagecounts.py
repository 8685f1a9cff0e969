"""Households and registered people per (village, status, exit year) (``VillageHouseholdCounts``), kept by triggers.

The dashboard and region pages add these rows up instead of grouping every household in
scope on each request (≈ 2,000 villages × a few statuses for a city, against 200,000
households). How and why the rows are kept by triggers: ``registry.kept``. A household
without an exit year is counted under exit year 0, so that the key has no NULL (a unique
index treats NULLs as distinct).
"""

from jingzhun.registry.kept import KeptTable, pg_trigger_function

TABLE = "registry_villagehouseholdcounts"
KEY = "village_id, status, exit_year"
WATCHED = "village_id, status, exit_year, size"

_UPSERT_ROW = f"""INSERT INTO {TABLE} ({KEY}, households, people)
  VALUES (NEW.village_id, NEW.status, COALESCE(NEW.exit_year, 0), 1, NEW.size)
  ON CONFLICT ({KEY}) DO UPDATE SET households = households + 1, people = people + excluded.people;"""
_SUBTRACT_ROW = f"""UPDATE {TABLE} SET households = households - 1, people = people - OLD.size
  WHERE village_id = OLD.village_id AND status = OLD.status AND exit_year = COALESCE(OLD.exit_year, 0);"""

SQLITE_FORWARD = f"""
CREATE TRIGGER registry_village_counts_insert AFTER INSERT ON registry_household BEGIN
  {_UPSERT_ROW}
END;
CREATE TRIGGER registry_village_counts_delete AFTER DELETE ON registry_household BEGIN
  {_SUBTRACT_ROW}
END;
CREATE TRIGGER registry_village_counts_update AFTER UPDATE OF {WATCHED} ON registry_household BEGIN
  {_SUBTRACT_ROW}
  {_UPSERT_ROW}
END;
"""
SQLITE_BACKWARD = """
DROP TRIGGER IF EXISTS registry_village_counts_insert;
DROP TRIGGER IF EXISTS registry_village_counts_delete;
DROP TRIGGER IF EXISTS registry_village_counts_update;
"""


def _pg_rows(source: str, sign: str) -> str:
    return (
        f"SELECT r.village_id, r.status, COALESCE(r.exit_year, 0) AS exit_year, {sign}1 AS households,"
        f" {sign}r.size AS people FROM {source} r"
    )


def _pg_function(name: str, deltas: str) -> str:
    return pg_trigger_function(
        name,
        f"""  INSERT INTO {TABLE} AS c ({KEY}, households, people)
  SELECT d.village_id, d.status, d.exit_year, SUM(d.households), SUM(d.people) FROM ({deltas}) d
  GROUP BY d.village_id, d.status, d.exit_year
  ON CONFLICT ({KEY}) DO UPDATE SET households = c.households + EXCLUDED.households,
    people = c.people + EXCLUDED.people;""",
    )


_PG_CHANGED = (
    "old_rows o JOIN new_rows n ON n.id = o.id WHERE (o.village_id, o.status, o.exit_year, o.size)"
    " IS DISTINCT FROM (n.village_id, n.status, n.exit_year, n.size)"
)
POSTGRES_FORWARD = (
    _pg_function("registry_village_counts_insert", _pg_rows("new_rows", ""))
    + _pg_function("registry_village_counts_delete", _pg_rows("old_rows", "-"))
    + _pg_function(
        "registry_village_counts_update",
        f"SELECT o.village_id, o.status, COALESCE(o.exit_year, 0) AS exit_year, -1 AS households,"
        f" -o.size AS people FROM {_PG_CHANGED}"
        f" UNION ALL SELECT n.village_id, n.status, COALESCE(n.exit_year, 0), 1, n.size FROM {_PG_CHANGED}",
    )
    + """
CREATE TRIGGER registry_village_counts_insert AFTER INSERT ON registry_household
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_village_counts_insert();
CREATE TRIGGER registry_village_counts_delete AFTER DELETE ON registry_household
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION registry_village_counts_delete();
CREATE TRIGGER registry_village_counts_update AFTER UPDATE ON registry_household
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION registry_village_counts_update();
"""
)
POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS registry_village_counts_insert ON registry_household;
DROP TRIGGER IF EXISTS registry_village_counts_delete ON registry_household;
DROP TRIGGER IF EXISTS registry_village_counts_update ON registry_household;
DROP FUNCTION IF EXISTS registry_village_counts_insert();
DROP FUNCTION IF EXISTS registry_village_counts_delete();
DROP FUNCTION IF EXISTS registry_village_counts_update();
"""

BACKFILL = f"""
INSERT INTO {TABLE} ({KEY}, households, people)
SELECT h.village_id, h.status, COALESCE(h.exit_year, 0), COUNT(*), SUM(h.size)
FROM registry_household h {{where}} GROUP BY h.village_id, h.status, COALESCE(h.exit_year, 0)
"""

VILLAGE_COUNTS = KeptTable(
    table=TABLE,
    migration="0007_village_household_counts",
    triggers=("registry_village_counts_insert", "registry_village_counts_delete", "registry_village_counts_update"),
    sqlite_forward=SQLITE_FORWARD,
    sqlite_backward=SQLITE_BACKWARD,
    postgres_forward=POSTGRES_FORWARD,
    postgres_backward=POSTGRES_BACKWARD,
    backfill=BACKFILL,
    source="registry_household",
    source_key="h.village_id",
    key="village_id",
    insert_trigger="registry_village_counts_insert",
)
