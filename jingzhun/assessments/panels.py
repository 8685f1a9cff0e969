"""What assessments show in the command centre: this quarter's ranking, rank on the map, and the bulletin's ranking."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.assessments.choices import Level, RoundStatus
from jingzhun.assessments.models import Round
from jingzhun.assessments.reports import movement_text
from jingzhun.assessments.scoring import Ranking, ranking_compute
from jingzhun.core import charts, formatting
from jingzhun.core.panels import (
    BAD,
    GOOD,
    BulletinContext,
    BulletinSection,
    Figure,
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


def latest_ranking(user: Any, region: Any, *, until: datetime.date) -> Ranking | None:
    """Return the ranking of the latest published county round up to ``until`` whose bodies lie in ``region``.

    Only a round of the year before ``until`` counts: an older ranking says nothing about now.
    """
    since = until - datetime.timedelta(days=366)
    published = Round.objects.for_user(user).filter(
        status=RoundStatus.PUBLISHED, period_end__lte=until, period_end__gt=since
    )
    for round in published.filter(scheme__level=Level.COUNTY).order_by("-period_end", "-pk")[:10]:
        ranking = ranking_compute(round=round)
        if any(line.code.startswith(region.prefix) for line in ranking.lines):
            return ranking
    return None


def _ranking_panel(ctx: PanelContext) -> PanelData | None:
    """本季度排名: the latest published county round, with movement."""
    ranking = latest_ranking(ctx.user, ctx.region, until=datetime.date(ctx.year, 12, 31))
    if ranking is None:
        return None
    rows = [
        Row(
            f"{line.rank}. {line.name}",
            f"{formatting.number(line.total, 2)}  {movement_text(line.movement)}",
            reverse("assessments:entity", args=[ranking.round.pk, line.code]),
            BAD if line.rank == len(ranking.lines) else GOOD if line.rank == 1 else "",
        )
        for line in ranking.lines[:10]
    ]
    figures = [Figure(_("考核轮次"), ranking.round.period)]
    inside = [line for line in ranking.lines if line.code.startswith(ctx.region.prefix)]
    if len(inside) == 1:  # the user's own county (or one below it): its place
        own = inside[0]
        figures.append(Figure(_("本地排名"), f"{own.rank}/{len(ranking.lines)}", hint=movement_text(own.movement)))
    return PanelData(figures, rows=rows, link=reverse("assessments:round-detail", args=[ranking.round.pk]))


def _rank(ctx: PanelContext) -> dict[str, float | None]:
    ranking = latest_ranking(ctx.user, ctx.region, until=datetime.date(ctx.year, 12, 31))
    if ranking is None:
        return {}
    return {line.code.ljust(12, "0"): float(line.total) for line in ranking.lines}


def _ranking_section(ctx: BulletinContext) -> SectionData | None:
    """考核排名: the latest published county round at the month's end, with the movement of each county."""
    ranking = latest_ranking(ctx.user, ctx.region, until=ctx.month_end)
    if ranking is None:
        return None
    lines = ranking.lines
    rows = [[line.rank, line.name, formatting.number(line.total, 2), movement_text(line.movement)] for line in lines]
    summary = _("{name}（{period}）中，{first}位列第一，{last}位列末位。").format(
        name=ranking.round.name, period=ranking.round.period, first=lines[0].name, last=lines[-1].name
    )
    return SectionData(
        summary,
        [_("名次"), _("单位"), _("得分"), _("较上期")],
        rows,
        chart=charts.ranked_bar_chart([(line.name, float(line.total)) for line in lines], unit=_("分")),
        commended=[lines[0].name],
        criticised=[lines[-1].name] if len(lines) > 1 else [],
    )


panel_register(Panel("ranking", gettext_lazy("本季度排名"), _ranking_panel, access=("view", "assessments"), order=70))
measure_register(
    MapMeasure("rank-score", gettext_lazy("考核得分"), _rank, access=("view", "assessments"), unit="分", order=70)
)
bulletin_register(
    BulletinSection("ranking", gettext_lazy("考核排名"), _ranking_section, access=("view", "assessments"), order=70)
)
