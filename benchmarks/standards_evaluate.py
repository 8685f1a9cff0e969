"""Exit-standard evaluation at city, province and national scale, against a naive per-object loop.

Usage:
    python benchmarks/standards_evaluate.py db --database-url URL [--region 6109] [--year 2019]
        [--repeat 3] [--sample 2000] [--columnar] [--tiny]
    python benchmarks/standards_evaluate.py national [--households 30000000] [--dir PATH] [--reuse]
        [--spark] [--tiny]

``db`` evaluates the registry already in the database (the Ankang demo, or a province made
with ``generate_demo --scale province``) at the three levels with the rule set in force:

- *database, end to end*: ``evaluation_run`` — compile, run the one statement, store one
  result row per entity, count — what the page and the command do;
- *database, compute*: the same statement, counted in the database without storing;
- *columnar*: (with ``--columnar``) the snapshot's cost, then DuckDB over it;
- *naive*: the same rules as a per-object Python loop over ORM objects (households with
  their members and yearly facts prefetched), timed on a sample and scaled to the whole.
  The naive loop also serves as an oracle: its verdicts on the sample are compared with the
  engine's and the agreement printed.

``national`` writes a synthetic national registry (default 30 M households, 90 M members,
500,000 villages, 2,850 counties) as a Parquet snapshot with DuckDB, then evaluates the
three levels on it with the columnar engine, printing time and peak memory; ``--spark``
also runs them on Spark (local mode) over the same snapshot.

Both modes measure the *plain DuckDB* baseline (with ``--columnar`` in ``db`` mode): the
577 rules hand-written as DuckDB SQL over the same snapshot, households into a table and
villages and counties from it; every entity's verdict is compared with the engine's and the
ratio engine ÷ plain printed. ``--tiny`` is the test suite's size: ``db`` generates a
300-household demo when the database has none; ``national`` writes 30,000 households.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(database_url: str | None) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()


def timed(func: Any, repeat: int) -> tuple[float, Any]:
    """Return the median seconds of ``repeat`` calls and the last result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


# -- the naive baseline: the same JSON rules, interpreted per object in Python ---------------------


def py_eval(node: Any, values: dict[str, Any], params: dict[str, Any], members: list[dict[str, Any]]) -> Any:
    """Evaluate a rule expression on one object's values with SQL's three-valued logic."""
    if not isinstance(node, dict):
        return node
    ((op, arg),) = node.items()
    if op == "var":
        return values[arg.removeprefix("member.")] if arg.startswith("member.") else values[arg]
    if op == "param":
        return params[arg]
    if op in ("gt", "ge", "lt", "le", "eq", "ne"):
        a, b = (py_eval(x, values, params, members) for x in arg)
        if a is None or b is None:
            return None
        a, b = (float(x) if isinstance(x, int | float) or hasattr(x, "as_tuple") else x for x in (a, b))
        return {"gt": a > b, "ge": a >= b, "lt": a < b, "le": a <= b, "eq": a == b, "ne": a != b}[op]
    if op == "between":
        x, lo, hi = (py_eval(v, values, params, members) for v in arg)
        return None if None in (x, lo, hi) else lo <= x <= hi
    if op == "in":
        x = py_eval(arg[0], values, params, members)
        return None if x is None else x in arg[1]
    if op == "is_null":
        return py_eval(arg, values, params, members) is None
    if op in ("all", "any"):
        results = [py_eval(x, values, params, members) for x in arg]
        if op == "all":
            return False if False in results else (None if None in results else True)
        return True if True in results else (None if None in results else False)
    if op == "not":
        x = py_eval(arg, values, params, members)
        return None if x is None else not x
    if op in ("add", "sub", "mul", "div"):
        a, b = (py_eval(x, values, params, members) for x in arg)
        if a is None or b is None or (op == "div" and b == 0):
            return None
        a, b = float(a), float(b)
        return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b if b else None}[op]
    if op == "coalesce":
        for x in arg:
            value = py_eval(x, values, params, members)
            if value is not None:
                return value
        return None
    if op == "count_members":
        return sum(1 for m in members if py_eval(arg, m, params, []) is True)
    raise ValueError(op)


def naive_household(household: Any, rules: list[Any], *, year: int, line: float) -> tuple[bool, dict[str, Any]]:
    from jingzhun.registry.choices import GUARANTEED_DROPOUT_REASONS, SAFE_HOUSING_RATINGS, STUDENT_STATUSES

    living = [m for m in household.members.all() if not m.deceased and not m.moved_out]
    facts = next((y for y in household.years.all() if y.year == year), None)
    n = len(living)
    income = None
    if facts is not None and n:
        income = float(facts.net_income - facts.excluded_transfer_income) / n
    housing_safe = None
    if facts is not None:
        housing_safe = facts.housing_rating in SAFE_HOUSING_RATINGS or (facts.relocated and facts.relocation_moved_in)
    values = {
        "year": year,
        "poverty_line": line,
        "income_per_capita": income,
        "living_members": n,
        "insured_members": sum(1 for m in living if m.medical_insurance and m.serious_illness_insurance),
        "housing_safe": housing_safe,
        "identification_year": household.identification_year,
        "status": household.status,
        "has_year_facts": facts is not None,
    }
    for name in (
        "food_clothing_secure",
        "water_safe",
        "water_quality_ok",
        "water_litres_per_day",
        "water_fetch_minutes",
        "water_guarantee_rate",
        "electricity",
        "housing_rating",
        "relocated",
        "relocation_moved_in",
    ):
        values[name] = getattr(facts, name) if facts is not None else None
    members = [
        {
            "age": year - m.birth_date.year,
            "in_school": m.school_status in STUDENT_STATUSES,
            "dropout_guaranteed": m.dropout_reason in GUARANTEED_DROPOUT_REASONS,
            "medical_insurance": m.medical_insurance,
            "serious_illness_insurance": m.serious_illness_insurance,
        }
        for m in living
    ]
    passed = all(py_eval(r.expression, values, r.parameters, members) is True for r in rules if r.veto)
    values["_living"] = n
    return passed, values


