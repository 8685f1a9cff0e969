"""``demo_generate``: plan the demo, build its rows and load them in bulk.

Rows are plain tuples written with COPY (PostgreSQL) or executemany (SQLite) inside one
transaction, so the load is all-or-nothing and no per-row signal or audit event fires;
one audit event records the whole load afterwards.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models import Max
from django.db.models.deletion import CASCADE, DO_NOTHING, SET_NULL, get_candidate_relations_to_delete
from django.utils.translation import gettext as _

from jingzhun.core.audit import record_event
from jingzhun.core.bulk import RowWriter
from jingzhun.core.regioncodes import pad_code, prefix_q
from jingzhun.regions.models import CountyYear, Region, VillageYear
from jingzhun.registry.demo import calibration as cal
from jingzhun.registry.demo import names
from jingzhun.registry.demo.households import HouseholdBuilder, Output, Truth
from jingzhun.registry.demo.plan import DemoPlan, build_plan
from jingzhun.registry.demo.plant import plant_select, truth_write
from jingzhun.registry.models import Household, HouseholdYear, Member

SCALES = ("city", "province")
BATCH_HOUSEHOLDS = 5000
Progress = Callable[[str, int, int], None]


class DemoError(Exception):
    """The demo cannot be generated as asked; the message says why (in Chinese)."""


@dataclass
class DemoResult:
    scale: str
    seed: int
    year: int
    region_name: str
    households: int = 0
    members: int = 0
    living_members: int = 0
    household_years: int = 0
    village_years: int = 0
    county_years: int = 0
    deleted_households: int = 0
    people_by_planned_year: dict[int, int] = field(default_factory=dict)
    households_by_planned_year: dict[int, int] = field(default_factory=dict)
    villages_by_planned_year: dict[int, int] = field(default_factory=dict)
    poor_villages: int = 0
    deep_poverty_villages: int = 0
    rural_population: int = 0
    planted: dict[str, int] = field(default_factory=dict)
    truth_files: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    truth: Truth = field(default_factory=Truth, repr=False)


def demo_generate(
    *,
    scale: str = "city",
    households: int | None = None,
    seed: int = 2017,
    year: int = cal.DEFAULT_YEAR,
    plant_errors: Path | None = None,
    replace: bool = False,
    progress: Progress | None = None,
    using: str = DEFAULT_DB_ALIAS,
) -> DemoResult:
    """Generate the demo registry at ``scale`` and return what was written.

    Raise DemoError if the scale or year is not supported, or if the demo's region already
    holds registry rows and ``replace`` is false.
    """
    started = time.perf_counter()
    if scale == "national":
        raise DemoError(_("全国规模的合成登记数据由性能测试的快照工具生成，本命令只生成市级和省级演示数据。"))
    if scale not in SCALES:
        raise DemoError(_("未知的规模“%(scale)s”，应为 city 或 province。") % {"scale": scale})
    if not cal.MIN_YEAR <= year <= cal.MAX_YEAR:
        raise DemoError(_("演示年度应在 %(first)s–%(last)s 之间。") % {"first": cal.MIN_YEAR, "last": cal.MAX_YEAR})
    if households is not None and households < 1:
        raise DemoError(_("户数必须大于 0。"))
    report = progress or (lambda stage, done, total: None)

    if not Region.objects.using(using).exists():
        from jingzhun.regions.services import regions_load

        regions_load()
    plan = build_plan(scale=scale, seed=seed, year=year, households=households)
    duplicates: dict[int, int] = {}
    if plant_errors is not None:
        try:
            duplicates = plant_select(plan.households, seed=seed)
        except ValueError as exc:
            raise DemoError(
                _("户数太少，无法埋设每一类错误（%(error)s），请增加 --households。") % {"error": exc}
            ) from None
    result = DemoResult(scale=scale, seed=seed, year=year, region_name=plan.region_name)

    connection = connections[using]
    with transaction.atomic(using=using):
        existing_households, existing_years = _existing(plan, using)
        if (existing_households or existing_years) and not replace:
            raise DemoError(
                _("%(region)s已有登记数据（%(households)s 户）或村、县年度数据；如需替换，请加 --replace。")
                % {"region": plan.region_name, "households": existing_households}
            )
        if existing_households or existing_years:
            result.deleted_households = _delete_region(plan, using)
            record_event(
                action="bulk",
                model_label="registry.Household",
                object_pk="demo",
                object_repr=f"演示数据替换：删除{plan.region_name}登记数据 {result.deleted_households} 户",
                region_code=plan.region_code,
                reason="generate_demo --replace",
            )
        _tune(connection)
        result.village_years, result.county_years = _load_region_years(plan, using)
        _load_registry(plan, duplicates, result, report, using)
        _reset_sequences(connection)
        _analyze(connection)
        result.seconds = time.perf_counter() - started
        record_event(
            action="bulk",
            model_label="registry.Household",
            object_pk="demo",
            object_repr=f"演示数据生成：{plan.region_name} {result.households} 户 {result.members} 人",
            region_code=plan.region_code,
            after={
                "scale": scale,
                "seed": seed,
                "year": year,
                "households": result.households,
                "members": result.members,
                "household_years": result.household_years,
                "village_years": result.village_years,
                "county_years": result.county_years,
                "planted": result.planted,
            },
            reason=f"generate_demo --scale {scale} --seed {seed} --year {year}"
            + (f" --households {households}" if households is not None else "")
            + (" --plant-errors" if plant_errors is not None else ""),
        )
    _vacuum(connection)
    if plant_errors is not None:
        result.truth_files = [plant_errors, *truth_write(plant_errors, result.truth)]
    result.seconds = time.perf_counter() - started
    return result


def _existing(plan: DemoPlan, using: str) -> tuple[int, bool]:
    """Return the households and whether village or county year rows exist in the demo's region."""
    households = Household.objects.using(using).filter(prefix_q("village_id", plan.prefix)).count()
    years = (
        VillageYear.objects.using(using).filter(prefix_q("village_id", plan.prefix)).exists()
        or CountyYear.objects.using(using).filter(prefix_q("county_id", plan.prefix)).exists()
    )
    return households, years


