"""Levels evaluated together read the household results of the same evaluation: same results as alone."""

import pytest
from django.db import DatabaseError

ANKANG = "610900000000"
YEAR = 2019


def _rounded(evidence):
    """Averages summed in another order may differ in the last bit: figures are compared to 9 places."""
    if evidence is None:
        return None
    return {k: round(v, 9) if isinstance(v, float) else v for k, v in evidence.items()}


def _stored(run):
    """Return {code: everything stored of an entity}, the incidence and evidence figures to 9 places."""
    return {
        r.code: (
            r.passed,
            r.failed_rules,
            r.warnings,
            r.status,
            r.region_code,
            r.household_id,
            None if r.incidence is None else round(float(r.incidence), 9),
            _rounded(r.evidence),
        )
        for r in run.results.all()
    }


@pytest.fixture
def demo(db, tmp_path):
    from jingzhun.registry.demo import demo_generate
    from jingzhun.standards.snapshot import snapshot_write

    demo_generate(households=200, year=YEAR)
    snapshot_write(path=tmp_path / "snapshot")
    return tmp_path / "snapshot"


def _runs(engine, snapshot, levels, **options):
    from jingzhun.regions.models import Region
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_runs

    return evaluation_runs(
        user=None,
        ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
        levels=levels,
        year=YEAR,
        region=Region.objects.get(code=ANKANG),
        engine=engine,
        snapshot=snapshot if engine != "db" else None,
        **options,
    )


def test_the_three_levels_together_store_what_each_level_alone_stores(engine, demo):
    alone = {level: _runs(engine, demo, [level])[0] for level in ("household", "village", "county")}
    together = _runs(engine, demo, ["county", "household", "village"], note="一次评估三级")

    assert [run.level for run in together] == ["household", "village", "county"]
    for run in together:
        assert run.status == "done" and run.note == "一次评估三级"
        assert (run.entities, run.passed) == (alone[run.level].entities, alone[run.level].passed)
        assert _stored(run) == _stored(alone[run.level]), run.level
        verdicts = [passed for passed, *_rest in _stored(run).values()]
        assert True in verdicts and False in verdicts, f"{run.level}: the demo should both pass and fail"
    if engine == "db":  # the kept household rows do not outlive the evaluation
        from django.db import connection, transaction

        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM jz_households_kept")


@pytest.mark.parametrize("level", ["village", "county"])
def test_a_level_alone_with_its_households_evaluated_first_stores_the_same(engine, demo, monkeypatch, level):
    from jingzhun.standards import services

    inline = _runs(engine, demo, [level])[0]
    monkeypatch.setitem(services.HOUSEHOLDS_FIRST_ALONE, engine, True)
    first = _runs(engine, demo, [level])[0]

    assert first.entities == inline.entities > 0
    assert _stored(first) == _stored(inline)


def test_the_statements_of_levels_together_read_the_kept_households(db):
    from jingzhun.standards import shipped
    from jingzhun.standards.compiler import (
        DUCKDB,
        HOUSEHOLD_FIGURES,
        POSTGRESQL,
        VILLAGE_SUMS,
        RuleSpec,
        statement_compile,
    )

    ruleset = next(r for r in shipped.RULESETS if r["code"] == "shaanxi-2017-577")
    rules: dict[str, list[RuleSpec]] = {}
    for rule in ruleset["rules"]:
        defaults = {name: spec["default"] for name, spec in rule["parameters"].items()}
        rules.setdefault(rule["level"], []).append(
            RuleSpec(rule["code"], rule["name"], rule["veto"], rule["expression"], defaults)
        )

    def compiled(level, **options):
        return statement_compile(
            rules=rules, level=level, year=YEAR, region_prefix="", dialect=DUCKDB, poverty_lines={"": 3747}, **options
        ).sql

    # DuckDB keeps the sums per village of what villages and counties read, and evaluates the
    # household results again.
    kept = compiled("household", figures=True)
    assert all(f" AS {name}" in kept for name in HOUSEHOLD_FIGURES)
    assert all(f" AS {name}" in kept for name in VILLAGE_SUMS) and kept.endswith("FROM hp GROUP BY hp.region_code")
    assert "n_living" not in compiled("household")
    assert compiled("household", households_from="kept_households") == compiled("household")
    county = compiled("county", households_from="kept_households")
    assert "FROM kept_households" in county and "registry_household" not in county and " hp" not in county
    village = compiled("village", households_from="kept_households")
    assert "FROM kept_households" in village and "registry_member" not in village
    assert "registry_household " not in village and "registry_household " in compiled("village")
    in_database = statement_compile(
        rules=rules, level="household", year=YEAR, region_prefix="", dialect=POSTGRESQL, poverty_lines={"": 3747},
        figures=True,
    ).sql  # fmt: skip
    assert "jsonb" in in_database and in_database.endswith(
        "n_living, n_insured, has_facts, electricity, housing_safe, income_pc, income_pc_prev\nFROM hp"
    )
    with pytest.raises(ValueError):
        compiled("county", households_from="kept; DROP TABLE registry_household")
