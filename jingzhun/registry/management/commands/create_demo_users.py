from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jingzhun.registry.demo.users import DEMO_PASSWORD, demo_users_create, write_table


class Command(BaseCommand):
    help = "Create or update one demo account per role on the Ankang map (idempotent)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--password", default=DEMO_PASSWORD, help="shared password of the demo accounts")

    def handle(self, *args, password: str, **options):  # type: ignore[no-untyped-def]
        try:
            users = demo_users_create(password=password)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        write_table(self.stdout, users, password)
