"""What the registry shows in the command centre: the year's targets, and incidence and exits on the map."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import charts, formatting
from jingzhun.core.charts import Series
from jingzhun.core.panels import (
    BAD,
    GOOD,
    WARN,
    BulletinContext,
    BulletinSection,
    Figure,
    KeyFigure,
    MapMeasure,
    Panel,
    PanelContext,
    PanelData,
    Row,
    SectionData,
    bulletin_register,
    measure_register,
    panel_register,
)
from jingzhun.core.rollup import children_rollup
from jingzhun.regions.models import CountyYear, VillageYear
from jingzhun.registry.choices import EXITED_STATUSES, LEFT_STATUSES, STILL_POOR_STATUSES, CycleChange
from jingzhun.registry.cycle import cycle_counts
from jingzhun.registry.models import Household
from jingzhun.registry.summaries import RegionFigures, region_overview


def months_left(year: int, today: datetime.date) -> int:
    """Return the whole months left in ``year`` after today's month (0 once the year is over)."""
    if today.year > year:
        return 0
    if today.year < year:
        return 12
    return 12 - today.month


def _targets(ctx: PanelContext) -> PanelData | None:
    """年度目标任务: people, villages and counties planned to exit in the year against what is done."""
    households = Household.objects.in_region(ctx.prefix).exclude(status__in=LEFT_STATUSES)
    exited = Q(status__in=EXITED_STATUSES, exit_year=ctx.year)
    people = households.filter(Q(planned_exit_year=ctx.year) | exited).aggregate(
        planned=Coalesce(Sum("size", filter=Q(planned_exit_year=ctx.year)), 0),
        done=Coalesce(Sum("size", filter=exited), 0),
    )
    villages = VillageYear.objects.in_region(ctx.prefix).filter(year=ctx.year, planned_exit_year=ctx.year).count()
    counties = CountyYear.objects.in_region(ctx.prefix).filter(year=ctx.year, planned_exit_year=ctx.year).count()
    if not (people["planned"] or people["done"] or villages or counties):
        return None
    remaining = max(people["planned"] - people["done"], 0)
    left = months_left(ctx.year, ctx.today)
    share = Decimal(people["done"]) / Decimal(people["planned"]) if people["planned"] else None
    figures = [
        Figure(_("计划脱贫人口"), formatting.quantity(people["planned"], _("人"))),
        Figure(
            _("已脱贫人口"),
            formatting.quantity(people["done"], _("人")),
            tone=GOOD if share is not None and share >= 1 else "",
            hint=_("完成 {share}").format(share=formatting.percent(share, 1)) if share is not None else "",
        ),
    ]
    if villages:
        figures.append(Figure(_("计划退出贫困村"), formatting.quantity(villages, _("个"))))
    if counties:
        figures.append(Figure(_("计划摘帽县"), formatting.quantity(counties, _("个"))))
    if remaining and left:
        figures.append(
            Figure(
                _("每月须脱贫"),
                formatting.quantity(-(-remaining // left), _("人")),
                tone=WARN,
                hint=_("尚余 {people} 人，{months} 个月").format(people=formatting.number(remaining), months=left),
            )
        )
    elif remaining:
        figures.append(Figure(_("未完成"), formatting.quantity(remaining, _("人")), tone=BAD))
    return PanelData(figures, link=reverse("registry:household-list") + f"?region={ctx.region.code}")


def _children(ctx: PanelContext) -> list[RegionFigures]:
    """The child regions' figures, read once per request by the panel and both map measures."""
    return ctx.once("registry.children", lambda: region_overview(ctx.region, year=ctx.year).children)


def _incidence(ctx: PanelContext) -> dict[str, float | None]:
    return {c.region.code: formatting.to_percent(c.incidence, 2) for c in _children(ctx)}


def _exit_share(ctx: PanelContext) -> dict[str, float | None]:
    values: dict[str, float | None] = {}
    for child in _children(ctx):
        people = child.figures["people"]
        values[child.region.code] = (
            formatting.to_percent(Decimal(child.figures["exited_people"]) / people, 1) if people else None
        )
    return values


def _poor_people(ctx: PanelContext) -> PanelData | None:
    """贫困人口分布: the children with the most people still poor."""
    children = sorted(_children(ctx), key=lambda c: -c.figures["poor_people"])
    children = [c for c in children if c.figures["people"]]
    if not children:
        return None
    total = sum(c.figures["poor_people"] for c in children)
    rows = [
        Row(
            c.region.short_name,
            formatting.quantity(c.figures["poor_people"], _("人")),
            reverse("dashboard") + f"?region={c.region.code}",
        )
        for c in children[:10]
    ]
    return PanelData(
        [Figure(_("未脱贫人口"), formatting.quantity(total, _("人")), tone=BAD if total else GOOD)], rows=rows
    )


def _cycle(ctx: PanelContext) -> PanelData | None:
    """年度动态调整: the year's 新识别, 脱贫, 返贫, 自然减少 and 清退 households, from the cycle's log."""
    counts = cycle_counts(prefix=ctx.prefix, year=ctx.year)
    if not any(counts.values()):
        return None
    tones: dict[str, str] = {CycleChange.EXITED: GOOD, CycleChange.RETURNED: BAD}
    figures = [
        Figure(str(label), formatting.quantity(counts[key], _("户")), tone=tones.get(key, "") if counts[key] else "")
        for key, label in CycleChange.choices
    ]
    return PanelData(figures, link=reverse("registry:cycle-list") + f"?region={ctx.region.code}&year={ctx.year}")


panel_register(
    Panel("cycle", gettext_lazy("年度动态调整"), _cycle, access=("view", "registry"), order=12),
    Panel("targets", gettext_lazy("年度目标任务"), _targets, access=("view", "registry"), order=10, wide=True),
    Panel("poor-people", gettext_lazy("未脱贫人口分布"), _poor_people, access=("view", "registry"), order=15),
)
measure_register(
    MapMeasure(
        "incidence",
        gettext_lazy("贫困发生率"),
        _incidence,
        access=("view", "registry"),
        unit="%",
        higher_is_better=False,
        order=10,
    ),
    MapMeasure("exit-share", gettext_lazy("脱贫进度"), _exit_share, access=("view", "registry"), unit="%", order=20),
)


def _exits_section(ctx: BulletinContext) -> SectionData | None:
    """脱贫进展: the year's planned exits against those done, by place."""
    year = ctx.month.year
    planned = Q(planned_exit_year=year)
    done = Q(status__in=EXITED_STATUSES, exit_year=year)
    measures = {
        "planned": Coalesce(Sum("size", filter=planned), 0),
        "done": Coalesce(Sum("size", filter=done), 0),
        "poor": Coalesce(Sum("size", filter=Q(status__in=STILL_POOR_STATUSES)), 0),
    }
    places = children_rollup(
        Household.objects.exclude(status__in=LEFT_STATUSES),
        code_field="village_id",
        region_code=ctx.region.code,
        measures=measures,
    )
    rows, names, shares = [], [], []
    for place in places:
        if not (place["planned"] or place["done"] or place["poor"]):
            continue
        share = Decimal(place["done"]) / place["planned"] if place["planned"] else None
        rows.append([place.name, place["planned"], place["done"], formatting.percent(share, 1), place["poor"]])
        names.append(place.name)
        shares.append(share)
    if not rows:
        return None
    planned_total, done_total = sum(r[1] for r in rows), sum(r[2] for r in rows)
    summary = _("{year}年计划脱贫{planned}人，已脱贫{done}人，完成{share}；尚有未脱贫人口{poor}人。").format(
        year=year,
        planned=formatting.number(planned_total),
        done=formatting.number(done_total),
        share=formatting.percent(Decimal(done_total) / planned_total if planned_total else None, 1),
        poor=formatting.number(sum(r[4] for r in rows)),
    )
    chart = charts.bar_chart(
        names,
        [Series(_("计划脱贫"), [r[1] for r in rows]), Series(_("已脱贫"), [r[2] for r in rows], color=charts.GREEN)],
        unit=_("人"),
    )
    return SectionData(
        summary,
        [_("地区"), _("计划脱贫人口"), _("已脱贫人口"), _("完成比例"), _("未脱贫人口")],
        rows,
        chart=chart,
        commended=[name for name, share in zip(names, shares, strict=True) if share is not None and share >= 1],
        figures=[
            KeyFigure(_("已脱贫人口"), done_total, _("人"), higher_is_better=True),
            KeyFigure(_("未脱贫人口"), sum(r[4] for r in rows), _("人"), higher_is_better=False),
        ],
    )


bulletin_register(
    BulletinSection("exits", gettext_lazy("脱贫进展"), _exits_section, access=("view", "registry"), order=10)
)
