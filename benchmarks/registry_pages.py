"""City-scale registry: demo generation, list / API / dashboard latency, query counts.

Usage: python benchmarks/registry_pages.py --database-url URL [--households N] [--requests R] [--reuse]

Generates the Ankang demo into the database named by URL (unless --reuse and it already
holds households), then times repeated requests in-process through Django's test client,
as a city officer (the largest scope). A baseline — the same page computed naively — is
timed in the same run and the ratio printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--households", type=int, default=None, help="scale the demo down (default: full city)")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep an existing demo instead of regenerating")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)

    from jingzhun.registry.models import Household, Member

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"database: {engine}")
    if not (args.reuse and Household.objects.exists()):
        extra = ["--households", str(args.households)] if args.households else []
        started = time.perf_counter()
        call_command("generate_demo", "--scale", "city", "--replace", *extra, verbosity=0)
        print(f"generate_demo --scale city: {time.perf_counter() - started:.1f} s")
    print(f"registry: {Household.objects.count():,} households, {Member.objects.count():,} members")

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from jingzhun.accounts.models import User

    officer = User.objects.get(username="city")
    client = Client()
    client.force_login(officer)

    def measure(label: str, call) -> tuple[float, float, int]:
        call()  # warm-up
        timings = []
        queries = 0
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                call()
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(ctx.captured_queries)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(f"  {label:<48} median {median:8.1f} ms   p95 {p95:8.1f} ms   queries {queries}")
        return median, p95, queries

    def get(url: str):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    print(f"requests per figure: {args.requests} (in-process, city officer)")
    list_page = measure("household list page /registry/households/", get("/registry/households/"))
    filtered = measure(
        "household list, filtered (county, status 0)", get("/registry/households/?region=610902&status=0")
    )
    searched = measure("household list, search by name prefix", get("/registry/households/?q=王"))
    api_list = measure("API /api/households/", get("/api/households/"))
    dashboard = measure("dashboard / (city, 10 counties)", get("/"))
    county_dash = measure("dashboard, county 汉滨区 (28 townships)", get("/?region=610902000000"))

    print("baselines (naive implementations, same data):")
    naive_list = measure("list rows without joins (N+1)", lambda: _naive_list(officer))
    naive_dash = measure("dashboard, one query per child region", lambda: _naive_dashboard(officer))
    print("ratios (baseline ÷ project, median):")
    print(f"  household list page vs naive rows:  {naive_list[0] / list_page[0]:.1f}×")
    print(f"  dashboard vs per-child queries:     {naive_dash[0] / dashboard[0]:.1f}×")
    _ = (filtered, searched, api_list, county_dash)


def _naive_list(user) -> None:
    """The list page's 50 rows as a naive view would build them: one query per row for head and village."""
    from jingzhun.registry.models import Household

    rows = []
    for household in Household.objects.for_user(user).order_by("code")[:50]:
        head = household.members.filter(relation="01").first()
        rows.append((household.code, head.name if head else "", household.village.parent.name, household.village.name))


def _naive_dashboard(user) -> None:
    """The dashboard's child figures with one aggregate query per child region."""
    from django.db.models import Sum

    from jingzhun.regions.models import Region, VillageYear
    from jingzhun.registry.models import Household

    region = user.region
    for child in Region.objects.filter(parent=region):
        Household.objects.in_region(child.prefix).summary()
        VillageYear.objects.in_region(child.prefix).filter(year=2019).aggregate(p=Sum("rural_population"))


if __name__ == "__main__":
    main()