def _delete_region(plan: DemoPlan, using: str) -> int:
    """Delete the registry and year rows of the demo's region without per-row signals."""
    households = Household.objects.using(using).filter(prefix_q("village_id", plan.prefix))
    count = households.count()
    _raw_delete(households, using)
    _raw_delete(VillageYear.objects.using(using).filter(prefix_q("village_id", plan.prefix)), using)
    _raw_delete(CountyYear.objects.using(using).filter(prefix_q("county_id", plan.prefix)), using)
    return count


def _raw_delete(queryset: models.QuerySet[Any], using: str) -> int:
    """Delete ``queryset`` and what cascades from it in a few set-based statements.

    Follow the model's reverse relations like Django's collector, but without loading
    rows or sending signals (the audit receivers would write one event per row). Raise
    DemoError if a protected row refers to the rows being deleted.
    """
    model = queryset.model
    relation: Any
    for relation in get_candidate_relations_to_delete(model._meta):
        related = relation.related_model._base_manager.using(using).filter(
            **{f"{relation.field.name}__in": queryset.values(relation.field.target_field.attname)}
        )
        on_delete = relation.field.remote_field.on_delete
        if on_delete is CASCADE:
            _raw_delete(related, using)
        elif on_delete is SET_NULL:
            related.update(**{relation.field.name: None})
        elif on_delete is not DO_NOTHING and related.exists():
            raise DemoError(
                _("无法替换演示数据：%(model)s 中仍有记录引用这些数据。") % {"model": related.model._meta.verbose_name}
            )
    return queryset._raw_delete(using)


def _tune(connection: Any) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache for the bulk load