def naive_households(queryset: Any, rules: list[Any], *, year: int, line: float) -> dict[str, bool]:
    from django.db.models import Prefetch

    from jingzhun.registry.models import HouseholdYear

    households = queryset.prefetch_related("members", Prefetch("years", HouseholdYear.objects.filter(year=year)))
    return {h.code: naive_household(h, rules, year=year, line=line)[0] for h in households}


def naive_villages(
    villages: list[Any], household_rules: list[Any], village_rules: list[Any], *, year: int, line: float
) -> dict[str, bool]:
    from django.db.models import Prefetch

    from jingzhun.registry.choices import STILL_POOR_STATUSES
    from jingzhun.registry.models import Household, HouseholdYear

    verdicts = {}
    for facts in villages:
        households = Household.objects.filter(village_id=facts.village_id).prefetch_related(
            "members", Prefetch("years", HouseholdYear.objects.filter(year=year))
        )
        still_poor = 0
        for household in households:
            passed, values = naive_household(household, household_rules, year=year, line=line)
            if household.status in STILL_POOR_STATUSES and not passed:
                still_poor += values["_living"]
        values = {
            "incidence": still_poor / facts.rural_population if facts.rural_population else None,
            "collective_income": facts.collective_income,
            "hardened_road": facts.hardened_road,
            "safe_water": facts.safe_water,
            "power": facts.power,
            "standard_clinic": facts.standard_clinic,
            "exited_income_share": None,
            "exited_income_share_prev": None,
        }
        verdicts[facts.village_id] = all(
            py_eval(r.expression, values, r.parameters, []) is True
            for r in village_rules
            if r.veto and r.code != "income_growth"
        )
    return verdicts


# -- the plain baseline: the shipped 577 rules hand-written as DuckDB SQL over the snapshot -------


