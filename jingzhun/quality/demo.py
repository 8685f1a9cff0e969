"""Demo data of data quality: the catalogue run over the demo city, its findings dated across the year.

The checks run once over the demo registry as it was generated; the findings are then dated as
the monthly runs of the year would have found them (March to November), and about a third are
settled by the county with a justification (情况说明) some weeks later, so the work list, the
deadlines and the monthly bulletin have a history. Joins ``generate_demo`` through ``demo_extend``.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from jingzhun.accounts.choices import Role
from jingzhun.accounts.models import User
from jingzhun.core.workflow import transition_run
from jingzhun.quality.models import CheckRun, Finding
from jingzhun.quality.services import quality_run_create, quality_run_execute

CITY = "610900000000"
DEMO_ORDER = 100  # after every other app: the checks look at their measures, cadres and lists too
JUSTIFICATIONS = (
    "经入户核实，情况属实，已补充佐证材料",
    "经与公安户籍比对，信息无误，系特殊情况",
    "已核实，属政策允许的情形，附村委会证明",
)


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def demo_extend(*, scale: str, households: int | None, seed: int, year: int, replace: bool) -> str:
    """Run the catalogue over the demo city, date its findings, settle a third of them."""
    if scale != "city":
        return ""
    if replace:
        Finding.objects.filter(village_code__startswith=CITY[:4]).delete()
        CheckRun.objects.filter(region_code=CITY).delete()
    run = quality_run_execute(run=quality_run_create(user=None, region_code=CITY, year=year))
    rng = random.Random(f"{seed}:quality")
    start, end = datetime.date(year, 3, 1), datetime.date(year, 11, 30)
    findings = list(Finding.objects.filter(first_run=run).order_by("pk"))
    for finding in findings:
        seen = start + datetime.timedelta(days=rng.randint(0, (end - start).days))
        finding.first_seen_at = finding.last_seen_at = finding.updated_at = _moment(seen, 9)
    Finding.objects.bulk_update(findings, ["first_seen_at", "last_seen_at", "updated_at"], batch_size=2000)
    CheckRun.objects.filter(pk=run.pk).update(started_at=_moment(end, 18), finished_at=_moment(end, 18))
    system = User(username="system", role=Role.ADMIN)  # unsaved: logged as "system"
    last = datetime.date(year, 12, 20)
    settled = findings[::3]
    for finding in settled:
        on = min(finding.first_seen_at.date() + datetime.timedelta(days=rng.randint(5, 60)), last)
        transition_run(
            user=system, obj=finding, transition="justify", note=rng.choice(JUSTIFICATIONS), at=_moment(on, 15)
        )
    return f"数据质量：检查问题线索 {len(findings)} 条（已说明合理 {len(settled)} 条）"
