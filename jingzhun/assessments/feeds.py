"""Feeds: measures of the other apps that score a county from the system instead of typing it.

A feed is a measure with its definition, computed per county (6-digit prefix) and year in a
few grouped queries. A component of a scheme names its feed (``Component.feed``);
``round_feed_scores`` turns the measure into the component's score: the best county in the
round gets the full score, the worst ``assessments.feed_floor`` per cent of it, the others
by linear interpolation of the measure.

The measures of the apps below this one (quality, projects) are declared here. The apps of
the same layer (驻村帮扶: 住村率 and 入户率, 整改督办: 整改完成率, 退出程序: 核验率) join
without being imported: each may define ``FEEDS`` (a list of ``Feed``) in a module
``jingzhun.<app>.assessment_feeds``, found by name like ``demo``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.assessments.models import Component, Entity, Round, Score
from jingzhun.assessments.services import round_child_save, round_require_open
from jingzhun.core.parameters import parameter_value

Measure = Callable[[int, list[str]], dict[str, Decimal | None]]


@dataclass(frozen=True)
class Feed:
    """A measure per county: ``compute(year, county_prefixes)`` → {prefix: value or None}."""

    name: str
    label: Any
    definition: Any
    unit: Any
    higher_is_better: bool
    compute: Measure


def _rate(part: Any, whole: Any, scale: int = 100) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * scale / Decimal(whole)).quantize(Decimal("0.01"))


def findings_per_10k(year: int, counties: list[str]) -> dict[str, Decimal | None]:
    from jingzhun.quality.choices import ACTIVE_STATUSES
    from jingzhun.quality.models import Finding
    from jingzhun.registry.choices import LEFT_STATUSES
    from jingzhun.registry.models import Household

    people = dict(
        Household.objects.exclude(status__in=LEFT_STATUSES)
        .annotate(county=Substr("village_id", 1, 6))
        .filter(county__in=counties)
        .order_by()
        .values("county")
        .annotate(n=Sum("size"))
        .values_list("county", "n")
    )
    open_findings = dict(
        Finding.objects.filter(status__in=ACTIVE_STATUSES)
        .annotate(county=Substr("village_code", 1, 6))
        .filter(county__in=counties)
        .order_by()
        .values("county")
        .annotate(n=Count("id"))
        .values_list("county", "n")
    )
    return {c: _rate(open_findings.get(c, 0), people.get(c), 10000) for c in counties}


def fund_execution(year: int, counties: list[str]) -> dict[str, Decimal | None]:
    from jingzhun.projects.funds import fund_by_county
    from jingzhun.projects.models import Project

    executions = {line.key[:6]: line.execution for line in fund_by_county(Project.objects.filter(plan_year=year))}
    result: dict[str, Decimal | None] = {}
    for county in counties:
        execution = executions.get(county)
        result[county] = None if execution is None else Decimal(execution) * 100
    return result


def milestone_punctuality(year: int, counties: list[str]) -> dict[str, Decimal | None]:
    from django.db.models import F

    from jingzhun.projects.models import ProjectMilestone

    rows = (
        ProjectMilestone.objects.filter(project__plan_year=year, actual_date__isnull=False)
        .annotate(county=Substr("project__region_id", 1, 6))
        .filter(county__in=counties)
        .order_by()
        .values("county")
        .annotate(done=Count("id"), on_time=Count("id", filter=Q(actual_date__lte=F("planned_date"))))
    )
    found = {row["county"]: _rate(row["on_time"], row["done"]) for row in rows}
    return {c: found.get(c) for c in counties}


BUILT_IN = [
    Feed(
        "quality.findings_per_10k",
        gettext_lazy("数据质量问题（每万人）"),
        gettext_lazy("未整改的数据质量问题线索数 ÷ 建档立卡人数 × 10000（越少越好）。"),
        gettext_lazy("条/万人"),
        False,
        findings_per_10k,
    ),
    Feed(
        "projects.fund_execution",
        gettext_lazy("扶贫资金支出进度"),
        gettext_lazy("当年项目已拨付资金 ÷ 已下达资金 × 100%。"),
        "%",
        True,
        fund_execution,
    ),
    Feed(
        "projects.milestone_punctuality",
        gettext_lazy("项目节点按期完成率"),
        gettext_lazy("当年项目已完成节点中按计划日期或之前完成的比例。"),
        "%",
        True,
        milestone_punctuality,
    ),
]


def feeds() -> dict[str, Feed]:
    """Return every feed by name: the built-in ones and those of the apps' ``assessment_feeds`` modules."""
    found = {feed.name: feed for feed in BUILT_IN}
    for config in apps.get_app_configs():
        if config.name.startswith("jingzhun.") and module_has_submodule(config.module, "assessment_feeds"):
            for feed in getattr(import_module(f"{config.name}.assessment_feeds"), "FEEDS", ()):
                found[feed.name] = feed
    return found


def scores_from_measures(
    values: dict[str, Decimal | None], *, full: Decimal, higher_is_better: bool, floor: Decimal
) -> dict[str, Decimal]:
    """Return the score of each key: the best gets ``full``, the worst ``full × floor``, linear between."""
    known = {key: value for key, value in values.items() if value is not None}
    if not known:
        return {}
    best = max(known.values()) if higher_is_better else min(known.values())
    worst = min(known.values()) if higher_is_better else max(known.values())
    scores = {}
    for key, value in known.items():
        share = Decimal(1) if best == worst else (value - worst) / (best - worst)
        scores[key] = (full * (floor + (1 - floor) * share)).quantize(Decimal("0.01"))
    return scores


@transaction.atomic
def round_feed_scores(*, user: Any, round: Round, entities: Iterable[Entity] | None = None) -> int:
    """Score the round's components that name a feed, for its counties; return the scores written.

    The counties are ``entities`` or the members of the round's group that are places of the
    map. Raise ValidationError if the round is published.
    """
    round_require_open(round)
    bodies = list(entities) if entities is not None else list(round.group.members.all()) if round.group else []
    counties = {e.code[:6]: e for e in bodies if e.region_id and e.code.endswith("000000")}
    available = feeds()
    floor = Decimal(parameter_value("assessments.feed_floor", year=round.year)) / 100
    written = 0
    for component in Component.objects.filter(scheme_id=round.scheme_id).exclude(feed=""):
        feed = available.get(component.feed)
        if feed is None:
            continue
        values = feed.compute(round.year, sorted(counties))
        scores = scores_from_measures(
            values, full=component.max_score, higher_is_better=feed.higher_is_better, floor=floor
        )
        stored = {s.entity_id: s for s in Score.objects.filter(round=round, component=component)}
        for prefix, score in scores.items():
            entity = counties[prefix]
            instance = stored.get(entity.pk) or Score(round=round, entity=entity, component=component)
            instance.score = score
            instance.evidence = _("系统数据：%(label)s %(value)s%(unit)s") % {
                "label": feed.label,
                "value": values[prefix],
                "unit": feed.unit,
            }
            round_child_save(user=user, instance=instance, reason=str(feed.definition))
            written += 1
    return written
