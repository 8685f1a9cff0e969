"""City-scale registry: demo generation, list / API / dashboard latency, query counts.

Usage: python benchmarks/registry_pages.py --database-url URL [--households N] [--requests R] [--reuse] [--tiny]

Generates the Ankang demo into the database named by URL (unless --reuse and it already
holds households), refreshes the tables' statistics (and on PostgreSQL the visibility map),
then times repeated requests in-process through Django's test client, as a city officer
(the largest scope). A baseline — the same page or queries computed naively — is timed in
the same run and the ratio printed. ``--tiny`` (300 households, 3 requests per figure) is
what the test suite runs.
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
    parser.add_argument("--tiny", action="store_true", help="300 households, 3 requests per figure (a smoke run)")
    args = parser.parse_args()
    if args.tiny:
        args.households, args.requests = 300, 3

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

    _settle(connection)

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
    measure("household list, filtered (county, status 0)", get("/registry/households/?region=610902&status=0"))
    measure("household list, search by name prefix", get("/registry/households/?q=王"))
    measure("household list, search by ID number prefix", get("/registry/households/?q=6109021965"))
    measure("API /api/households/", get("/api/households/"))
    dashboard = measure("dashboard / (city, 10 counties)", get("/"))
    county_dash = measure("dashboard, county 汉滨区 (28 townships)", get("/?region=610902000000"))

    from jingzhun.regions.models import Region

    hanbin = Region.objects.get(code="610902000000")
    print("baselines (naive implementations, same data):")
    naive_list = measure("list rows without joins (N+1), with the COUNT", lambda: _naive_list(officer))
    naive_search = measure("name search, LIKE subquery: COUNT + 50 codes", lambda: _search(officer, "王", plain=True))
    naive_dash = measure("dashboard, one query per child region", lambda: _naive_dashboard(officer.region))
    naive_county = measure("county dashboard, one query per child region", lambda: _naive_dashboard(hanbin))
    print("the project, measured like its baseline:")
    project_search = measure("name search, search(): COUNT + 50 codes", lambda: _search(officer, "王", plain=False))
    print("ratios (baseline ÷ project, median):")
    for label, baseline, project in (
        ("household list page vs naive rows", naive_list, list_page),
        ("name search queries vs LIKE subquery", naive_search, project_search),
        ("city dashboard vs per-child queries", naive_dash, dashboard),
        ("county dashboard vs per-child queries", naive_county, county_dash),
    ):
        print(f"  {label + ':':<40} {baseline[0]:8.1f} ms ÷ {project[0]:8.1f} ms = {baseline[0] / project[0]:5.1f}×")


def _settle(connection) -> None:
    """Bring the registry tables to the state a live database is in some time after a bulk load.

    Statistics for indexes a migration added since the demo was generated (ANALYZE); on
    PostgreSQL also the visibility map, which autovacuum sets after a bulk load (VACUUM) and
    without which no index-only scan is possible. On a server with autovacuum off the
    figures would otherwise describe a state no live database stays in.
    """
    tables = ["registry_household", "registry_member", "registry_householdyear", "regions_villageyear"]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in tables:
            verb = "VACUUM (ANALYZE)" if connection.vendor == "postgresql" else "ANALYZE"
            cursor.execute(f"{verb} {connection.ops.quote_name(table)}")
    print(f"statistics and visibility map refreshed: {time.perf_counter() - started:.1f} s")


def _naive_list(user) -> None:
    """The list page as a naive view would build it: the paginator's COUNT, then one query per row."""
    from jingzhun.registry.models import Household

    households = Household.objects.for_user(user)
    households.count()  # the paginator's total, which the real page computes too
    rows = []
    for household in households.order_by("code")[:50]:
        head = household.members.filter(relation="01").first()
        rows.append((household.code, head.name if head else "", household.village.parent.name, household.village.name))


def _search(user, text: str, *, plain: bool) -> None:
    """A name search's queries: the COUNT and the first 50 codes, by search() or by the plain lookup.

    The plain lookup is how the ORM writes it by default: LIKE 'text%' in a correlated EXISTS.
    """
    from django.db.models import Exists, OuterRef

    from jingzhun.registry.models import Household, Member

    households = Household.objects.for_user(user)
    if plain:
        households = households.filter(Exists(Member.objects.filter(household=OuterRef("pk"), name__startswith=text)))
    else:
        households = households.search(text)
    households.count()
    list(households.order_by("code").values_list("code", flat=True)[:50])


def _naive_dashboard(region) -> None:
    """The dashboard's figures with one aggregate query per child region (plus the region's own)."""
    from django.db.models import Count, Max, Q, Sum

    from jingzhun.regions.models import Region, VillageYear
    from jingzhun.registry.models import Household

    year = VillageYear.objects.in_region(region.prefix).aggregate(year=Max("year"))["year"]
    facts = {"p": Sum("rural_population"), "v": Count("pk", filter=Q(is_poor_village=True))}
    for child in [region, *Region.objects.filter(parent=region)]:
        Household.objects.in_region(child.prefix).summary()
        VillageYear.objects.in_region(child.prefix).filter(year=year).aggregate(**facts)
    Household.objects.in_region(region.prefix).exits_by_year()


if __name__ == "__main__":
    main()
