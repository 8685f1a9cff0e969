"""Evaluations started from the pages and the API run as background jobs (core.jobs).

``evaluation_start`` checks everything that can be checked before the work (role, scope,
rule set, parameters, official-run conditions, snapshot) so that mistakes come back to the
form at once; the job then calls ``services.evaluation_run`` and links to the run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from jingzhun.core.access import allows
from jingzhun.core.jobs import JobFailed, Progress, job_handler, job_start
from jingzhun.core.models import Job
from jingzhun.regions.models import Region
from jingzhun.standards import services
from jingzhun.standards.choices import Engine, Level
from jingzhun.standards.expressions import RuleError
from jingzhun.standards.models import RuleSet
from jingzhun.standards.snapshot import MANIFEST
from jingzhun.standards.spark import spark_available

KIND = "standards_evaluate"
SNAPSHOT_ENGINES = (Engine.COLUMNAR, Engine.SPARK)  # the engines that read the registry snapshot


def snapshot_dir() -> Path | None:
    """Return the folder of the registry snapshot for the columnar engine, if one was written."""
    folder = getattr(settings, "SNAPSHOT_DIR", None)
    if not folder:
        return None
    path = Path(folder)
    return path if (path / MANIFEST).exists() else None


def user_may_evaluate(user: Any) -> bool:
    return allows(user, "add", "standards")


def user_may_edit_standards(user: Any) -> bool:
    return allows(user, "change", "standards")


def evaluation_check(
    *,
    user: Any,
    ruleset: RuleSet,
    level: str,
    year: int,
    region: Region,
    overrides: dict[str, Any],
    official: bool,
    engine: str,
) -> None:
    """Raise PermissionDenied or RuleError (Chinese message) if this evaluation cannot run."""
    services.evaluation_check(
        user=user, ruleset=ruleset, level=level, year=year, region=region, overrides=overrides, official=official
    )
    if engine in SNAPSHOT_ENGINES and snapshot_dir() is None:
        raise RuleError(_("尚未生成登记数据快照，不能使用快速计算方式：请联系系统管理员生成快照，或按常规方式计算。"))
    if engine == Engine.SPARK and (missing := spark_available()):
        raise RuleError(_("分布式引擎（Spark）在本机不可用：%(why)s。请改用数据库或列式引擎。") % {"why": missing})


def evaluation_start(
    *,
    user: Any,
    ruleset: RuleSet,
    level: str,
    year: int,
    region: Region,
    overrides: dict[str, Any] | None = None,
    official: bool = False,
    engine: str = Engine.DB,
    note: str = "",
) -> Job:
    """Check the evaluation and start it as a background job; return the job."""
    overrides = dict(overrides or {})
    evaluation_check(
        user=user,
        ruleset=ruleset,
        level=level,
        year=year,
        region=region,
        overrides=overrides,
        official=official,
        engine=engine,
    )
    kind = _("正式评估") if official else _("模拟评估")
    title = _("%(kind)s：%(region)s %(year)d 年%(level)s级（%(ruleset)s）") % {
        "kind": kind,
        "region": region.name,
        "year": year,
        "level": Level(level).label,
        "ruleset": ruleset.code,
    }
    return job_start(
        kind=KIND,
        title=title,
        user=user,
        region_code=region.code,
        params={
            "ruleset": ruleset.pk,
            "level": level,
            "year": year,
            "region": region.code,
            "overrides": overrides,
            "official": official,
            "engine": engine,
            "note": note,
        },
    )


@job_handler(KIND)
def standards_evaluate_job(job: Job, progress: Progress) -> dict[str, Any]:
    """Run the evaluation the job describes; the result links to the run."""
    params = job.params
    progress(0, 3, _("正在编译规则……"))
    try:
        run = services.evaluation_run(
            user=job.created_by,
            ruleset=RuleSet.objects.get(pk=params["ruleset"]),
            level=params["level"],
            year=int(params["year"]),
            region=Region.objects.get(code=params["region"]),
            overrides=params.get("overrides") or {},
            official=bool(params.get("official")),
            engine=params.get("engine") or Engine.DB,
            snapshot=snapshot_dir() if params.get("engine") in SNAPSHOT_ENGINES else None,
            note=params.get("note", ""),
            progress=progress,
        )
    except (RuleError, PermissionDenied, ValidationError, FileNotFoundError, RuleSet.DoesNotExist) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise JobFailed(_("评估未能完成：%(error)s") % {"error": message}) from exc
    progress(3, 3, "")
    return {
        "run_id": run.pk,
        "entities": run.entities,
        "passed": run.passed,
        "failed": run.failed,
        "seconds": round(run.seconds or 0, 2),
    }
