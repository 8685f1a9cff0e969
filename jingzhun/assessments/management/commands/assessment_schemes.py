"""``manage.py assessment_schemes``: install the shipped schemes, the city's counties and their peer group."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from jingzhun.assessments.services import defaults_install


class Command(BaseCommand):
    help = "Install the shipped assessment schemes and the peer group of the city's counties (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model()(username="manage.py", role="admin", is_superuser=True)
        schemes = defaults_install(user=user)
        self.stdout.write("已安装考核方案：" + "、".join(scheme.name for scheme in schemes.values()))
