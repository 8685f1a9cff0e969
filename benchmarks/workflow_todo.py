"""My to-do (core.todo) over a county's findings and budget changes, against a per-object loop.

Usage: python benchmarks/workflow_todo.py --database-url URL [--findings N] [--changes M] [--repeat R] [--reuse]
       python benchmarks/workflow_todo.py --database-url sqlite:///bench_todo.sqlite3 --tiny

1. writes N findings (default 40,000) over the villages of 汉滨区 in every state of the finding
   workflow (open 60 %, proposed by a village clerk 20 %, escalated 10 %, closed 10 %; a
   third first seen more than 30 days ago) and M budget changes (default 400) on as many
   projects, half of them requested by the county officer, with their start steps logged —
   unless --reuse finds them there;
2. times ``todo_for`` (one conditional-count query per workflow) for the city officer, the
   county officer and a village clerk (median of the repeats, statements per call);
3. times the baseline a straightforward implementation would be: every object in the user's
   scope loaded and asked ``transitions_available`` (and its deadline: the days read once, the
   start of the clock per object — a log query for budget changes) one by one; both must give
   the same counts (printed), and the ratio is printed.

``--tiny`` (a few hundred rows, one repeat) is what the test suite runs to keep the script
working (``core/tests/test_workflow.py``); it prints the same lines.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_CHECK = "BM-01"  # the check code of the benchmark's findings
BENCH_PROJECT = "BMWF"  # the code prefix of its projects


class QueryCounter:
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


def users() -> dict[str, Any]:
    from jingzhun.accounts.models import User
    from jingzhun.regions.models import Region

    village = Region.objects.filter(level="village", code__startswith="610902").order_by("code").first()
    made = {}
    for name, role, region in (
        ("bm-city", "city", "610900000000"),
        ("bm-county", "county", "610902000000"),
        ("bm-clerk", "village", village.code),
    ):
        made[role], _created = User.objects.get_or_create(username=name, defaults={"role": role, "region_id": region})
    return made


def generate(*, findings: int, changes: int, people: dict[str, Any], seed: int = 2019) -> None:
    """Write the benchmark's findings and budget changes (replacing an earlier run's)."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from jingzhun.core.models import TransitionLog
    from jingzhun.projects.models import BudgetChange, Project
    from jingzhun.quality.models import Finding
    from jingzhun.regions.models import Region

    rng = random.Random(seed)
    now = timezone.now()
    Finding.objects.filter(check_code=BENCH_CHECK).delete()
    Project.objects.filter(code__startswith=BENCH_PROJECT).delete()
    villages = list(Region.objects.filter(level="village", code__startswith="610902").values_list("code", flat=True))
    villages[0:0] = [people["village"].region_id] * 20  # the clerk's village has a fair share
    statuses = ["open"] * 6 + ["pending"] * 2 + ["escalated", "justified"]
    rows = []
    for i in range(findings):
        status = rng.choice(statuses)
        seen = now - datetime.timedelta(days=rng.choice((1, 5, 12, 40, 90)))
        rows.append(
            Finding(
                check_code=BENCH_CHECK,
                category="helper",
                severity="error",
                entity="household",
                entity_key=f"BM{i:08d}",
                village_code=rng.choice(villages),
                household_code=f"BM{i:08d}",
                message="基准测试问题线索",
                year=2019,
                status=status,
                first_seen_at=seen,
                last_seen_at=now,
                proposed_by=people["village"] if status == "pending" else None,
            )
        )
    Finding.objects.bulk_create(rows, batch_size=2000)

    projects = [
        Project(
            code=f"{BENCH_PROJECT}{i:05d}",
            name=f"基准项目{i}",
            type="transport",
            sector="transport",
            region_id=rng.choice(villages),
            plan_year=2019,
            budget=Decimal(1_000_000),
            responsible_unit="县交通运输局",
            responsible_person="张三",
        )
        for i in range(changes)
    ]
    Project.objects.bulk_create(projects, batch_size=2000)
    projects = list(Project.objects.filter(code__startswith=BENCH_PROJECT).order_by("code"))
    made = BudgetChange.objects.bulk_create(
        [
            BudgetChange(
                project=p,
                amount=Decimal(10_000),
                reason="基准测试",
                requested_by=people["county"] if i % 2 else people["city"],
            )
            for i, p in enumerate(projects)
        ],
        batch_size=2000,
    )
    kind = ContentType.objects.get_for_model(BudgetChange)
    TransitionLog.objects.bulk_create(
        [
            TransitionLog(
                content_type=kind,
                object_id=str(change.pk),
                object_repr=f"预算调整 {change.pk}",
                transition="start",
                transition_label="发起",
                to_state="pending",
                user=change.requested_by,
                user_name=change.requested_by.username,
                at=now - datetime.timedelta(days=rng.choice((2, 10, 30))),
                region_code=change.project.region_id,
            )
            for change in made
        ],
        batch_size=2000,
    )


