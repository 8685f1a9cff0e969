from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from jingzhun.accounts.services import DEMO_PASSWORD, DemoUser, demo_users_create


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


def write_table(stdout, users: list[DemoUser], password: str) -> None:  # type: ignore[no-untyped-def]
    """Print username / role / region / password, one account per line."""
    rows = [("用户名", "角色", "管辖区域", "显示名", "密码")]
    rows += [(u.username, u.role, u.region_name, u.display_name, password) for u in users]
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        stdout.write("  ".join(cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)))


def _width(text: str) -> int:
    """Return the display width (CJK characters take two columns)."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
