"""What the exit procedures rest on: the official evaluation (standards) of a household, village or county."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from jingzhun.standards.choices import Level, RunKind, RunStatus
from jingzhun.standards.models import EvaluationResult, EvaluationRun


def official_result(*, level: str, year: int, code: str) -> EvaluationResult | None:
    """Return the result of ``code`` (户编号 or 12-digit code) in the newest finished official run of ``year``."""
    return (
        EvaluationResult.objects.filter(
            code=code, run__level=level, run__year=year, run__kind=RunKind.OFFICIAL, run__status=RunStatus.DONE
        )
        .select_related("run")
        .order_by("-run__created_at", "-run_id")
        .first()
    )


def standard_reason(*, level: str, year: int, code: str) -> str | None:
    """Return why ``code`` may not exit in ``year`` by the official evaluation (None: it passes)."""
    result = official_result(level=level, year=year, code=code)
    if result is None:
        return _("%(year)s 年尚无正式评估结果，不能办理退出。") % {"year": year}
    if not result.passed:
        names = result.run.rule_index()
        failed = "、".join(str(names.get(c, {}).get("name", c)) for c in result.failed_codes)
        return _("%(year)s 年正式评估未达到退出标准（%(rules)s）。") % {"year": year, "rules": failed or "—"}
    return None


def passing_codes(*, level: str, year: int, codes: list[str]) -> set[str]:
    """Return the codes among ``codes`` whose newest official result of ``year`` passes (one query)."""
    official = EvaluationRun.objects.filter(
        level=level, year=year, kind=RunKind.OFFICIAL, status=RunStatus.DONE
    ).values("pk")
    newer = EvaluationResult.objects.filter(run__in=official, code=OuterRef("code"), run_id__gt=OuterRef("run_id"))
    rows = EvaluationResult.objects.filter(run__in=official, code__in=codes, passed=True).exclude(Exists(newer))
    return set(rows.values_list("code", flat=True))


HOUSEHOLD = Level.HOUSEHOLD
VILLAGE = Level.VILLAGE
COUNTY = Level.COUNTY
