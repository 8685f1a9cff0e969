"""What relocation shows in the command centre: construction, moving in and old houses vacated."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingzhun.core import formatting
from jingzhun.core.panels import BAD, GOOD, WARN, Figure, Panel, PanelContext, PanelData, panel_register
from jingzhun.relocation.models import Site
from jingzhun.relocation.rates import fraction, site_rates


def _tone(rate: object) -> str:
    if rate is None:
        return ""
    return GOOD if rate >= 1 else WARN if rate >= 0.8 else BAD  # type: ignore[operator]


def _relocation(ctx: PanelContext) -> PanelData | None:
    """易地搬迁: units built, households moved in, old houses vacated, at the sites of the place."""
    rows = site_rates(Site.objects.for_user(ctx.user).in_region(ctx.prefix))
    if not rows:
        return None
    total = {key: sum(getattr(row, key) for row in rows) for key in ("planned_units", "completed_units", "households")}
    moved = sum(row.moved_in for row in rows)
    vacated, due = sum(row.vacated for row in rows), sum(row.due for row in rows)
    built, moved_in, reclaimed = (
        fraction(total["completed_units"], total["planned_units"]),
        fraction(moved, total["households"]),
        fraction(vacated, due),
    )
    figures = [
        Figure(_("安置点"), formatting.quantity(len(rows), _("个"))),
        Figure(_("搬迁户"), formatting.quantity(total["households"], _("户"))),
        Figure(_("住房建成率"), formatting.percent(built, 1), tone=_tone(built)),
        Figure(_("搬迁入住率"), formatting.percent(moved_in, 1), tone=_tone(moved_in)),
        Figure(_("旧房拆除率"), formatting.percent(reclaimed, 1), tone=_tone(reclaimed)),
    ]
    return PanelData(figures, link=reverse("relocation:dashboard"))


panel_register(Panel("relocation", gettext_lazy("易地搬迁"), _relocation, access=("view", "relocation"), order=85))