def plain_sql(*, year: int, line: float, prefix: str) -> dict[str, str]:
    """Return the hand-written statements of ``shaanxi-2017-577`` (default parameters), per level.

    What someone would write by hand for one rule set: households into a table ``plain_h``
    (verdict plus the few sums the upper levels need), then villages and counties *from
    that table*, not from the registry again. No evidence, no failing-rule lists.
    """
    from jingzhun.standards.fields import EXITED, GUARANTEED_REASONS, SAFE_RATINGS, STILL_POOR, STUDENTS

    region = f"starts_with(h.village_id, '{prefix}')" if prefix else "TRUE"
    households = f"""
        CREATE OR REPLACE TEMP TABLE plain_h AS
        WITH m AS (
          SELECT household_id, count(*) AS living,
            sum(CASE WHEN medical_insurance AND serious_illness_insurance THEN 1 ELSE 0 END) AS insured,
            sum(CASE WHEN {year} - year(birth_date) BETWEEN 6 AND 15 AND NOT school_status IN {STUDENTS}
                      AND NOT dropout_reason IN {GUARANTEED_REASONS} THEN 1 ELSE 0 END) AS dropouts
          FROM registry_member WHERE NOT deceased AND NOT moved_out GROUP BY household_id
        ), f AS (
          SELECT h.code, h.village_id, h.status, h.identification_year, y.id IS NOT NULL AS has_facts,
            y.electricity, y.food_clothing_secure, y.water_safe, y.water_quality_ok, y.water_litres_per_day,
            y.water_fetch_minutes, y.water_guarantee_rate,
            coalesce(m.living, 0) AS living, coalesce(m.insured, 0) AS insured,
            coalesce(m.dropouts, 0) AS dropouts,
            (y.housing_rating IN {SAFE_RATINGS} OR (y.relocated AND y.relocation_moved_in)) AS housing_safe,
            (y.net_income - y.excluded_transfer_income) * 1.0 / nullif(m.living, 0) AS income_pc,
            (py.net_income - py.excluded_transfer_income) * 1.0 / nullif(m.living, 0) AS income_pc_prev
          FROM registry_household h
          LEFT JOIN registry_householdyear y ON y.household_id = h.id AND y.year = {year}
          LEFT JOIN registry_householdyear py ON py.household_id = h.id AND py.year = {year - 1}
          LEFT JOIN m ON m.household_id = h.id
          WHERE {region}
        )
        SELECT code, village_id, status, has_facts, electricity, housing_safe, income_pc, income_pc_prev,
          living, insured,
          coalesce(income_pc > {line}, FALSE) AND coalesce(housing_safe, FALSE) AND dropouts = 0
          AND living > 0 AND insured = living
          AND coalesce(water_safe AND water_quality_ok
                       AND (water_litres_per_day IS NULL OR water_litres_per_day >= 20)
                       AND (water_fetch_minutes IS NULL OR water_fetch_minutes <= 20)
                       AND (water_guarantee_rate IS NULL OR water_guarantee_rate >= 90), FALSE)
          AND coalesce(identification_year < {year}, FALSE) AS passed
        FROM f"""
    region_v = f"starts_with(vy.village_id, '{prefix}')" if prefix else "TRUE"
    villages = f"""
        CREATE OR REPLACE TEMP TABLE plain_v AS
        WITH a AS (
          SELECT village_id,
            sum(CASE WHEN status IN {STILL_POOR} AND NOT passed THEN living ELSE 0 END) AS still_poor,
            avg(CASE WHEN status IN {EXITED} THEN income_pc END) AS exited_income,
            avg(CASE WHEN status IN {EXITED} THEN income_pc_prev END) AS exited_income_prev
          FROM plain_h GROUP BY village_id
        )
        SELECT vy.village_id AS code,
          coalesce(coalesce(a.still_poor, 0) * 1.0 / nullif(vy.rural_population, 0) < 0.03, FALSE)
          AND coalesce(a.exited_income_prev / nullif(cyp.rural_income_per_capita, 0) IS NULL
                       OR a.exited_income / nullif(cy.rural_income_per_capita, 0)
                          > a.exited_income_prev / nullif(cyp.rural_income_per_capita, 0), FALSE)
          AND coalesce(vy.collective_income > 0, FALSE) AND coalesce(vy.hardened_road, FALSE)
          AND coalesce(vy.safe_water, FALSE) AND coalesce(vy.power, FALSE)
          AND coalesce(vy.standard_clinic, FALSE) AS passed
        FROM regions_villageyear vy
        LEFT JOIN a ON a.village_id = vy.village_id
        LEFT JOIN regions_countyyear cy ON cy.county_id = substr(vy.village_id, 1, 6) || '000000' AND cy.year = {year}
        LEFT JOIN regions_countyyear cyp
          ON cyp.county_id = substr(vy.village_id, 1, 6) || '000000' AND cyp.year = {year - 1}
        WHERE vy.year = {year} AND vy.is_poor_village AND {region_v}"""
    region_c = f"starts_with(cy.county_id, '{prefix}')" if prefix else "TRUE"
    counties = f"""
        CREATE OR REPLACE TEMP TABLE plain_c AS
        WITH a AS (
          SELECT substr(village_id, 1, 6) AS county6, sum(living) AS registered,
            sum(CASE WHEN status IN {STILL_POOR} AND NOT passed THEN living ELSE 0 END) AS still_poor,
            sum(CASE WHEN has_facts AND electricity THEN 1 ELSE 0 END) * 1.0
              / nullif(sum(CASE WHEN has_facts THEN 1 ELSE 0 END), 0) AS electricity_share,
            sum(CASE WHEN has_facts AND housing_safe THEN 1 ELSE 0 END) * 1.0
              / nullif(sum(CASE WHEN has_facts THEN 1 ELSE 0 END), 0) AS housing_share,
            sum(insured) * 1.0 / nullif(sum(living), 0) AS insured_share
          FROM plain_h GROUP BY 1
        ), v AS (
          SELECT substr(vy.village_id, 1, 6) AS county6, sum(vy.rural_population) AS rural_population,
            avg(CASE WHEN vy.hardened_road THEN 1.0 ELSE 0.0 END) AS road_share
          FROM regions_villageyear vy WHERE vy.year = {year} AND {region_v} GROUP BY 1
        )
        SELECT cy.county_id AS code,
          coalesce(coalesce(a.still_poor, 0) * 1.0 / nullif(v.rural_population, 0) < 0.03, FALSE)
          AND coalesce(cy.rural_income_per_capita / 10265 >= 0.7, FALSE)
          AND coalesce(v.road_share >= 0.97, FALSE) AND coalesce(cy.tap_water_coverage / 100.0 >= 0.9, FALSE)
          AND coalesce(a.electricity_share >= 1.0, FALSE) AND coalesce(a.housing_share >= 0.97, FALSE)
          AND coalesce(a.insured_share >= 1.0, FALSE) AS passed
        FROM regions_countyyear cy
        LEFT JOIN a ON a.county6 = substr(cy.county_id, 1, 6)
        LEFT JOIN v ON v.county6 = substr(cy.county_id, 1, 6)
        WHERE cy.year = {year} AND {region_c}"""
    return {"household": households, "village": villages, "county": counties}


PLAIN_TABLES = {"household": "plain_h", "village": "plain_v", "county": "plain_c"}


