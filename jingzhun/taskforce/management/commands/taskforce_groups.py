"""``manage.py taskforce_groups --example ankang|district --region CODE``: load an example group structure."""

from __future__ import annotations

import argparse
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from jingzhun.regions.models import Region
from jingzhun.taskforce.examples import EXAMPLES, groups_example_load


class Command(BaseCommand):
    help = (
        "Register an example structure of groups in a division, to be edited afterwards: ankang "
        "(领导小组 and 八办两组五保障) or district (the eleven special task groups). Names already there are kept."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--example", choices=sorted(EXAMPLES), required=True)
        parser.add_argument("--region", required=True, help="the 12-digit code of the division (e.g. 610900000000)")
        parser.add_argument("--user", help="act as this user; default: the whole map")

    def handle(self, *args: Any, **options: Any) -> None:
        if not Region.objects.filter(code=options["region"]).exists():
            raise CommandError(f"unknown division code {options['region']!r}")
        users = get_user_model()._default_manager
        if options["user"]:
            actor = users.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(f"No active user {options['user']!r}.")
        else:
            actor = get_user_model()(username="manage.py", role="admin", is_superuser=True)
        try:
            created = groups_example_load(user=actor, region_code=options["region"], example=options["example"])
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"新增工作组 {len(created)} 个：{'、'.join(g.name for g in created) or '无'}")
