"""Charts and the Word section of 考核评估: the 季点评 / 月通报 ranking section (tables and charts).

The same ECharts options serve the pages (``{% chart %}``) and the document
(``core.documents`` draws them with matplotlib).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.assessments.choices import Level
from jingzhun.assessments.models import Round
from jingzhun.assessments.scoring import Ranking, points_lost, ranking_compute
from jingzhun.core import charts
from jingzhun.core.charts import Series
from jingzhun.core.documents import OFFICIAL, Document
from jingzhun.core.parameters import parameter_value


def movement_text(movement: int | None) -> str:
    """↑2 / ↓1 / 持平, or — without a previous round."""
    if movement is None:
        return "—"
    if movement > 0:
        return f"↑{movement}"
    if movement < 0:
        return f"↓{-movement}"
    return _("持平")


def round_chain(round: Round, limit: int = 8) -> list[Round]:
    """Return ``round`` and its previous rounds, oldest first."""
    chain: list[Round] = []
    current: Round | None = round
    while current is not None and len(chain) < limit and all(current.pk != r.pk for r in chain):
        chain.append(current)
        current = current.previous
    return list(reversed(chain))


def rank_history(ranking: Ranking, limit: int = 8) -> tuple[list[Round], dict[str, list[int | None]]]:
    """Return the rounds of the chain and each body's rank in them (same group), oldest first."""
    chain = round_chain(ranking.round, limit)
    ranks: dict[str, list[int | None]] = {line.code: [] for line in ranking.lines}
    for item in chain:
        other = (
            ranking if item.pk == ranking.round.pk else ranking_compute(round=item, group=ranking.group, previous=False)
        )
        found = {line.code: line.rank for line in other.lines}
        for code in ranks:
            ranks[code].append(found.get(code))
    return chain, ranks


def rank_chart(ranking: Ranking, *, codes: list[str] | None = None) -> dict[str, Any]:
    """排名走势: one line per body over the chain of rounds, rank 1 on top."""
    chain, ranks = rank_history(ranking)
    names = {line.code: line.name for line in ranking.lines}
    series = [
        Series(names[code], [float(r) if r is not None else None for r in values], "line")
        for code, values in ranks.items()
        if codes is None or code in codes
    ]
    option = charts.line_chart([r.period for r in chain], series, unit=_("名次"))
    option["yAxis"] = {**option["yAxis"], "inverse": True, "min": 1, "minInterval": 1}
    if len(series) > 6:  # the legend takes two lines
        option["grid"] = {**option["grid"], "top": 70}
    return option


def totals_chart(ranking: Ranking) -> dict[str, Any]:
    """总分构成: each body's weighted component points and net adjustment, stacked."""
    categories = [line.name for line in ranking.lines]
    series = [
        Series(part.name, [float(line.points.get(part.code, 0)) for line in ranking.lines], stack="total")
        for part in ranking.parts
    ]
    series.append(
        Series(
            _("加减分"),
            [float(line.bonus - line.deduction) for line in ranking.lines],
            stack="total",
            color=charts.AMBER,
        )
    )
    return charts.stacked_bar_chart(categories, series, unit=_("分"))


def gaps_chart(ranking: Ranking, code: str) -> dict[str, Any]:
    """失分分布: the weighted points lost against the leader on each component."""
    items = [(gap.name, float(gap.lost)) for gap in points_lost(ranking, code) if gap.lost > 0]
    return charts.ranked_bar_chart(items, name=_("失分"), unit=_("分"), color=charts.RED)


def _two(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def ranking_rows(ranking: Ranking) -> list[list[str]]:
    rows = []
    for line in ranking.lines:
        rows.append(
            [
                str(line.rank),
                line.name,
                *[_two(line.scores.get(part.code)) for part in ranking.parts],
                _two(line.bonus - line.deduction),
                _two(line.total),
                str(line.previous_rank or "—"),
                movement_text(line.movement),
            ]
        )
    return rows


def summary(ranking: Ranking) -> list[str]:
    """The sentences of the section: who leads, who rose and fell, where the bonus decided a place."""
    lines = ranking.lines
    if not lines:
        return [_("本轮尚无得分。")]
    first, last = lines[0], lines[-1]
    sentences = [
        _("本轮共 %(n)s 个考核对象，%(first)s以 %(total)s 分排名第一，%(last)s排名末位（%(last_total)s 分）。")
        % {
            "n": len(lines),
            "first": first.name,
            "total": _two(first.total),
            "last": last.name,
            "last_total": _two(last.total),
        }
    ]
    if ranking.has_previous:
        up = [line for line in lines if (line.movement or 0) > 0]
        down = [line for line in lines if (line.movement or 0) < 0]
        sentences.append(
            _("与上一轮相比，%(up)s 个对象名次上升，%(down)s 个下降。") % {"up": len(up), "down": len(down)}
            + (
                _("下降最多的是%(name)s（%(move)s）。")
                % {
                    "name": min(down, key=lambda x: x.movement or 0).name,
                    "move": movement_text(min(d.movement or 0 for d in down)),
                }
                if down
                else ""
            )
        )
    if ranking.round.scheme.level == Level.SECTOR:
        target = parameter_value("assessments.sector_target_rank", year=ranking.round.year)
        behind = [line.name for line in lines if line.rank > target]
        if behind:
            sentences.append(_("未进入前 %(n)s 名的部门：%(names)s。") % {"n": target, "names": "、".join(behind)})
    decided = [line for line in lines if line.bonus_decides and line.bonus > 0]
    for line in decided:
        sentences.append(
            _("%(name)s如果没有 %(bonus)s 分的加分项，排名将是第 %(plain)s 名（现为第 %(rank)s 名）。")
            % {"name": line.name, "bonus": _two(line.bonus), "plain": line.rank_without_bonus, "rank": line.rank}
        )
    return sentences


def ranking_section(ranking: Ranking, *, charts_included: bool = True) -> bytes:
    """Return the ranking section of a 季点评 / 月通报 as a Word document (.docx bytes)."""
    round = ranking.round
    document = Document(
        title=_("%(name)s排名情况") % {"name": round.name},
        subtitle=round.document_no,
        timestamp=round.updated_at,
        subject=round.code,
        style=OFFICIAL,
    )
    document.heading(_("一、总体情况"))
    for sentence in summary(ranking):
        document.paragraph(sentence)
    document.heading(_("二、排名表"))
    header = [
        _("名次"),
        _("考核对象"),
        *[part.name for part in ranking.parts],
        _("加减分"),
        _("总分"),
        _("上轮名次"),
        _("升降"),
    ]
    document.table(ranking_rows(ranking), header=header, title=ranking.group.name if ranking.group else "")
    if charts_included and ranking.lines:
        document.heading(_("三、总分构成与排名走势"))
        document.chart(totals_chart(ranking), title=_("总分构成"))
        if ranking.has_previous:
            document.chart(rank_chart(ranking), title=_("排名走势"))
    lost = [(line, points_lost(ranking, line.code)) for line in ranking.lines[-3:]]
    if lost:
        document.heading(_("四、后三名失分分析"))
        rows = []
        for line, gaps in lost:
            for gap in gaps[:3]:
                if gap.lost > 0:
                    rows.append([line.name, gap.name, _two(gap.own), _two(gap.leader), gap.leader_name, _two(gap.lost)])
        document.table(rows, header=[_("考核对象"), _("指标"), _("得分"), _("最高分"), _("最高分单位"), _("加权失分")])
    return document.render()
