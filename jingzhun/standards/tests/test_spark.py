"""The Spark engine gives the database engine's verdicts on a small registry, at every level.

Skipped when pyspark or Java is missing, unless JINGZHUN_REQUIRE_SPARK=1 (CI), which turns
the skip into a failure: the distributed path must not rot unnoticed.
"""

import os

import pytest

from jingzhun.standards.spark import spark_available

MISSING = spark_available()
if MISSING and os.environ.get("JINGZHUN_REQUIRE_SPARK") == "1":
    raise RuntimeError(f"JINGZHUN_REQUIRE_SPARK=1 but Spark cannot run: {MISSING}")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(bool(MISSING), reason=f"Spark unavailable: {MISSING}")]

ANKANG = "610900000000"
YEAR = 2019


@pytest.fixture(scope="module")
def session():
    from jingzhun.standards.spark import spark_session

    spark = spark_session(master="local[2]", partitions=2)
    yield spark
    spark.stop()


def _results(engine, statement):
    """Return {code: (passed, failed rules, warnings, incidence, evidence keys)} of a statement's rows.

    PostgreSQL gives the incidence as a numeric (Decimal): compared as floats to 9 places.
    """
    results = {}
    for row in engine.rows(statement):
        code, passed, failed, warnings, evidence, incidence = row[1], row[4], row[5], row[6], row[7], row[8]
        if isinstance(evidence, str):  # SQLite gives the JSON text
            import json

            evidence = json.loads(evidence)
        keys = tuple(sorted(evidence)) if evidence else ()
        share = None if incidence is None else round(float(incidence), 9)
        results[code] = (bool(passed), failed, warnings, share, keys)
    return results


def _plain(evidence):
    """Evidence values compared across engines: SQLite's JSON has 0/1 for booleans, Spark decimals."""
    if evidence is None:
        return None
    return {k: round(float(v), 6) if isinstance(v, int | float) else v for k, v in evidence.items()}


def test_spark_gives_the_database_engines_verdicts_at_every_level(db, tmp_path, session):
    from jingzhun.registry.demo import demo_generate
    from jingzhun.standards.choices import Level
    from jingzhun.standards.engines import DatabaseEngine
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import statement_for
    from jingzhun.standards.snapshot import snapshot_write
    from jingzhun.standards.spark import SparkEngine

    demo_generate(households=200, year=YEAR)
    snapshot_write(path=tmp_path / "snapshot")
    ruleset = RuleSet.objects.get(code="shaanxi-2017-577")
    spark = SparkEngine(tmp_path / "snapshot", session=session)
    database = DatabaseEngine()
    for level in (Level.HOUSEHOLD, Level.VILLAGE, Level.COUNTY):
        results = []
        for engine in (database, spark):
            statement, _resolved = statement_for(
                ruleset=ruleset, level=level, year=YEAR, region_code=ANKANG, overrides=None, dialect=engine.dialect
            )
            results.append(_results(engine, statement))
        in_database, on_spark = results
        assert on_spark == in_database, level
        verdicts = [r[0] for r in in_database.values()]
        assert True in verdicts and False in verdicts, f"{level}: the demo should both pass and fail"
        entities, passed = spark.count(statement)
        assert (entities, passed) == (len(verdicts), sum(verdicts))
    spark.close()  # a shared session is left running
    assert not session.sparkContext._jsc.sc().isStopped()


def test_a_spark_run_stores_the_same_results_as_the_database(db, tmp_path, session, monkeypatch):
    from jingzhun.regions.models import Region
    from jingzhun.registry.demo import demo_generate
    from jingzhun.standards import spark as spark_module
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_run
    from jingzhun.standards.snapshot import snapshot_write

    monkeypatch.setattr(spark_module, "spark_session", lambda **kwargs: session)
    demo_generate(households=100, year=YEAR)
    snapshot_write(path=tmp_path / "snapshot")
    runs = {
        engine: evaluation_run(
            user=None,
            ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
            level="household",
            year=YEAR,
            region=Region.objects.get(code=ANKANG),
            engine=engine,
            snapshot=tmp_path / "snapshot" if engine == "spark" else None,
        )
        for engine in ("db", "spark")
    }
    stored = {
        engine: {r.code: (r.passed, r.failed_rules, _plain(r.evidence)) for r in run.results.all()}
        for engine, run in runs.items()
    }
    assert stored["spark"] == stored["db"]
    assert runs["spark"].entities == runs["db"].entities > 0
    assert runs["spark"].passed == runs["db"].passed
    assert runs["spark"].get_engine_display() == "分布式引擎（Spark，快照）"
    assert not session.sparkContext._jsc.sc().isStopped()


def test_the_three_levels_together_on_spark_store_the_database_engines_results(db, tmp_path, session, monkeypatch):
    """Households evaluated once and cached on Spark; villages and counties read them."""
    from jingzhun.regions.models import Region
    from jingzhun.registry.demo import demo_generate
    from jingzhun.standards import spark as spark_module
    from jingzhun.standards.models import RuleSet
    from jingzhun.standards.services import evaluation_runs
    from jingzhun.standards.snapshot import snapshot_write

    monkeypatch.setattr(spark_module, "spark_session", lambda **kwargs: session)
    demo_generate(households=100, year=YEAR)
    snapshot_write(path=tmp_path / "snapshot")
    runs = {
        engine: evaluation_runs(
            user=None,
            ruleset=RuleSet.objects.get(code="shaanxi-2017-577"),
            levels=["household", "village", "county"],
            year=YEAR,
            region=Region.objects.get(code=ANKANG),
            engine=engine,
            snapshot=tmp_path / "snapshot" if engine == "spark" else None,
        )
        for engine in ("db", "spark")
    }
    for in_database, on_spark in zip(runs["db"], runs["spark"], strict=True):
        assert on_spark.level == in_database.level
        stored = [
            {
                r.code: (r.passed, r.failed_rules, None if r.incidence is None else round(r.incidence, 9))
                for r in run.results.all()
            }
            for run in (in_database, on_spark)
        ]
        assert stored[1] == stored[0], on_spark.level
        assert on_spark.entities == in_database.entities > 0
    assert not session.catalog.tableExists("jz_households_kept")  # the cached households are dropped
