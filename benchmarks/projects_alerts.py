"""Project alerts and fund dashboard for a year of 3,205 projects, against a per-project loop.

Usage: python benchmarks/projects_alerts.py --database-url URL [--households N] [--reuse] [--repeat 5] [--tiny]

``--tiny`` (300 households and the project year scaled to them, one repeat) is what the
test suite runs.

1. generates a registry demo of about N households (default 20,000) and the full Ankang
   project year on it (3,205 projects, a year of progress reports, allocations,
   disbursements, assets and upkeep) — unless --reuse finds projects already there;
2. computes every alert on two dates (30 June: projects under way; 31 December: late,
   stalled and upkeep alerts) with ``project_alerts`` (three queries), median of the
   repeats, and the same alerts with the baseline: a Python loop over the projects that
   asks the database for each project's milestones, latest report, payments and asset
   (what a straightforward ``for project in projects`` implementation does); both must
   give the same alerts;
3. serves the fund dashboard, the alert list and the project list to the city officer
   (in-process test client) and compares the dashboard with a baseline that adds up the
   money per project in Python (one query per project for allocations and payments).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class QueryCounter:
    """Count the statements sent to the database (``connection.queries`` is reset at every request)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.count += 1
        return execute(sql, params, many, context)


def timed(func, repeat):  # type: ignore[no-untyped-def]
    """Return the median time of ``repeat`` calls, the last result and the statements per call."""
    from django.db import connection

    times, value, counter = [], None, QueryCounter()
    with connection.execute_wrapper(counter):
        for _i in range(repeat):
            started = time.perf_counter()
            value = func()
            times.append(time.perf_counter() - started)
    return statistics.median(times), value, counter.count // repeat


def naive_alerts(on, params):  # type: ignore[no-untyped-def]
    """The baseline: every rule of ``alerts.project_alerts`` evaluated project by project.

    ``params`` are the thresholds in force (``AlertParams.resolve``): the parameters of the year.
    """
    from jingzhun.projects.choices import (
        ACTIVE_STATUSES,
        FINISHED_STATUSES,
        UNDER_WAY_STATUSES,
        MilestoneKey,
        ProjectStatus,
    )
    from jingzhun.projects.models import Asset, Project

    alerts = []
    for project in Project.objects.order_by("code"):
        active = project.status in ACTIVE_STATUSES
        milestones = {m.key: m for m in project.milestones.all()}
        if active:
            open_due = sorted(
                m.planned_date for m in milestones.values() if m.actual_date is None and m.planned_date < on
            )
            if open_due:
                alerts.append((project.code, "overdue", (on - open_due[0]).days))
        # Progress and money: the active projects and the accepted ones (money still owed after acceptance).
        if active or project.status == ProjectStatus.ACCEPTED:
            finished = project.status in FINISHED_STATUSES
            latest = project.reports.filter(date__lte=on).order_by("-date", "-id").first()
            percent = latest.percent if latest else None
            paid = sum((d.amount for d in project.disbursements.filter(date__lte=on)), Decimal(0))
            start = milestones.get(MilestoneKey.START)
            main = milestones.get(MilestoneKey.MAIN_WORKS)
            done = finished or (main is not None and main.actual_date is not None) or (percent or 0) >= 100
            s, e = (start.planned_date if start else None), (main.planned_date if main else None)
            if not done and s and e and s <= on < e:
                span = (e - s).days
                expected = Decimal(100 * (on - s).days) / span
                if Decimal(percent or 0) < expected - params.risk_tolerance:
                    alerts.append((project.code, "at_risk", round((expected - Decimal(percent or 0)) / 100 * span)))
            if not done and project.status in UNDER_WAY_STATUSES:
                since = latest.date if latest else s
                if since and since <= on and (on - since).days > params.stalled_days:
                    alerts.append((project.code, "stalled", (on - since).days))
            if project.budget and (paid or percent is not None or finished):
                money = paid * 100 / project.budget
                physical = Decimal(100) if finished else Decimal(percent or 0)
                if money - physical > params.money_gap:
                    alerts.append((project.code, "money_ahead", None))
                elif physical - money > params.money_gap:
                    alerts.append((project.code, "money_behind", None))
        asset = Asset.objects.filter(project=project, handed_over__lte=on).first()
        if asset is not None and not asset.upkeep.filter(year=on.year).exists():
            alerts.append((project.code, "no_upkeep", (on - max(asset.handed_over, datetime.date(on.year, 1, 1))).days))
    return sorted(alerts, key=lambda a: (a[0], a[1]))