def naive_todo(user: Any) -> dict[str, int]:
    """The baseline: every object of every workflow in the user's scope asked one by one."""
    from django.utils import timezone

    from jingzhun.core.todo import OVERDUE
    from jingzhun.core.workflow import transitions_available, workflows

    today = timezone.localdate()
    prefix = user.scope_prefix if user.scope_prefix != "-" else ""
    counts: dict[str, int] = {}
    for workflow in workflows():
        deadline = workflow.deadline
        clock = deadline.clock() if deadline else None
        days = clock.days_for(prefix, today.year) if clock else 0  # read once, not per object
        for obj in workflow.model._default_manager.for_user(user):
            state = getattr(obj, workflow.field)
            waiting = any(
                a.allowed and a.transition.waits_in(state, workflow) for a in transitions_available(user, obj)
            )
            if not waiting:
                continue
            key = f"{workflow.key}:{state}"
            counts[key] = counts.get(key, 0) + 1
            if clock and deadline and (not deadline.states or state in deadline.states) and state not in workflow.final:
                started = clock.started(workflow, obj)
                if started is not None and started + datetime.timedelta(days=days) < today:
                    counts[f"{workflow.key}:{OVERDUE}"] = counts.get(f"{workflow.key}:{OVERDUE}", 0) + 1
    return counts


def measure(*, findings: int, changes: int, repeat: int, reuse: bool = False) -> list[dict[str, Any]]:
    """Generate (unless reused), time both ways for three users, print and return the figures."""
    from jingzhun.core.todo import todo_for
    from jingzhun.quality.models import Finding

    people = users()
    if not (reuse and Finding.objects.filter(check_code=BENCH_CHECK).count() == findings):
        started = time.perf_counter()
        generate(findings=findings, changes=changes, people=people)
        print(
            f"generated {findings:,} findings and {changes:,} budget changes in {time.perf_counter() - started:.1f} s"
        )
    figures = []
    for role in ("city", "county", "village"):
        user = people[role]
        todo_for(user)  # warm
        fast, items, queries = timed(lambda user=user: todo_for(user), repeat)
        slow, naive, naive_queries = timed(lambda user=user: naive_todo(user), max(1, repeat // 3))
        mine = {item.key: item.count for item in items}
        same = "same counts" if mine == naive else f"DIFFERENT COUNTS {mine} vs {naive}"
        lines = ", ".join(f"{key} {count:,}" for key, count in sorted(mine.items()))
        print(
            f"{role:8s} {lines}\n"
            f"         todo_for {fast * 1000:,.1f} ms ({queries} queries) | per-object loop {slow * 1000:,.0f} ms "
            f"({naive_queries:,} queries) | ratio {slow / fast:.1f}× | {same}"
        )
        figures.append({"role": role, "fast": fast, "slow": slow, "queries": queries, "same": mine == naive})
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--findings", type=int, default=40_000)
    parser.add_argument("--changes", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="keep the rows an earlier run wrote")
    parser.add_argument("--tiny", action="store_true", help="a few hundred rows, one repeat (the test suite's size)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("JINGZHUN_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jingzhun.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    print(f"database: {connection.vendor}")
    if args.tiny:
        args.findings, args.changes, args.repeat = 300, 20, 1
    measure(findings=args.findings, changes=args.changes, repeat=args.repeat, reuse=args.reuse)


if __name__ == "__main__":
    main()
