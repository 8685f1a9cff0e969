"""The login form, refusing an address that is trying many user names (password spraying).

django-axes locks a user name after ``JINGZHUN_LOGIN_FAILURE_LIMIT`` failures from one
address; one password tried against many names never reaches that. This form also counts
the failures from the address across all names in the cool-off period (axes' own records)
and refuses to check a password once they reach ``JINGZHUN_LOGIN_ADDRESS_FAILURE_LIMIT``.
"""

from __future__ import annotations

import datetime
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _


def address_failures(ip_address: str | None) -> int:
    """Return the failed logins from ``ip_address`` in the cool-off period, over every user name."""
    if not ip_address:
        return 0
    since = timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        address = self.request.META.get("REMOTE_ADDR") if self.request is not None else None
        limit = int(getattr(settings, "JINGZHUN_LOGIN_ADDRESS_FAILURE_LIMIT", 20))
        if address_failures(address) >= limit:
            raise ValidationError(
                _("该地址登录失败次数过多，已暂停登录，请 %(minutes)s 分钟后再试或联系系统管理员。")
                % {"minutes": int(float(settings.AXES_COOLOFF_TIME) * 60)},
                code="address_locked",
            )
        return super().clean()
