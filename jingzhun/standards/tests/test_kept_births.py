"""School-age conditions counted from the snapshot's kept birth years: the same counts as from the members."""

import json
import re

import pytest

from jingzhun.standards.compiler import _age_bounds, _ages_out_of_school

AGE = {"var": "member.age"}
SEX = {"var": "member.sex"}
NOT_IN_SCHOOL = {"not": {"var": "member.in_school"}}
NOT_GUARANTEED = {"not": {"var": "member.dropout_guaranteed"}}
SHIPPED = {"all": [{"between": [AGE, {"param": "age_min"}, {"param": "age_max"}]}, NOT_IN_SCHOOL, NOT_GUARANTEED]}
# Conditions the kept birth years decide, and conditions that still need the members.
KEPT = {
    "shipped": SHIPPED,
    "reordered": {"all": [NOT_GUARANTEED, {"ge": [AGE, 7]}, NOT_IN_SCHOOL, {"le": [{"add": [AGE, 1]}, 15]}]},
    "any_age": {"all": [NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "fractions": {"all": [{"between": [AGE, 5.5, 15.5]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "strict_flipped": {"all": [{"lt": [5, AGE]}, {"gt": [15, AGE]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "strict_fractions": {"all": [{"gt": [AGE, 9.5]}, {"lt": [AGE, 10.5]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "one_age": {"all": [{"eq": [AGE, 10]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "no_whole_age": {"all": [{"eq": [AGE, 10.5]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "empty_range": {"all": [{"ge": [AGE, 12]}, {"le": [AGE, 8]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
}
SCANNED = {
    "no_guarantee_condition": {"all": [{"between": [AGE, 6, 15]}, NOT_IN_SCHOOL]},
    "also_sex": {"all": [{"between": [AGE, 6, 15]}, NOT_IN_SCHOOL, NOT_GUARANTEED, {"eq": [SEX, "1"]}]},
    "either": {"any": [{"between": [AGE, 6, 15]}, NOT_IN_SCHOOL, NOT_GUARANTEED]},
    "twice": {"all": [{"between": [AGE, 6, 15]}, NOT_IN_SCHOOL, NOT_IN_SCHOOL]},
}


def test_only_conditions_on_age_besides_the_two_school_conditions_use_the_kept_birth_years():
    assert _ages_out_of_school(SHIPPED) == [SHIPPED["all"][0]]
    assert _ages_out_of_school(KEPT["any_age"]) == []
    assert all(_ages_out_of_school(condition) is not None for condition in KEPT.values())
    assert all(_ages_out_of_school(condition) is None for condition in SCANNED.values())


def test_the_age_conditions_bound_the_whole_ages_they_admit():
    params = {"age_min": 6, "age_max": 15, "flag": True, "unset": None}
    assert _age_bounds(SHIPPED["all"][:1], params) == (6, 15)
    assert _age_bounds([{"ge": [AGE, 7]}, {"le": [{"add": [AGE, 1]}, 15]}], params) == (7, None)
    assert _age_bounds([{"gt": [AGE, 5.5]}, {"lt": [AGE, 15.5]}], params) == (6, 15)
    assert _age_bounds([{"gt": [AGE, 5]}, {"lt": [AGE, 16]}], params) == (6, 15)
    assert _age_bounds([{"lt": [5, AGE]}, {"ge": [15, AGE]}], params) == (6, 15)
    assert _age_bounds([{"eq": [AGE, 10]}], params) == (10, 10)
    assert _age_bounds([{"eq": [AGE, 10.5]}], params) == (11, 10)  # no whole age: an empty range
    assert _age_bounds([{"ge": [AGE, 6]}, {"ge": [AGE, 8]}, {"le": [AGE, 20]}, {"le": [AGE, 15]}], params) == (8, 15)
    # Parameters that are no number, and conditions that are no comparison with the age, bound nothing.
    assert _age_bounds([{"ge": [AGE, {"param": "flag"}]}, {"le": [AGE, {"param": "unset"}]}], params) == (None, None)
    assert _age_bounds([{"ne": [AGE, 6]}, {"ge": [{"add": [AGE, 1]}, 7]}, {"not": AGE}], params) == (None, None)
    assert _age_bounds([{"ge": [AGE, float("nan")]}, {"le": [AGE, float("inf")]}], params) == (None, None)


def test_the_database_statement_bounds_the_birth_dates_of_the_age_conditions_it_can(db):
    from jingzhun.standards.compiler import POSTGRESQL, SQLITE

    for dialect in (SQLITE, POSTGRESQL):
        statement = _compile(_rules({"shipped": SHIPPED}), dialect, 2019)
        assert "mm.birth_date >= " in statement.sql and "mm.birth_date < " in statement.sql
        assert {"2004-01-01", "2014-01-01"} <= set(statement.params.values())
        scanned = _compile(_rules(SCANNED), dialect, 2019).sql
        assert "mm.birth_date >= " not in scanned
        # The index's own term where the range lies within it (born since 1990), not before.
        assert "mm.birth_date >= '1990-01-01'" in statement.sql
        early = _compile(_rules({"shipped": SHIPPED}), dialect, 2004)  # aged 15 in 2004: born in 1989
        assert "mm.birth_date >= " in early.sql and "'1990-01-01'" not in early.sql


def test_the_education_rule_reads_the_members_out_of_school_from_their_index(db):
    """The index holds the members the school-age condition counts: the database can use it (a plan, not a time)."""
    from django.db import connection, transaction

    from jingzhun.standards.compiler import Compiler, _LevelRules
    from jingzhun.standards.engines import DatabaseEngine

    rules = _rules({"shipped": SHIPPED})
    compiler = Compiler(rules=rules, year=2019, region_prefix="", dialect=DatabaseEngine().dialect)
    binder = compiler.binder
    binder.values["year"] = 2019
    counted = _LevelRules(rules["household"], "household", binder, birth_dates_bounded=True)
    sql, _names = compiler._render(
        f"SELECT count(*) FROM registry_member mm WHERE NOT mm.deceased AND NOT mm.moved_out AND {counted.scanned[0]}"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is too small to need an index
            cursor.execute("EXPLAIN " + sql, binder.values)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, binder.values)
        plan = "\n".join(str(row) for row in cursor.fetchall())
    assert "member_out_of_school_birth" in plan, plan
    assert re.search(r"birth_date ?>=? ?[?']", plan), plan  # searched by the birth-date range, not read whole


def _rules(conditions):
    from jingzhun.standards.compiler import RuleSpec

    specs = [
        RuleSpec(
            name,
            name,
            True,
            {"eq": [{"count_members": condition}, 0]},
            {"age_min": 6, "age_max": 15} if "param" in str(condition) else {},
        )
        for name, condition in conditions.items()
    ]
    return {"household": specs}


def _compile(rules, dialect, year):
    from jingzhun.standards.compiler import statement_compile

    return statement_compile(
        rules=rules, level="household", year=year, region_prefix="610902", dialect=dialect, poverty_lines={"": 3747}
    )


def _counts(engine, rules, year):
    """Return {household code: {rule: count}} of the households failing something."""
    rows = engine.rows(_compile(rules, engine.dialect, year))
    evidence = {row[1]: json.loads(row[7]) if isinstance(row[7], str) else row[7] for row in rows if not row[4]}
    return {code: {k: v for k, v in e.items() if k.startswith("count_")} for code, e in evidence.items()}


@pytest.fixture
def school_world(household_factory, add_member, hanbin_village):
    """Households whose children, born in 2004, 2009 and 2013, are in every school situation."""
    households = []
    for school_status, dropout_reason in (("", ""), ("", "4"), ("", "1"), ("03", ""), ("01", "")):
        household = household_factory(hanbin_village)
        for age in (15, 10, 6):
            add_member(household, age=age, school_status=school_status, dropout_reason=dropout_reason)
        households.append(household)
    gone = household_factory(hanbin_village)
    add_member(gone, age=10, school_status="", deceased=True)
    add_member(gone, age=9, school_status="", moved_out=True)
    return households


@pytest.mark.parametrize("year", [2012, 2019, 2024])
def test_the_kept_birth_years_give_the_counts_of_the_members_in_any_year(school_world, tmp_path, year):
    from jingzhun.standards.engines import ColumnarEngine, DatabaseEngine
    from jingzhun.standards.snapshot import snapshot_write

    snapshot_write(path=tmp_path / "snapshot")
    columnar = ColumnarEngine(tmp_path / "snapshot")
    try:
        for conditions in (SCANNED, KEPT):
            rules = _rules(conditions)
            in_database = _counts(DatabaseEngine(), rules, year)
            assert _counts(columnar, rules, year) == in_database
    finally:
        columnar.close()
    # Aged 6-15 and out of school: none in school, the poor dropouts and the pre-school children
    # (01); not the ill (guaranteed) nor the pupils (03). Of the 2004, 2009, 2013 births: one in
    # 2012 (the others are 3 and -1), three in 2019, two in 2024 (20, 15, 11).
    counted = {code: counts["count_0"] for code, counts in in_database.items()}
    expected = {2012: [1, 1, 0, 0, 1], 2019: [3, 3, 0, 0, 3], 2024: [2, 2, 0, 0, 2]}[year]
    assert [counted.get(h.code, 0) for h in school_world[:5]] == expected


def test_the_columnar_statement_reads_no_member_when_the_birth_years_decide(db):
    from jingzhun.standards.compiler import DUCKDB, SQLITE

    kept = _compile(_rules(KEPT), DUCKDB, 2019).sql
    assert "registry_member " not in kept and "out_of_school_births" in kept
    assert "registry_member " in _compile(_rules(SCANNED), DUCKDB, 2019).sql
    assert "registry_member " in _compile(_rules(KEPT), SQLITE, 2019).sql


def test_a_snapshot_without_the_birth_years_counts_them_from_its_members(school_world, tmp_path):
    import duckdb

    from jingzhun.standards.engines import ColumnarEngine
    from jingzhun.standards.snapshot import snapshot_write

    path = tmp_path / "snapshot"
    snapshot_write(path=path)
    counts = path / "registry_householdmembercounts.parquet"
    fresh = ColumnarEngine(path)
    expected = _counts(fresh, _rules(KEPT), 2019)
    fresh.close()
    older = duckdb.connect()
    older.execute(
        f"COPY (SELECT household_id, living, insured, heads FROM '{counts}') TO '{counts}.old' (FORMAT parquet)"
    )
    older.close()
    counts.unlink()
    (path / "registry_householdmembercounts.parquet.old").rename(counts)

    engine = ColumnarEngine(path)
    try:
        assert _counts(engine, _rules(KEPT), 2019) == expected
        assert sum(c["count_0"] for c in expected.values()) == 9
    finally:
        engine.close()
