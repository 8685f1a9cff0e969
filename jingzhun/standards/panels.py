"""What the exit standards show in the command centre: how many planned villages and counties pass."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core.panels import BAD, GOOD, WARN, Figure, Panel, PanelContext, PanelData, Row, panel_register
from jingzhun.standards import readiness, services
from jingzhun.standards.choices import Level


def _region_url(code: str) -> str:
    return reverse("regions:detail", args=[code])


def _readiness(ctx: PanelContext) -> PanelData | None:
    """退出准备: the year's planned villages and counties against the latest official run."""
    village_facts, county_facts = readiness.planned_exit_facts(ctx.region, ctx.year)
    figures: list[Figure] = []
    rows: list[Row] = []
    for label, facts, code_field, level in (
        (_("贫困村出列"), village_facts, "village_id", Level.VILLAGE),
        (_("贫困县摘帽"), county_facts, "county_id", Level.COUNTY),
    ):
        run = services.latest_official_run(level=level, year=ctx.year, region_code=ctx.region.code)
        places, counts = readiness.planned_exits(facts, code_field=code_field, run=run, limit=5)
        if not counts["planned"]:
            continue
        behind = counts["failing"] + counts["missing"]
        figures.append(
            Figure(
                label,
                _("{passing}/{planned} 达标").format(passing=counts["passing"], planned=counts["planned"]),
                tone=GOOD if not behind else BAD if counts["failing"] else WARN,
                hint=_("{missing} 个未评估").format(missing=counts["missing"]) if counts["missing"] else "",
            )
        )
        rows += [
            Row(
                p.region.name,
                "、".join(p.failures[:2]) or _("不达标"),
                reverse("regions:detail", args=[p.region.code]),
                BAD,
            )
            for p in places
            if p.result is not None and not p.result.passed
        ][:5]
    if not figures:
        return None
    link = reverse("dashboard") + f"?region={ctx.region.code}"
    return PanelData(figures, rows=rows, link=link, note=_("按最近一次正式评估"))


panel_register(Panel("readiness", gettext_lazy("退出准备"), _readiness, access=("view", "standards"), order=20))
