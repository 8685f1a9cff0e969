"""Data-quality checks scored against planted errors: recall, precision, time per 100,000 members.

Usage: python benchmarks/quality_checks.py --database-url URL [--households N] [--reuse]
                                           [--truth results/quality/TRUTH.csv] [--sample 2000] [--tiny]

``--tiny`` (300 households, a baseline of 30, truth files in a temporary directory) is what
the test suite runs to keep the script working.

1. generates the Ankang demo (``--households`` scales it down) with ``--plant-errors``,
   which writes TRUTH.csv and the comparison lists TRUTH_deaths.csv and TRUTH_payroll.csv
   (``--reuse`` keeps a demo and truth files from an earlier run);
2. imports the two lists as comparison lists (deaths, public payroll), then runs the whole
   catalogue over the city for the demo's year, from an empty findings table;
3. scores the findings of the check(s) that target each planted kind (the mapping is
   below, not in the application): recall = planted found / planted, precision = planted
   found / findings of those checks;
4. the baseline: a naive loop over a sample of households in Python (one query for the
   members, one for the year's facts, one per member for duplicates), evaluating a subset
   of the checks row by row; its time per 100,000 members against the set-based run's.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Planted kind (jingzhun/registry/demo/plant.py) → the check codes that target it.
KIND_CHECKS: dict[str, tuple[str, ...]] = {
    "no_head": ("HH-01",),
    "exited_below_line": ("EX-02",),
    "exited_in_identification_year": ("EX-01",),
    "migrant_months_wages_mismatch": ("IN-03",),
    "head_spouse_same_sex": ("HH-03",),
    "education_cause_no_student": ("CA-02",),
    "duplicate_id_across_households": ("DUP-01", "DUP-02"),
    "sex_mismatch": ("ID-05",),
    "public_payroll_member": ("CMP-05",),
    "excel_mangled_id": ("ID-04",),
    "illness_cause_all_healthy": ("CA-01",),
    "deceased_still_counted": ("MB-01",),
    "deceased_counted": ("CMP-01",),
    "bad_checksum": ("ID-01",),
    "birth_date_mismatch": ("ID-06",),
    "size_mismatch": ("HH-04",),
    "no_helper": ("HP-01",),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--households", type=int, default=None, help="scale the city demo down to N households")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--truth", default=str(ROOT / "benchmarks" / "results" / "quality" / "TRUTH.csv"))
    parser.add_argument("--reuse", action="store_true", help="keep the demo and truth files of an earlier run")
    parser.add_argument("--sample", type=int, default=2000, help="households in the naive baseline")
    parser.add_argument("--tiny", action="store_true", help="300 households, a baseline of 30 (a smoke run)")
    args = parser.parse_args()
    if args.tiny:
        args.households, args.sample, args.reuse = 300, 30, False
        args.truth = str(Path(tempfile.mkdtemp(prefix="jingzhun-quality-")) / "TRUTH.csv")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from jingzhun.accounts.models import User
    from jingzhun.quality import services
    from jingzhun.quality.management.commands.check_quality import findings_csv_rows
    from jingzhun.quality.models import CheckRun, ComparisonList, Finding
    from jingzhun.registry.models import Household, Member

    truth = Path(args.truth)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    if not (args.reuse and truth.exists() and Household.objects.exists()):
        call_command("load_regions", verbosity=0)
        started = time.perf_counter()
        options = ["--scale", "city", "--year", str(args.year), "--plant-errors", str(truth), "--replace"]
        if args.households:
            options += ["--households", str(args.households)]
        call_command("generate_demo", *options, verbosity=0)
        print(f"demo generated in {time.perf_counter() - started:.1f} s")
    households, members = Household.objects.count(), Member.objects.count()
    print(f"registry: {households:,} households, {members:,} members")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # Fresh state: no findings, no lists; then the two lists the demo wrote.
    Finding.objects.all().delete()
    CheckRun.objects.all().delete()
    ComparisonList.objects.all().delete()
    user = User.objects.filter(role="city").first() or User.objects.create(
        username="quality-bench", role="city", region_id="610900000000"
    )
    for kind, suffix, source in (("deaths", "_deaths", "市公安局、民政局"), ("payroll", "_payroll", "市财政局")):
        path = truth.with_name(f"{truth.stem}{suffix}{truth.suffix}")
        started = time.perf_counter()
        with path.open("rb") as handle:
            outcome = services.comparison_list_import(
                user=user,
                file=handle,
                filename=path.name,
                kind=kind,
                list_date=datetime.date(args.year, 12, 31),
                source=source,
            )
        if outcome.errors:
            raise SystemExit(f"{path.name}: {outcome.errors[:5]}")
        print(
            f"list {kind}: {outcome.rows:,} rows, {outcome.matched:,} match members, "
            f"imported in {time.perf_counter() - started:.2f} s"
        )

    run = services.quality_run_create(user=None, region_code="610900000000", year=args.year)
    started = time.perf_counter()
    services.quality_run_execute(run=run)
    seconds = time.perf_counter() - started
    print(
        f"whole catalogue ({len(run.counts)} checks run, {len(run.unavailable)} unavailable: "
        f"{', '.join(sorted(run.unavailable)) or '—'}): {seconds:.2f} s, "
        f"{run.total:,} hits, {Finding.objects.count():,} findings; "
        f"{seconds / members * 100_000:.2f} s per 100,000 members"
    )
    slowest = sorted(run.timings.items(), key=lambda item: -item[1])[:8]
    print("slowest: " + ", ".join(f"{code} {t:.2f} s" for code, t in slowest))

    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for check, entity, code, _severity, _message in findings_csv_rows(run.pk):
        found[check].add((entity, code))
    planted: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with truth.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            planted[row["kind"]].add((row["entity"], row["code"]))

    print(
        f"\n{'planted kind':34} {'checks':14} {'planted':>7} {'found':>6} {'alarms':>7} {'recall':>8} {'precision':>9}"
    )
    worst_recall = worst_precision = Decimal(1)
    for kind in sorted(planted):
        codes = KIND_CHECKS.get(kind)
        if codes is None:
            print(f"{kind:34} (no check mapped)")
            worst_recall = Decimal(0)
            continue
        reported = set().union(*(found[c] for c in codes))
        hit = planted[kind] & reported
        recall = Decimal(len(hit)) / len(planted[kind])
        precision = Decimal(len(hit)) / len(reported) if reported else Decimal(0)
        worst_recall, worst_precision = min(worst_recall, recall), min(worst_precision, precision)
        print(
            f"{kind:34} {','.join(codes):14} {len(planted[kind]):7} {len(hit):6} {len(reported) - len(hit):7} "
            f"{recall:8.1%} {precision:9.1%}"
        )
    print(f"lowest recall {worst_recall:.1%}, lowest precision {worst_precision:.1%}")
    others = {c: n for c, n in sorted(run.counts.items()) if not any(c in v for v in KIND_CHECKS.values()) and n}
    print("other checks that fired on the demo: " + (", ".join(f"{c} {n}" for c, n in others.items()) or "none"))

    naive_seconds, naive_members = _naive_baseline(args.sample, args.year)
    naive_per_100k = naive_seconds / naive_members * 100_000
    set_per_100k = seconds / members * 100_000
    print(
        f"\nbaseline (naive per-household Python loop, 15 of the checks, {args.sample:,} households / "
        f"{naive_members:,} members): {naive_seconds:.2f} s = {naive_per_100k:.1f} s per 100,000 members"
    )
    print(
        f"set-based whole catalogue: {set_per_100k:.2f} s per 100,000 members; "
        f"ratio {naive_per_100k / set_per_100k:.1f}×"
    )


def _naive_baseline(sample: int, year: int) -> tuple[float, int]:
    """Evaluate some checks the naive way: a loop over households and members, queries inside."""
    from jingzhun.core.idnumbers import parse_id_number
    from jingzhun.core.regioncodes import prefix_q
    from jingzhun.quality.checks import poverty_line
    from jingzhun.registry.models import Household, HouseholdYear, Member

    line = poverty_line(year=year, region_code="610900000000")  # the year's line in force for Ankang
    started = time.perf_counter()
    found: list[tuple[str, str]] = []
    count = 0
    for household in Household.objects.filter(prefix_q("village_id", "6109")).order_by("code")[:sample]:
        members = list(Member.objects.filter(household=household))
        facts = HouseholdYear.objects.filter(household=household, year=year).first()
        living = [m for m in members if not m.deceased and not m.moved_out]
        heads = [m for m in members if m.relation == "01"]
        if not heads:
            found.append(("HH-01", household.code))
        if household.size != len(living):
            found.append(("HH-04", household.code))
        if not household.helper_name:
            found.append(("HP-01", household.code))
        if household.status in ("1", "4") and household.exit_year == household.identification_year:
            found.append(("EX-01", household.code))
        if household.main_cause == "01" and not any(m.health in ("2", "3", "5") for m in living):
            found.append(("CA-01", household.code))
        if heads and any(m.relation == "02" and m.sex == heads[0].sex for m in members):
            found.append(("HH-03", household.code))
        if facts is not None and living:
            if household.status in ("1", "4") and facts.computed_net_income <= line * len(living):
                found.append(("EX-02", household.code))
            if facts.wage_income > 20000 and not any(m.migrant_months for m in living):
                found.append(("IN-03", household.code))
        for member in members:
            count += 1
            try:
                info = parse_id_number(member.id_number)
            except Exception:
                found.append(("ID-01", member.code))
                continue
            if info.sex != member.sex:
                found.append(("ID-05", member.code))
            if info.birth_date != member.birth_date:
                found.append(("ID-06", member.code))
            if member.deceased and household.size > len(living):
                found.append(("MB-01", member.code))
            if Member.objects.filter(id_number=member.id_number, deceased=False).exclude(household=household).exists():
                found.append(("DUP", member.code))
    return time.perf_counter() - started, count


if __name__ == "__main__":
    main()
