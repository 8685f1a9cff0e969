"""What East–West cooperation shows in the command centre: the year's indicators against their targets."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from jingzhun.cooperation import models as m
from jingzhun.cooperation.indicators import format_value, indicators_compute
from jingzhun.core.panels import BAD, GOOD, Figure, Panel, PanelContext, PanelData, panel_register

LEDGERS = (m.AidFund, m.Exchange, m.Training, m.LabourRecord, m.Purchase, m.Investment, m.Meeting, m.Pairing)


def _cooperation(ctx: PanelContext) -> PanelData | None:
    """东西部协作: the indicators of the year with a target, met or not (the rest shown as figures)."""
    bases: dict[str, Any] = {model.__name__: model._default_manager.for_user(ctx.user) for model in LEDGERS}
    values = indicators_compute(prefix=ctx.prefix, year=ctx.year, base=bases)
    shown = [v for v in values if v.value]
    if not shown:
        return None
    figures = [
        Figure(v.label, format_value(v.code, v.value), tone="" if v.met is None else GOOD if v.met else BAD)
        for v in shown[:6]
    ]
    return PanelData(figures, link=reverse("cooperation:dashboard") + f"?year={ctx.year}")


panel_register(Panel("cooperation", gettext_lazy("东西部协作"), _cooperation, access=("view", "cooperation"), order=80))