def plain_run(duck: Any, *, year: int, line: float, prefix: str) -> dict[str, tuple[float, int, int]]:
    """Run the plain statements in order; return seconds, entities and passed per level."""
    results = {}
    for level, sql in plain_sql(year=year, line=line, prefix=prefix).items():
        started = time.perf_counter()
        duck.execute(sql)
        seconds = time.perf_counter() - started
        entities, passed = duck.execute(
            f"SELECT count(*), count(*) FILTER (WHERE passed) FROM {PLAIN_TABLES[level]}"
        ).fetchone()
        results[level] = (seconds, int(entities), int(passed or 0))
    return results


def plain_disagreements(duck: Any, statement: Any, level: str) -> int:
    """Return how many entities the engine's statement judges differently from the plain tables."""
    sql = (
        f"SELECT count(*) FROM (SELECT code, passed FROM ({statement.sql}) s) e"
        f" FULL JOIN {PLAIN_TABLES[level]} p ON p.code = e.code WHERE e.passed IS DISTINCT FROM p.passed"
    )
    return int(duck.execute(sql, statement.params).fetchone()[0])


# -- database mode ---------------------------------------------------------------------------------


def run_db(args: argparse.Namespace) -> None:
    setup(args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from jingzhun.regions.models import Region, VillageYear
    from jingzhun.registry.models import Household, Member
    from jingzhun.standards import services
    from jingzhun.standards.choices import Engine, Level
    from jingzhun.standards.engines import ColumnarEngine, DatabaseEngine, count_sql
    from jingzhun.standards.models import EvaluationResult, EvaluationRun
    from jingzhun.standards.services import (
        evaluation_run,
        evaluation_runs,
        poverty_line_for,
        rules_resolve,
        ruleset_in_force,
        statement_for,
    )
    from jingzhun.standards.snapshot import snapshot_write

    if args.tiny:
        call_command("migrate", verbosity=0)
        if not Household.objects.exists():
            call_command("load_regions", verbosity=0)
            call_command("generate_demo", "--households", "300", "--replace", "--no-users", verbosity=0)
    region = Region.objects.get(code=args.region.ljust(12, "0"))
    ruleset = ruleset_in_force(year=args.year, region_code=region.code)
    households = Household.objects.in_region(args.region)
    total = households.count()
    members = Member.objects.filter(household__in=households).count()
    print(f"{connection.vendor}: {total:,} households, {members:,} members in {region.name}; rule set {ruleset.code}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(  # the results too: earlier runs of this script leave their deleted rows behind
                "VACUUM (ANALYZE) registry_household, registry_member, registry_householdyear,"
                " registry_householdmembercounts, standards_evaluationresult"
            )

    snapshot_seconds = None
    snapshot_dir = Path(args.snapshot_dir)
    line = float(poverty_line_for(year=args.year, region_code=region.code) or 0)
    plain: dict[str, tuple[float, int, int]] = {}
    disagreements: dict[str, int] = {}
    if args.columnar:
        snapshot_seconds, _ = timed(lambda: snapshot_write(path=snapshot_dir), 1)
        engine = ColumnarEngine(snapshot_dir)
        plain = plain_run(engine.duck, year=args.year, line=line, prefix=args.region)

    def results_vacuum() -> None:
        """Reclaim the deleted results (a server may run without autovacuum, as the benchmark machine does)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM standards_evaluationresult")

    rows = []
    loads: dict[str, float] = {}  # the machine's load average (1 minute) after each level's runs
    for level in (Level.HOUSEHOLD, Level.VILLAGE, Level.COUNTY):

        def end_to_end(level: str = level) -> Any:
            run = evaluation_run(user=None, ruleset=ruleset, level=level, year=args.year, region=region)
            EvaluationRun.objects.filter(pk=run.pk).delete()
            results_vacuum()  # outside the timing: the next run's inserts would find the dead rows
            return run

        db_seconds, run = timed(end_to_end, args.repeat)
        loads[level] = os.getloadavg()[0]
        statement, _ = statement_for(
            ruleset=ruleset, level=level, year=args.year, region_code=region.code, overrides=None,
            dialect=DatabaseEngine().dialect,
        )  # fmt: skip

        def compute(statement: Any = statement) -> Any:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET jit = off")
                cursor.execute(count_sql(statement), statement.params)
                return cursor.fetchone()

        compute_seconds, _ = timed(compute, args.repeat)
        columnar_seconds = None
        if args.columnar:
            columnar_statement, _ = statement_for(
                ruleset=ruleset, level=level, year=args.year, region_code=region.code, overrides=None,
                dialect=engine.dialect,
            )  # fmt: skip
            columnar_seconds, _ = timed(lambda s=columnar_statement, e=engine: e.count(s), args.repeat)
            disagreements[level] = plain_disagreements(engine.duck, columnar_statement, level)
        rows.append((level, run.entities, run.passed, db_seconds, compute_seconds, columnar_seconds))

    # A village or county run alone with its households evaluated first into a table (not stored).
    services.HOUSEHOLDS_FIRST_ALONE[Engine.DB] = True
    first: dict[str, float] = {}
    for level in (Level.VILLAGE, Level.COUNTY):

        def households_first(level: str = level) -> Any:
            run = evaluation_run(user=None, ruleset=ruleset, level=level, year=args.year, region=region)
            EvaluationRun.objects.filter(pk=run.pk).delete()
            results_vacuum()

        first[level], _ = timed(households_first, args.repeat)
    services.HOUSEHOLDS_FIRST_ALONE[Engine.DB] = False

    # The three levels together: households once (into a temporary table, then stored), villages
    # and counties from it.
    together: dict[str, list[float]] = {}
    together_entities: dict[str, tuple[int, int]] = {}

    def all_levels() -> None:
        runs = evaluation_runs(user=None, ruleset=ruleset, levels=list(Level), year=args.year, region=region)
        for run in runs:
            together.setdefault(run.level, []).append(run.seconds or 0.0)
            together_entities[run.level] = (run.entities, run.passed)
        EvaluationRun.objects.filter(pk__in=[r.pk for r in runs]).delete()
        results_vacuum()

    together_seconds, _ = timed(all_levels, args.repeat)
    loads["together"] = os.getloadavg()[0]

    # The naive loop, on a sample, scaled; and its verdicts against the engine's.
    resolved = rules_resolve(ruleset=ruleset, level=Level.VILLAGE)
    household_rules = resolved.by_level.get(Level.HOUSEHOLD, [])
    village_rules = resolved.by_level.get(Level.VILLAGE, [])
    codes = list(households.order_by("code").values_list("code", flat=True))
    sample_codes = codes[:: max(1, total // args.sample)][: args.sample]
    started = time.perf_counter()
    naive = naive_households(
        Household.objects.filter(code__in=sample_codes), household_rules, year=args.year, line=line
    )
    naive_household_seconds = (time.perf_counter() - started) / len(sample_codes) * total
    run = evaluation_run(user=None, ruleset=ruleset, level=Level.HOUSEHOLD, year=args.year, region=region)
    engine_verdicts = dict(
        EvaluationResult.objects.filter(run=run, code__in=sample_codes).values_list("code", "passed")
    )
    agree_households = sum(naive[c] == engine_verdicts[c] for c in sample_codes) / len(sample_codes)
    run.delete()

    villages = list(  # only poor villages exit (出列): the engine evaluates no others
        VillageYear.objects.filter(year=args.year, is_poor_village=True).in_region(args.region).order_by("village_id")
    )
    village_sample = villages[:: max(1, len(villages) // args.village_sample)][: args.village_sample]
    started = time.perf_counter()
    naive_v = naive_villages(village_sample, household_rules, village_rules, year=args.year, line=line)
    naive_village_seconds = (time.perf_counter() - started) / len(village_sample) * len(villages)
    naive_county_seconds = naive_village_seconds  # a county is its villages' households: the same loop
    run = evaluation_run(user=None, ruleset=ruleset, level=Level.VILLAGE, year=args.year, region=region)
    results = dict(EvaluationResult.objects.filter(run=run).values_list("code", "failed_rules"))
    agree_villages = sum(
        naive_v[code] == (not [r for r in results[code].split(";") if r and r != "income_growth"]) for code in naive_v
    ) / len(naive_v)
    run.delete()

    naive_seconds = {
        Level.HOUSEHOLD: naive_household_seconds,
        Level.VILLAGE: naive_village_seconds,
        Level.COUNTY: naive_county_seconds,
    }
    print()
    print(
        f"snapshot (Parquet, all tables): {snapshot_seconds:.2f} s"
        if snapshot_seconds
        else "snapshot: not measured (--columnar)"
    )
    print(
        f"{'level':<10}{'entities':>10}{'passed':>10}{'db end-to-end':>15}{'db compute':>12}{'columnar':>10}"
        f"{'naive (scaled)':>16}{'naive ÷ db':>12}{'load':>6}"
    )
    for level, entities, passed, db_s, compute_s, columnar_s in rows:
        naive_s = naive_seconds[level]
        columnar = f"{columnar_s:.3f}" if columnar_s is not None else "—"
        print(
            f"{level:<10}{entities:>10,}{passed:>10,}{db_s:>15.3f}{compute_s:>12.3f}{columnar:>10}"
            f"{naive_s:>16.1f}{naive_s / db_s:>11.0f}×{loads[level]:>6.1f}"
        )
    print()
    print(
        f"the three levels together (evaluation_runs, end to end {together_seconds:.3f} s, median of {args.repeat},"
        f" load {loads['together']:.1f}):"
    )
    print(
        f"{'level':<10}{'entities':>10}{'passed':>10}{'alone':>10}{'together':>10}{'households first':>18}"
        f"{'naive ÷ together':>18}"
    )
    for level, entities, passed, db_s, _c, _col in rows:
        same = "" if together_entities[level] == (entities, passed) else "  DISAGREE"
        run_s = statistics.median(together[level])
        first_s = f"{first[level]:.3f}" if level in first else "—"
        naive_ratio = naive_seconds[level] / run_s if run_s else 0
        print(
            f"{level:<10}{entities:>10,}{passed:>10,}{db_s:>10.3f}{run_s:>10.3f}{first_s:>18}"
            f"{naive_ratio:>17.0f}×{same}"
        )
    print("(together: each run's own seconds, compute and store; households first: a run alone, end to end)")
    print()
    print(f"naive sample: {len(sample_codes):,} households, {len(village_sample)} villages (with all their households)")
    print(f"agreement with the engine on the sample: households {agree_households:.2%}, villages {agree_villages:.2%}")
    if args.columnar:
        engine.close()
        print_plain(
            plain,
            {level: (entities, passed, columnar_s) for level, entities, passed, _d, _c, columnar_s in rows},
            disagreements,
        )
    print(f"peak memory of this process: {peak_rss_gib():.2f} GiB")


def print_plain(
    plain: dict[str, tuple[float, int, int]],
    engine: dict[str, tuple[int, int, float | None]],
    disagreements: dict[str, int],
) -> None:
    """Print the plain hand-written DuckDB baseline beside the columnar engine, and the ratio."""
    print()
    print(
        f"{'level':<10}{'plain DuckDB':>14}{'entities':>12}{'passed':>12}{'engine':>10}{'engine ÷ plain':>16}"
        f"{'differing verdicts':>20}"
    )
    for level, (plain_s, entities, passed) in plain.items():
        engine_entities, engine_passed, engine_s = engine[level]
        ratio = f"{engine_s / plain_s:.2f}×" if engine_s and plain_s else "—"
        print(
            f"{level:<10}{plain_s:>14.3f}{entities:>12,}{passed:>12,}{engine_s or 0:>10.3f}{ratio:>16}"
            f"{disagreements.get(level, 0):>20,}"
        )
        if (entities, passed) != (engine_entities, engine_passed) or disagreements.get(level):
            print(f"  {level}: the plain baseline and the engine DISAGREE")
    plain_total = sum(v[0] for v in plain.values())
    engine_total = sum(v[2] or 0 for v in engine.values())
    print(
        f"all three levels: plain {plain_total:.3f} s, engine {engine_total:.3f} s, "
        f"ratio engine ÷ plain {engine_total / plain_total:.2f}× (below 1 = the engine is faster)"
    )


# -- national mode: a synthetic registry in Parquet, evaluated by DuckDB ----------------------------

HOUSEHOLDS_PER_VILLAGE = 60
VILLAGES_PER_COUNTY = 175


def national_write(path: Path, households: int) -> float:
    """Write a synthetic national snapshot with the schema of ``snapshot_write``; return seconds."""
    import duckdb

    from jingzhun.standards.snapshot import MANIFEST, MEMBER_AGGREGATES_SQL

    started = time.perf_counter()
    path.mkdir(parents=True, exist_ok=True)
    villages = max(1, households // HOUSEHOLDS_PER_VILLAGE)
    duck = duckdb.connect()
    duck.execute("SET threads = 2")
    duck.execute("SET preserve_insertion_order = false")

    def village_code(index: str) -> str:
        county = f"({index}) // {VILLAGES_PER_COUNTY}"
        within = f"({index}) % {VILLAGES_PER_COUNTY}"
        return (
            f"'1' || lpad(CAST({county} AS VARCHAR), 5, '0') || lpad(CAST({within} // 25 + 1 AS VARCHAR), 3, '0')"
            f" || lpad(CAST({within} % 25 + 1 AS VARCHAR), 3, '0')"
        )

    def u(seed: int, column: str = "i") -> str:  # a uniform [0, 1) draw per row, deterministic
        return f"((hash({column} * 7919 + {seed}) % 1000000) / 1000000.0)"

    tables = {
        "registry_household": f"""
            SELECT i + 1 AS id, 'H' || CAST(i AS VARCHAR) AS code,
              {village_code(f"i // {HOUSEHOLDS_PER_VILLAGE}")} AS village_id,
              CASE WHEN {u(1)} < 0.70 THEN '1' WHEN {u(1)} < 0.97 THEN '0' ELSE '3' END AS status,
              3 AS size, CAST(2014 + floor({u(2)} * 6) AS BIGINT) AS identification_year,
              CAST(2016 + floor({u(3)} * 5) AS BIGINT) AS planned_exit_year, CAST(NULL AS BIGINT) AS exit_year,
              '01' AS attribute, '01' AS main_cause
            FROM range({households}) t(i)""",
        "registry_member": f"""
            SELECT i + 1 AS id, i // 3 + 1 AS household_id,
              DATE '1940-01-01' + CAST(floor({u(4)} * 28000) AS INTEGER) AS birth_date,
              CASE WHEN {u(5)} < 0.5 THEN '1' ELSE '2' END AS sex,
              CASE WHEN i % 3 = 0 THEN '01' ELSE '03' END AS relation,
              '1' AS health, '1' AS labour,
              CASE WHEN {u(6)} < 0.995 THEN '03' ELSE '' END AS school_status, '' AS dropout_reason,
              {u(7)} < 0.998 AS medical_insurance, {u(8)} < 0.998 AS serious_illness_insurance,
              false AS dibao, false AS tekun, CAST(NULL AS BIGINT) AS migrant_months,
              {u(9)} < 0.01 AS deceased, false AS moved_out
            FROM range({households * 3}) t(i)""",
        "registry_householdyear": f"""
            SELECT i + 1 AS id, i + 1 AS household_id, 2019 AS year,
              round(6000 + {u(10)} * 30000, 2) AS wage_income, 0.0 AS business_income, 0.0 AS property_income,
              0.0 AS transfer_income, 0.0 AS production_cost,
              round(6000 + {u(10)} * 30000, 2) AS net_income, 0.0 AS excluded_transfer_income,
              CAST(NULL AS DECIMAL(12, 2)) AS declared_income_per_capita,
              true AS food_clothing_secure, CASE WHEN {u(11)} < 0.985 THEN 'A' ELSE 'C' END AS housing_rating,
              false AS relocated, false AS relocation_moved_in, {u(12)} < 0.99 AS water_safe,
              true AS water_quality_ok, CAST(NULL AS BIGINT) AS water_litres_per_day,
              CAST(NULL AS BIGINT) AS water_fetch_minutes, CAST(NULL AS DOUBLE) AS water_guarantee_rate,
              {u(13)} < 0.999 AS electricity
            FROM range({households}) t(i)""",
        "regions_villageyear": f"""
            SELECT {village_code("i")} AS village_id, 2019 AS year, 1500 AS rural_population,
              {u(14)} < 0.3 AS is_poor_village, false AS is_deep_poverty_village, {u(15)} < 0.97 AS hardened_road,
              {u(16)} < 0.97 AS safe_water, true AS power, {u(17)} < 0.95 AS standard_clinic,
              round({u(18)} * 10, 2) AS collective_income, true AS broadband, CAST(NULL AS BIGINT) AS planned_exit_year
            FROM range({villages}) t(i)""",
        "regions_countyyear": f"""
            SELECT '1' || lpad(CAST(i AS VARCHAR), 5, '0') || '000000' AS county_id, 2019 AS year,
              true AS is_poor_county, 2019 AS planned_exit_year,
              round(8000 + {u(19)} * 4000) AS rural_income_per_capita,
              round(85 + {u(20)} * 14, 1) AS tap_water_coverage, round({u(21)} * 2.5, 1) AS wrong_exit_rate,
              round({u(22)} * 2.5, 1) AS missed_rate, round(88 + {u(23)} * 11, 1) AS recognition_rate
            FROM range({(villages + VILLAGES_PER_COUNTY - 1) // VILLAGES_PER_COUNTY}) t(i)""",
    }
    # The per-household member aggregates, counted from the members as ``snapshot_write`` counts them.
    members = f"read_parquet('{path / 'registry_member.parquet'}')"
    tables["registry_householdmembercounts"] = (
        MEMBER_AGGREGATES_SQL.replace("FROM registry_member", f"FROM {members}") + " ORDER BY household_id"
    )
    for table, sql in tables.items():
        target = str(path / f"{table}.parquet")
        duck.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)")
        print(f"  wrote {table}")
    (path / MANIFEST).write_text('{"synthetic": true}', encoding="utf-8")
    duck.close()
    return time.perf_counter() - started


def run_national(args: argparse.Namespace) -> None:
    setup(None)
    from jingzhun.standards import shipped
    from jingzhun.standards.choices import Level
    from jingzhun.standards.compiler import DUCKDB, RuleSpec, statement_compile
    from jingzhun.standards.engines import HOUSEHOLDS_KEPT, ColumnarEngine

    path = Path(args.dir)
    if not (args.reuse and (path / "registry_member.parquet").exists()):
        print(f"writing a synthetic national snapshot of {args.households:,} households to {path} …")
        print(f"  {national_write(path, args.households):.1f} s")
    ruleset = next(r for r in shipped.RULESETS if r["code"] == "shaanxi-2017-577")
    rules: dict[str, list[RuleSpec]] = {}
    for rule in ruleset["rules"]:
        defaults = {name: spec["default"] for name, spec in rule["parameters"].items()}
        rules.setdefault(rule["level"], []).append(
            RuleSpec(rule["code"], rule["name"], rule["veto"], rule["expression"], defaults)
        )
    engine = ColumnarEngine(path, threads=args.threads, memory_limit=args.memory_limit)

    def compile_level(level: str, **options: Any) -> Any:
        return statement_compile(
            rules=rules, level=level, year=2019, region_prefix="", dialect=DUCKDB, poverty_lines={"": 3747}, **options
        )

    print("each level alone (households evaluated again inside the village and county statements):")
    print(f"{'level':<10}{'entities':>14}{'passed':>14}{'seconds':>10}{'peak GiB':>10}")
    alone: dict[str, tuple[int, int, float | None]] = {}
    statements = {}
    for level in (Level.HOUSEHOLD, Level.VILLAGE, Level.COUNTY):
        statement = statements[level] = compile_level(level)
        seconds, (entities, passed) = timed(lambda s=statement: engine.count(s), args.repeat)
        alone[level] = (entities, passed, seconds)
        print(f"{level:<10}{entities:>14,}{passed:>14,}{seconds:>10.1f}{peak_rss_gib():>10.2f}")
    plain = plain_run(engine.duck, year=2019, line=3747.0, prefix="")
    disagreements = {level: plain_disagreements(engine.duck, statements[level], level) for level in statements}
    print_plain(plain, alone, disagreements)

    # The three levels together: households once into a table, villages and counties from it.
    print("\nthe three levels together (villages and counties from the kept household results):")
    print(f"{'level':<10}{'entities':>14}{'passed':>14}{'seconds':>10}{'alone ÷ together':>18}{'peak GiB':>10}")
    results: dict[str, tuple[int, int, float | None]] = {}
    kept: dict[str, Any] = {}

    def households_together() -> tuple[int, int]:
        engine.households_keep(compile_level(Level.HOUSEHOLD, figures=True))
        kept[Level.HOUSEHOLD] = compile_level(Level.HOUSEHOLD, households_from=HOUSEHOLDS_KEPT)
        return engine.count(kept[Level.HOUSEHOLD])

    for level in (Level.HOUSEHOLD, Level.VILLAGE, Level.COUNTY):
        if level == Level.HOUSEHOLD:
            seconds, (entities, passed) = timed(households_together, args.repeat)
        else:
            statement = kept[level] = compile_level(level, households_from=HOUSEHOLDS_KEPT)
            seconds, (entities, passed) = timed(lambda s=statement: engine.count(s), args.repeat)
        results[level] = (entities, passed, seconds)
        ratio = (alone[level][2] or 0) / seconds if seconds else 0
        print(f"{level:<10}{entities:>14,}{passed:>14,}{seconds:>10.2f}{ratio:>17.1f}×{peak_rss_gib():>10.2f}")
    disagreements = {level: plain_disagreements(engine.duck, kept[level], level) for level in kept}
    engine.close()
    print_plain(plain, results, disagreements)
    if args.spark:
        run_spark(path, rules, results, threads=args.threads)
    print(f"peak memory of this process: {peak_rss_gib():.2f} GiB")


def run_spark(path: Path, rules: Any, columnar: dict[str, tuple[int, int, float | None]], *, threads: int) -> None:
    """Time the same rules on Spark (local mode, ``threads`` cores) over the same snapshot; compare the counts."""
    from jingzhun.standards.compiler import statement_compile
    from jingzhun.standards.spark import SPARK, SparkEngine, spark_session

    started = time.perf_counter()
    engine = SparkEngine(path, session=spark_session(threads=threads, partitions=threads * 4))
    print(f"\nSpark (local[{threads}]) session and snapshot views: {time.perf_counter() - started:.1f} s")
    print(f"{'level':<10}{'entities':>14}{'passed':>14}{'seconds':>10}{'Spark ÷ DuckDB engine':>24}")
    for level in columnar:
        spark_statement = statement_compile(
            rules=rules, level=level, year=2019, region_prefix="", dialect=SPARK, poverty_lines={"": 3747}
        )
        seconds, (entities, passed) = timed(lambda s=spark_statement: engine.count(s), 1)
        duck_entities, duck_passed, duck_seconds = columnar[level]
        same = "" if (entities, passed) == (duck_entities, duck_passed) else "  Spark and DuckDB DISAGREE"
        print(f"{level:<10}{entities:>14,}{passed:>14,}{seconds:>10.1f}{seconds / (duck_seconds or 1):>23.1f}×{same}")
    engine.close()
    engine.session.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    modes = parser.add_subparsers(dest="mode", required=True)
    db = modes.add_parser("db", help="evaluate the registry in a database")
    db.add_argument("--database-url", required=True)
    db.add_argument("--region", default="6109")
    db.add_argument("--year", type=int, default=2019)
    db.add_argument("--repeat", type=int, default=3)
    db.add_argument("--sample", type=int, default=2000, help="households in the naive sample")
    db.add_argument("--village-sample", type=int, default=20, help="villages in the naive sample")
    db.add_argument("--columnar", action="store_true", help="also snapshot and evaluate with DuckDB")
    db.add_argument("--snapshot-dir", default=str(ROOT / "benchmarks" / "results" / "snapshot"))
    db.add_argument("--tiny", action="store_true", help="a 300-household demo if the database has none (a smoke run)")
    national = modes.add_parser("national", help="a synthetic national registry in DuckDB")
    national.add_argument("--households", type=int, default=30_000_000)
    national.add_argument("--dir", default=str(ROOT / "benchmarks" / "results" / "national"))
    national.add_argument("--reuse", action="store_true")
    national.add_argument("--repeat", type=int, default=1)
    national.add_argument("--threads", type=int, default=2)
    national.add_argument("--memory-limit", default="14GB")
    national.add_argument("--tiny", action="store_true", help="30,000 households in a temporary directory")
    national.add_argument("--spark", action="store_true", help="also run the rules on Spark (local mode)")
    args = parser.parse_args()
    if args.tiny and args.mode == "db":
        args.repeat, args.sample, args.village_sample, args.columnar = 1, 50, 3, True
        args.snapshot_dir = tempfile.mkdtemp(prefix="jingzhun-snapshot-")
    elif args.tiny:
        args.households, args.reuse, args.dir = 30_000, False, tempfile.mkdtemp(prefix="jingzhun-national-")
    run_db(args) if args.mode == "db" else run_national(args)


if __name__ == "__main__":
    main()
