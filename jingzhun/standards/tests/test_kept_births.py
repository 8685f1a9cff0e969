"""School-age conditions counted from the snapshot's kept birth years: the same counts as from the members."""

import json

import pytest

from jingzhun.standards.compiler import _ages_out_of_school

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