def _analyze(connection: Any) -> None:
    tables = [m._meta.db_table for m in (Household, Member, HouseholdYear, VillageYear, CountyYear)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute("ANALYZE " + connection.ops.quote_name(table))
        else:
            cursor.execute("ANALYZE")


def _vacuum(connection: Any) -> None:
    """On PostgreSQL, VACUUM the new tables (outside the transaction) so index-only scans work at once.

    Without it the visibility map is empty until autovacuum gets round to the tables, and
    the dashboard's covering indexes cannot be used alone.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    tables = [m._meta.db_table for m in (Household, Member, HouseholdYear, VillageYear, CountyYear)]
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _reset_sequences(connection: Any) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), [Household, Member, HouseholdYear])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _load_region_years(plan: DemoPlan, using: str) -> tuple[int, int]:
    """Write VillageYear rows (2016 to the current year) and CountyYear rows (2015 on)."""
    year = plan.year
    drift = {2016: 1.004, 2017: 1.0, 2018: 0.996, 2019: 0.992, 2020: 0.988}
    village_rows = []
    for village in plan.villages:
        for y in range(cal.FIRST_VILLAGE_YEAR, year + 1):
            income = Decimal("0.00")
            if y >= village.income_start:
                amount = village.income_base * (1 + 0.6 * (y - village.income_start))
                income = Decimal(f"{amount:.2f}")
            facts = {fact: y >= first for fact, first in village.fact_years.items()}
            village_rows.append(
                VillageYear(
                    village_id=village.code,
                    year=y,
                    rural_population=max(1, round(village.population * drift[y])),
                    is_poor_village=village.poor,
                    is_deep_poverty_village=village.deep,
                    collective_income=income,
                    planned_exit_year=village.planned_exit_in(y),
                    **facts,
                )
            )
    VillageYear.objects.using(using).bulk_create(village_rows, batch_size=2000)
    county_rows = []
    for county in plan.counties:
        for y in range(cal.FIRST_COUNTY_YEAR, year + 1):
            rng = random.Random(f"{plan.seed}-{county.code}-{y}")
            # Sample verification (三率一度) happens in the year a county applies to exit.
            assessed = county.planned_exit_year is not None and y >= county.planned_exit_year
            county_rows.append(
                CountyYear(
                    county_id=pad_code(county.code),
                    year=y,
                    is_poor_county=county.poor,
                    is_deep_poverty_county=county.deep,
                    planned_exit_year=county.planned_exit_year,
                    rural_income_per_capita=Decimal(round(cal.RURAL_INCOME[y] * county.income_factor)),
                    tap_water_coverage=Decimal(f"{min(99.0, 78 + 5 * (y - 2015) + rng.uniform(-3, 3)):.1f}"),
                    wrong_exit_rate=Decimal(f"{rng.uniform(0.2, 1.6):.1f}") if assessed else None,
                    missed_rate=Decimal(f"{rng.uniform(0.1, 1.2):.1f}") if assessed else None,
                    recognition_rate=Decimal(f"{rng.uniform(92, 98.5):.1f}") if assessed else None,
                )
            )
    CountyYear.objects.using(using).bulk_create(county_rows, batch_size=2000)
    return len(village_rows), len(county_rows)


def _load_registry(
    plan: DemoPlan, duplicates: dict[int, int], result: DemoResult, report: Progress, using: str
) -> None:
    connection = connections[using]
    first_ids = tuple(
        (model.objects.using(using).aggregate(top=Max("id"))["top"] or 0) + 1
        for model in (Household, Member, HouseholdYear)
    )
    builder = HouseholdBuilder(
        seed=plan.seed,
        year=plan.year,
        villages={v.code: v for v in plan.villages},
        county_names={c.code: c.name for c in plan.counties},
        township_names=plan.townships,
        first_ids=first_ids,  # type: ignore[arg-type]
        adapt_datetime=connection.ops.adapt_datetimefield_value,
        duplicates=duplicates,
    )
    writers = (
        RowWriter(connection, Household, builder.HOUSEHOLD_FIELDS),
        RowWriter(connection, Member, builder.MEMBER_FIELDS),
        RowWriter(connection, HouseholdYear, builder.YEAR_FIELDS),
    )
    total = len(plan.households)
    report("households", 0, total)
    out = Output()
    for start in range(0, total, BATCH_HOUSEHOLDS):
        batch = plan.households[start : start + BATCH_HOUSEHOLDS]
        for household in batch:
            builder.build(household, out)
        writers[0].write(out.households)
        writers[1].write(out.members)
        writers[2].write(out.years)
        result.households += len(out.households)
        result.members += len(out.members)
        result.household_years += len(out.years)
        out = Output()
        report("households", len(batch), total)

    _add_decoys(builder, plan)
    result.people_by_planned_year = dict(sorted(builder.people_by_cohort.items()))
    result.living_members = sum(builder.people_by_cohort.values())
    by_year: dict[int, int] = {}
    for household in plan.households:
        by_year[household.cohort] = by_year.get(household.cohort, 0) + 1
    result.households_by_planned_year = dict(sorted(by_year.items()))
    villages: dict[int, int] = {}
    for village in plan.villages:
        for y in range(cal.FIRST_VILLAGE_YEAR, plan.year + 1):
            if village.planned_exit_in(y) == y:
                villages[y] = villages.get(y, 0) + 1
    result.villages_by_planned_year = dict(sorted(villages.items()))
    result.poor_villages = sum(v.poor for v in plan.villages)
    result.deep_poverty_villages = sum(v.deep for v in plan.villages)
    result.rural_population = sum(v.population for v in plan.villages)
    planted: dict[str, int] = {}
    for kind, _entity, _code, _detail in builder.truth.rows:
        planted[kind] = planted.get(kind, 0) + 1
    result.planted = dict(sorted(planted.items()))
    result.truth = builder.truth


def _add_decoys(builder: HouseholdBuilder, plan: DemoPlan) -> None:
    """Add people outside the registry to the comparison lists (they must match nobody)."""
    truth = builder.truth
    if not truth.rows:
        return
    rng = random.Random(f"{plan.seed}:decoys")
    counties = sorted(c.code for c in plan.counties)
    for _i in range(max(3, len(truth.deaths) // 4)):
        county = rng.choice(counties)
        birth = builder.family.birth(rng, rng.randint(60, 95))
        number = builder.ids.new(rng, cal.LEGACY_ADDRESS_CODES.get(county, county), birth, rng.choice("12"))
        day = f"{plan.year}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        truth.deaths.append((number, "非在册人员", day, "公安户籍注销"))
    for _i in range(max(5, 3 * len(truth.payroll))):
        county = rng.choice(counties)
        birth = builder.family.birth(rng, rng.randint(23, 58))
        number = builder.ids.new(rng, cal.LEGACY_ADDRESS_CODES.get(county, county), birth, rng.choice("12"))
        unit = builder.county_names[county] + rng.choice(("人民政府", "教育体育局", "人民医院", "财政局"))
        name = names.surname(rng) + names.given_name(rng, female=number[16] in "02468", birth_year=birth.year)
        truth.payroll.append((number, name, unit))
