"""Use cases of return-to-poverty monitoring: record the screened households, record a risk event."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.access import require
from jingzhun.core.audit import audit_context
from jingzhun.core.services import ledger_save
from jingzhun.core.workflow import workflow_start
from jingzhun.monitoring.choices import reason_labels
from jingzhun.monitoring.models import MonitoringObject, RiskEvent
from jingzhun.monitoring.screening import monitoring_screen
from jingzhun.registry.models import Household


@transaction.atomic
def monitoring_record(
    *, user: Any, year: int, prefix: str = "", on: datetime.date | None = None
) -> list[MonitoringObject]:
    """Screen ``prefix`` for ``year`` and record each household found as a monitoring object.

    All or nothing; each object is saved through the ledger services (scope, audit) and its
    workflow started. Raise PermissionDenied if the user may not add monitoring objects.
    """
    require(user, "add", MonitoringObject, _("当前角色无权纳入防返贫监测对象。"))
    candidates = monitoring_screen(year=year, prefix=prefix)
    households = Household.objects.for_user(user).in_bulk([c.code for c in candidates], field_name="code")
    on = on or timezone.localdate()
    created = []
    with audit_context(actor=user, reason=_("{year} 年防返贫监测筛查").format(year=year)):
        for candidate in candidates:
            household = households.get(candidate.code)
            if household is None:  # outside the user's scope
                continue
            obj = ledger_save(
                user=user,
                instance=MonitoringObject(
                    household=household,
                    year=year,
                    kind=candidate.kind,
                    reasons=candidate.reasons_text,
                    risk=reason_labels(candidate.reasons_text),
                    identified_on=on,
                ),
            )
            workflow_start(user=user, obj=obj, note=_("筛查纳入：") + obj.risk)
            created.append(obj)
    return created


def risk_event_save(*, user: Any, event: RiskEvent, reason: str = "") -> RiskEvent:
    """Record or change a risk event (突发事件) of a household in the user's scope."""
    return ledger_save(user=user, instance=event, reason=reason)