def naive_dashboard_figures():  # type: ignore[no-untyped-def]
    """The baseline dashboard: money per county added up in Python, one query per project and table."""
    from jingzhun.projects.models import Project

    counties: dict[str, list[Decimal]] = {}
    for project in Project.objects.order_by("code"):
        allocated = sum((a.amount for a in project.allocations.all()), Decimal(0))
        disbursed = sum((d.amount for d in project.disbursements.all()), Decimal(0))
        line = counties.setdefault(project.region_id[:6], [Decimal(0)] * 4)
        line[0] += project.budget
        line[1] += allocated
        line[2] += disbursed
        line[3] += max(project.budget - allocated, Decimal(0))
    return counties


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--households", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the projects an earlier run generated")
    parser.add_argument("--tiny", action="store_true", help="300 households, projects scaled down (a smoke run)")
    args = parser.parse_args()
    if args.tiny:
        args.households, args.repeat = 300, 1
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    from jingzhun.accounts.models import User
    from jingzhun.projects import funds
    from jingzhun.projects.alerts import AlertParams, project_alerts
    from jingzhun.projects.demo import projects_demo_generate
    from jingzhun.projects.models import Disbursement, ProgressReport, Project

    print(f"database: {connection.vendor}")
    if not (args.reuse and Project.objects.count() >= (1 if args.tiny else 3205)):
        started = time.perf_counter()
        call_command("generate_demo", "--households", str(args.households), "--replace", verbosity=0)
        result = projects_demo_generate(households=args.households if args.tiny else None, replace=True)
        print(f"demo generated in {time.perf_counter() - started:.1f} s")
        print(result.summary(2019))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(
        f"{Project.objects.count():,} projects, {ProgressReport.objects.count():,} progress reports, "
        f"{Disbursement.objects.count():,} payments"
    )

    params = AlertParams()
    for on in (datetime.date(2019, 6, 30), datetime.date(2019, 12, 31)):
        fast, alerts, queries = timed(
            lambda on=on: project_alerts(Project.objects.all(), on=on, params=params), args.repeat
        )
        slow, naive, naive_queries = timed(
            lambda on=on: naive_alerts(on, params.resolve(year=on.year)), max(1, args.repeat // 2)
        )
        mine = sorted(((a.project_code, a.kind, a.days) for a in alerts), key=lambda a: (a[0], a[1]))
        same = "same alerts" if mine == naive else "DIFFERENT ALERTS"
        counts: dict[str, int] = {}
        for alert in alerts:
            counts[alert.kind] = counts.get(alert.kind, 0) + 1
        print(
            f"alerts on {on}: {len(alerts):,} ({', '.join(f'{k} {n}' for k, n in sorted(counts.items()))})\n"
            f"  set-based {fast * 1000:,.0f} ms ({queries} queries) | per-project loop {slow * 1000:,.0f} ms "
            f"({naive_queries:,} queries) | ratio {slow / fast:.1f}× | {same}"
        )

    city = User.objects.filter(username="city").first()
    client = Client()
    client.force_login(city)
    for name, url in (
        ("fund dashboard", "/projects/funds/?year=2019"),
        ("alert list", "/projects/alerts/?date=2019-12-31"),
        ("project list", "/projects/?plan_year=2019"),
        ("project list, alert filter", "/projects/?alert=stalled&date=2019-12-31"),
        ("timeline, 汉滨区", "/projects/timeline/?county=610902000000&year=2019"),
    ):
        client.get(url)  # warm
        seconds, response, queries = timed(lambda url=url: client.get(url), args.repeat)
        assert response.status_code == 200, (url, response.status_code)
        print(f"{name:28s} {seconds * 1000:7,.0f} ms median, {queries} queries")
        if name == "fund dashboard":
            dashboard = seconds
    fast, lines, _queries = timed(lambda: funds.fund_by_county(Project.objects.all()), args.repeat)
    slow, naive, naive_queries = timed(naive_dashboard_figures, max(1, args.repeat // 2))
    same = all(naive[line.key] == [line.budget, line.allocated, line.disbursed, line.gap] for line in lines)
    print(
        f"county money figures: SQL aggregates {fast * 1000:,.0f} ms | per-project loop {slow * 1000:,.0f} ms "
        f"({naive_queries:,} queries) | "
        f"ratio {slow / fast:.1f}× | {'same figures' if same else 'DIFFERENT FIGURES'}"
    )
    print(
        f"dashboard page {dashboard * 1000:,.0f} ms vs the per-project money loop alone {slow * 1000:,.0f} ms: "
        f"ratio {slow / dashboard:.1f}×"
    )


if __name__ == "__main__":
    main()
