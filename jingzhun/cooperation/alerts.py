"""Milestones of the cooperation year as alerts: 对接 by 4-30, 投产 by 6-30, 见效 by 10-31 (business parameters)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from jingzhun.cooperation.choices import AgreementKind, PairingLevel
from jingzhun.cooperation.models import Agreement, AidFund, Pairing
from jingzhun.cooperation.querysets import active_in
from jingzhun.core.parameters import parameter_value
from jingzhun.projects.choices import ProjectStatus, ProjectType
from jingzhun.projects.models import Project


@dataclass
class Alert:
    """A milestone missed: which one, its date, what is late and where."""

    milestone: str
    due: datetime.date
    subject: str
    message: str
    region_code: str
    url_name: str = ""
    pk: Any = None


def milestone_dates(year: int, region: str = "") -> dict[str, datetime.date]:
    """The three milestones of ``year`` (对接, 投产, 见效) as dates."""
    dates = {}
    for key in ("docking", "production", "effect"):
        month, day = parameter_value(f"cooperation.milestones.{key}", year=year, region=region)
        dates[key] = datetime.date(year, month, day)
    return dates


def milestone_alerts(
    *,
    year: int,
    today: datetime.date,
    pairings: QuerySet[Pairing],
    funds: QuerySet[AidFund],
    projects: QuerySet[Project] | None = None,
    region: str = "",
) -> list[Alert]:
    """The milestones of ``year`` missed by ``today`` among the given (scoped) rows."""
    dates = milestone_dates(year, region)
    alerts: list[Alert] = []
    if today > dates["docking"]:
        signed = Agreement.objects.filter(
            kind=AgreementKind.YEARLY, year=year, signed_on__isnull=False, signed_on__lte=dates["docking"]
        ).values("pairing_id")
        late = pairings.filter(active_in(year), level__in=(PairingLevel.CITY, PairingLevel.COUNTY)).exclude(
            pk__in=signed
        )
        for pairing in late.order_by("west_region_id"):
            alerts.append(
                Alert(
                    _("对接"),
                    dates["docking"],
                    str(pairing),
                    _("%(year)s 年度协议未按期签订。") % {"year": year},
                    pairing.west_region_id,
                    "pairing-detail",
                    pairing.pk,
                )
            )
    funds = funds.filter(year=year)
    if today > dates["production"]:
        for fund in funds.filter(project__isnull=True).order_by("west_region_id", "pk"):
            alerts.append(
                Alert(
                    _("投产"),
                    dates["production"],
                    str(fund),
                    _("协作资金尚未安排到项目。"),
                    fund.west_region_id,
                    "aidfund-detail",
                    fund.pk,
                )
            )
        if projects is not None:
            idle = projects.filter(type=ProjectType.COOPERATION, plan_year=year, status=ProjectStatus.PLANNED)
            for project in idle.order_by("code"):
                alerts.append(
                    Alert(
                        _("投产"),
                        dates["production"],
                        f"{project.code} {project.name}",
                        _("协作项目仍在储备，未开工投产。"),
                        project.region_id,
                    )
                )
    if today > dates["effect"]:
        for fund in funds.filter(Q(spent__lt=F("amount"))).order_by("west_region_id", "pk"):
            alerts.append(
                Alert(
                    _("见效"),
                    dates["effect"],
                    str(fund),
                    _("协作资金支出进度 %(rate)s%%，未支出完毕。") % {"rate": fund.execution},
                    fund.west_region_id,
                    "aidfund-detail",
                    fund.pk,
                )
            )
    return alerts
