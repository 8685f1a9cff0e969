"""What the household measures show in the command centre: industry, skills, business entities and loans."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import Figure, Panel, PanelContext, PanelData, panel_register
from jingzhun.measures.models import HouseholdMeasure
from jingzhun.measures.rates import measures_rates


def _measures(ctx: PanelContext) -> PanelData | None:
    """产业就业: the year's coverage rates of the exiting households and villages of the place."""
    if not HouseholdMeasure.objects.for_user(ctx.user).in_region(ctx.prefix).exists():
        return None  # no measure recorded here yet: rates of nothing would only read 0 %
    rows = measures_rates(prefix=ctx.prefix, year=ctx.year)
    if not rows:
        return None
    rates = rows[0]
    figures = [
        Figure(_("长效产业覆盖率"), formatting.percent(rates.industry_rate, 1)),
        Figure(_("技能培训覆盖率"), formatting.percent(rates.skill_rate, 1)),
        Figure(_("新型经营主体带动村"), formatting.percent(rates.entity_rate, 1)),
        Figure(_("村集体经济覆盖率"), formatting.percent(rates.collective_rate, 1)),
        Figure(_("小额信贷获贷率"), formatting.percent(rates.loan_rate, 1)),
    ]
    return PanelData(figures, link=reverse("measures:dashboard") + f"?year={ctx.year}")


panel_register(Panel("measures", gettext_lazy("产业就业"), _measures, access=("view", "measures"), order=90))
