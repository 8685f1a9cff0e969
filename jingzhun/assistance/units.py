"""The helping units' side: unit scorecards, coverage gaps, and the monthly attendance bulletin (Word).

连带责任 (a unit answers for its villages planned to exit that fail the official village
evaluation) needs the exit evaluations of the exits app: ``failed_exit_villages`` is the
seam, an empty mapping until that app fills the hook ``assistance_failed_villages``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from jingzhun.assistance import measures
from jingzhun.assistance.models import Assignment, Cadre, HelpingUnit, UnitPlan, UnitVisit
from jingzhun.core.documents import Document
from jingzhun.regions.models import Region, VillageYear
from jingzhun.registry.choices import STILL_POOR_STATUSES
from jingzhun.registry.models import Household


@dataclass
class UnitLine:
    unit: HelpingUnit
    villages: int = 0
    cadres: int = 0
    average_score: Decimal | None = None
    visit_months: int = 0
    months_due: int = 0
    four_ones: int = 0
    failed_villages: list[str] = field(default_factory=list)


def failed_exit_villages(year: int) -> dict[str, str]:
    """Return ``{village code: reason}`` of villages planned to exit in ``year`` that failed the evaluation.

    Filled by the app that owns the exit evaluation through a module ``<app>.assistance_hooks``
    with a function ``assistance_failed_villages(year)``; empty while none is installed.
    """
    found: dict[str, str] = {}
    for app in settings.INSTALLED_APPS:
        name = f"{app}.assistance_hooks"
        if app.startswith("jingzhun.") and find_spec(app) and find_spec(name):
            found.update(import_module(name).assistance_failed_villages(year))
    return found


def unit_scorecard(*, user: Any, year: int, date: datetime.date) -> list[UnitLine]:
    """Return one line per helping unit with villages in the user's scope."""
    assignments = Assignment.objects.for_user(user).select_related("unit")
    lines: dict[int, UnitLine] = {}
    villages_of: dict[int, set[str]] = {}
    for a in assignments:
        lines.setdefault(a.unit_id, UnitLine(unit=a.unit))
        villages_of.setdefault(a.unit_id, set()).add(a.village_id)
    for unit_id, villages in villages_of.items():
        lines[unit_id].villages = len(villages)
    cadres = Cadre.objects.for_user(user).filter(unit_id__in=list(lines))
    scores = measures.scorecard(year=year, date=date, cadres=cadres)
    unit_of = dict(cadres.values_list("pk", "unit_id"))
    totals: dict[int, list[Decimal]] = {}
    for score in scores:
        totals.setdefault(unit_of[score.cadre], []).append(score.score)
    for unit_id, values in totals.items():
        lines[unit_id].cadres = len(values)
        lines[unit_id].average_score = (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.1"))
    months = (
        UnitVisit.objects.filter(unit_id__in=list(lines), date__year=year, date__lte=date)
        .annotate(month=ExtractMonth("date"))
        .values("unit_id")
        .annotate(n=Count("month", distinct=True))
        .values_list("unit_id", "n")
    )
    for unit_id, n in months:
        lines[unit_id].visit_months = n
    for unit_id, done in UnitPlan.objects.filter(unit_id__in=list(lines), year=year).values_list(
        "unit_id", "four_ones_done"
    ):
        lines[unit_id].four_ones += done
    failed = failed_exit_villages(year)
    due = date.month if date.year == year else 12
    for unit_id, line in lines.items():
        line.months_due = due
        line.failed_villages = sorted(code for code in villages_of[unit_id] if code in failed)
    return sorted(lines.values(), key=lambda line: (line.unit.level, line.unit.name))


def unassigned_villages(*, user: Any, year: int) -> list[Region]:
    """Poor villages (贫困村 of the year) in the user's scope that no helping unit helps."""
    poor = VillageYear.objects.for_user(user).filter(year=year, is_poor_village=True).values("village_id")
    assigned = Assignment.objects.filter(start_year__lte=year).exclude(end_year__lt=year).values("village_id")
    return list(Region.objects.filter(code__in=poor).exclude(code__in=assigned).order_by("code"))


def unpaired_households(*, user: Any) -> QuerySet[Household]:
    """Poor households (not yet exited) in the user's scope without a cadre (结对帮扶)."""
    return (
        Household.objects.for_user(user)
        .filter(status__in=STILL_POOR_STATUSES, pairing__isnull=True)
        .select_related("village")
        .order_by("code")
    )


def attendance_bulletin(*, year: int, date: datetime.date, cadres: Any, title: str = "") -> bytes:
    """The monthly attendance section of the bulletin (通报) as a Word document."""
    rows = measures.attendance(year=year, date=date, cadres=cadres)
    below = [row for row in rows if row.below]
    names = dict(Region.objects.filter(code__in={row.village for row in rows}).values_list("code", "name"))
    doc = Document(title=title or _("驻村干部在岗情况通报"), timestamp=datetime.datetime.combine(date, datetime.time()))
    doc.heading(_("一、总体情况"))
    doc.paragraph(
        _("截至%(date)s，共统计驻村干部 %(n)s 名，其中住村天数未达到要求的 %(below)s 名。")
        % {"date": f"{date.year}年{date.month}月{date.day}日", "n": len(rows), "below": len(below)}
    )
    doc.heading(_("二、住村天数不足的干部"))
    if below:
        doc.table(
            [
                [
                    row.name,
                    names.get(row.village, row.village),
                    str(row.days),
                    str(row.required),
                    f"{row.rate * 100:.1f}%",
                ]
                for row in below
            ],
            header=[_("姓名"), _("行政村"), _("在村天数"), _("应在村天数"), _("住村率")],
        )
    else:
        doc.paragraph(_("无。"))
    return doc.render()
