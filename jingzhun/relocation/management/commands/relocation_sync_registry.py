from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from jingzhun.core.regioncodes import region_prefix
from jingzhun.relocation.services import relocation_registry_sync


class Command(BaseCommand):
    help = (
        "Set the registry's relocation facts (易地扶贫搬迁户, 搬迁已入住) of a year from the relocation ledger, "
        "so that the housing rule reads the ledger (relocated and moved in = safe housing)."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--region", help="a division code or prefix, e.g. 610902 (default: everywhere)")
        parser.add_argument("--user", help="act as this user (default: an administrator of the whole map)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        prefix = region_prefix(options["region"]) if options["region"] else ""
        if prefix is None:
            raise CommandError(f"--region must be a division code, got {options['region']!r}")
        model = get_user_model()
        if options["user"]:
            user = model._default_manager.filter(username=options["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"No active user {options['user']!r}.")
        else:  # an unsaved administrator: the whole map, recorded in the audit log as "manage.py"
            user = model(username="manage.py", role="admin", is_superuser=True)
        changed = relocation_registry_sync(user=user, year=options["year"], prefix=prefix)
        self.stdout.write(f"{changed} 条年度数据的搬迁标识已按易地搬迁台账更新")
