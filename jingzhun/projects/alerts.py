"""Alerts of the project year for a given date (预警), computed over all projects at once.

Three queries whatever the number of projects: the open milestones past their date, the
projects with their latest progress, last report, planned dates and money (each a
correlated subquery the database answers from an index), and the assets without an
upkeep record this year. The rules then look at those few thousand rows:

- ``overdue``: a milestone not reached by its planned date (the earliest one per project);
- ``at_risk``: between the planned start and the planned end of the main works, the
  reported percent lies more than ``risk_tolerance`` points under the straight line from
  0 % at the start to 100 % at the end;
- ``stalled``: a project under way whose last report (or, without any, its planned start)
  is more than ``stalled_days`` days old;
- ``money_ahead`` / ``money_behind``: disbursed money (as a share of the budget) more than
  ``money_gap`` points ahead of or behind the physical progress — also after acceptance,
  when the physical progress is 100 % by definition and unpaid money is still owed;
- ``no_upkeep``: an asset handed over before the date with no upkeep record in its year.

The three thresholds are business parameters (``projects.alerts.*``), which a run may override.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from jingzhun.core.excel.writer import csv_writer
from jingzhun.core.parameters import parameter_values
from jingzhun.projects.choices import (
    ACTIVE_STATUSES,
    ALERT_SHORT_LABELS,
    FINISHED_STATUSES,
    UNDER_WAY_STATUSES,
    AlertKind,
    MilestoneKey,
    ProjectStatus,
)
from jingzhun.projects.models import Asset, Disbursement, ProgressReport, Project, ProjectMilestone, UpkeepRecord


@dataclass(frozen=True)
class AlertThresholds:
    """Thresholds of the alerts, as the rules apply them."""

    stalled_days: int
    money_gap: int  # percentage points between money and physical progress
    risk_tolerance: int  # percentage points under the straight line


@dataclass(frozen=True)
class AlertParams:
    """Thresholds for one run (the dispatch meeting may tighten or relax them); None = the parameter in force.

    The thresholds in force are the business parameters ``projects.alerts.*`` (declared in
    projects/parameters.py, set by the city office on the parameters page).
    """

    stalled_days: int | None = None
    money_gap: int | None = None
    risk_tolerance: int | None = None

    def resolve(self, *, year: int, region: str = "") -> AlertThresholds:
        """Return the thresholds: these where given, else the parameters in force in ``year`` for ``region``."""
        in_force = parameter_values("projects.alerts", year=year, region=region)
        given = {name: value for name, value in asdict(self).items() if value is not None}
        return AlertThresholds(**{**in_force, **given})


@dataclass(frozen=True)
class Alert:
    project_id: int
    project_code: str
    project_name: str
    region_id: str
    kind: str
    days: int | None
    message: str

    @property
    def kind_label(self) -> str:
        return str(AlertKind(self.kind).label)

    @property
    def short_label(self) -> str:
        return str(ALERT_SHORT_LABELS[AlertKind(self.kind)])


def _latest(field: str, on: datetime.date) -> Subquery:
    reports = ProgressReport.objects.filter(project=OuterRef("pk"), date__lte=on).order_by("-date", "-id")
    return Subquery(reports.values(field)[:1])


def _planned(key: str, field: str = "planned_date") -> Subquery:
    return Subquery(ProjectMilestone.objects.filter(project=OuterRef("pk"), key=key).values(field)[:1])


def progress_rows(
    projects: QuerySet[Project], on: datetime.date, *, statuses: tuple[str, ...] | None = ACTIVE_STATUSES
) -> QuerySet:
    """Return the projects with what the progress and money rules need, as of ``on`` (one query).

    Only projects in ``statuses`` (the active ones by default; ``None``: every project, as the
    ledger export and the timeline show them).
    """
    disbursed = (
        Disbursement.objects.filter(project=OuterRef("pk"), date__lte=on)
        .order_by()
        .values("project")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    if statuses is not None:
        projects = projects.filter(status__in=statuses)
    return (
        projects.order_by()
        .annotate(
            percent=_latest("percent", on),
            last_report=_latest("date", on),
            start_planned=_planned(MilestoneKey.START),
            main_planned=_planned(MilestoneKey.MAIN_WORKS),
            main_actual=_planned(MilestoneKey.MAIN_WORKS, "actual_date"),
            paid=Coalesce(Subquery(disbursed), Value(0), output_field=DecimalField(max_digits=14, decimal_places=2)),
        )
        .values(
            "pk",
            "code",
            "name",
            "region_id",
            "status",
            "budget",
            "percent",
            "last_report",
            "start_planned",
            "main_planned",
            "main_actual",
            "paid",
        )
    )


def project_alerts(
    projects: QuerySet[Project],
    *,
    on: datetime.date,
    params: AlertParams | AlertThresholds | None = None,
    region: str = "",
) -> list[Alert]:
    """Return the alerts of ``projects`` on the date ``on``, ordered by project code and kind.

    The thresholds are ``params`` where given, else the parameters in force in the year of
    ``on`` for the division code or prefix ``region``.
    """
    if not isinstance(params, AlertThresholds):
        params = (params or AlertParams()).resolve(year=on.year, region=region)
    alerts: list[Alert] = []
    alerts.extend(_overdue(projects, on))
    for row in progress_rows(projects, on, statuses=(*ACTIVE_STATUSES, ProjectStatus.ACCEPTED)):
        alerts.extend(_progress_alerts(row, on, params))
    alerts.extend(_no_upkeep(projects, on))
    order = {kind: i for i, kind in enumerate(AlertKind.values)}
    alerts.sort(key=lambda a: (a.project_code, order[a.kind]))
    return alerts


def _overdue(projects: QuerySet[Project], on: datetime.date) -> list[Alert]:
    rows = (
        ProjectMilestone.objects.filter(
            project__in=projects.filter(status__in=ACTIVE_STATUSES).values("pk"),
            actual_date__isnull=True,
            planned_date__lt=on,
        )
        .order_by("project_id", "planned_date")
        .values_list("project_id", "project__code", "project__name", "project__region_id", "key", "planned_date")
    )
    seen: set[int] = set()
    alerts = []
    labels = dict(MilestoneKey.choices)
    for pk, code, name, region, key, planned in rows:
        if pk in seen:
            continue
        seen.add(pk)
        days = (on - planned).days
        message = _("“%(milestone)s”节点应于 %(date)s 完成，已逾期 %(days)s 天") % {
            "milestone": labels[key],
            "date": planned.isoformat(),
            "days": days,
        }
        alerts.append(Alert(pk, code, name, region, AlertKind.OVERDUE, days, message))
    return alerts


def _progress_alerts(row: dict, on: datetime.date, params: AlertThresholds) -> list[Alert]:
    alerts = []

    def alert(kind: str, days: int | None, message: str) -> None:
        alerts.append(Alert(row["pk"], row["code"], row["name"], row["region_id"], kind, days, message))

    percent = row["percent"]
    finished = row["status"] in FINISHED_STATUSES
    done = finished or row["main_actual"] is not None or (percent or 0) >= 100
    start, end = row["start_planned"], row["main_planned"]
    if not done and start and end and start <= on < end:
        span = (end - start).days
        expected = Decimal(100 * (on - start).days) / span
        actual = Decimal(percent or 0)
        if actual < expected - params.risk_tolerance:
            lag = round((expected - actual) / 100 * span)
            alert(
                AlertKind.AT_RISK,
                lag,
                _("按期完工今日应达 %(expected)s%%，实际 %(actual)s%%，落后约 %(days)s 天")
                % {"expected": round(expected), "actual": actual, "days": lag},
            )
    if not done and row["status"] in UNDER_WAY_STATUSES:
        since = row["last_report"] or start
        if since and since <= on:
            idle = (on - since).days
            if idle > params.stalled_days:
                if row["last_report"]:
                    message = _("最近一次进度报告为 %(date)s，已 %(days)s 天未报") % {
                        "date": since.isoformat(),
                        "days": idle,
                    }
                else:
                    message = _("计划开工 %(date)s 以来 %(days)s 天无进度报告") % {
                        "date": since.isoformat(),
                        "days": idle,
                    }
                alert(AlertKind.STALLED, idle, message)
    budget = row["budget"]
    paid = row["paid"] or Decimal(0)
    if budget and (paid or percent is not None or finished):
        money = paid * 100 / budget
        physical = Decimal(100) if finished else Decimal(percent or 0)
        facts = {"money": round(money), "physical": physical}
        if money - physical > params.money_gap:
            alert(AlertKind.MONEY_AHEAD, None, _("已拨付资金占总投资 %(money)s%%，形象进度仅 %(physical)s%%") % facts)
        elif physical - money > params.money_gap:
            alert(AlertKind.MONEY_BEHIND, None, _("形象进度 %(physical)s%%，已拨付资金仅占总投资 %(money)s%%") % facts)
    return alerts


def _no_upkeep(projects: QuerySet[Project], on: datetime.date) -> list[Alert]:
    kept = UpkeepRecord.objects.filter(year=on.year).values("asset_id")
    rows = (
        Asset.objects.filter(project__in=projects.values("pk"), handed_over__lte=on)
        .exclude(pk__in=kept)
        .values_list("project_id", "project__code", "project__name", "project__region_id", "handed_over")
    )
    alerts = []
    new_year = datetime.date(on.year, 1, 1)
    for pk, code, name, region, handed_over in rows:
        days = (on - max(handed_over, new_year)).days
        message = _("资产移交后 %(year)s 年度尚无管护记录") % {"year": on.year}
        alerts.append(Alert(pk, code, name, region, AlertKind.NO_UPKEEP, days, message))
    return alerts


def write_alerts_csv(out: Any, alerts: list[Alert]) -> int:
    """Write alerts as CSV with the columns ``project,alert,days,message``; return the rows written."""
    writer = csv_writer(out)
    writer.writerow(["project", "alert", "days", "message"])
    for alert in alerts:
        writer.writerow([alert.project_code, alert.kind, "" if alert.days is None else alert.days, alert.message])
    return len(alerts)
