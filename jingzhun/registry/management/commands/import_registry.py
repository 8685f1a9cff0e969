from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jingzhun.accounts.models import User
from jingzhun.core.access import allows
from jingzhun.registry.services import registry_import


class Command(BaseCommand):
    help = (
        "Import a registry workbook (户信息 / 人员信息 / 村信息; .xlsx .xls .ods .csv). All or nothing: "
        "every error is listed as 'sheet, row, column: message' and nothing is written. Exit 0 on success."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, help="year of the income columns when the file has no 年度 column")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--user", help="import as this user (his scope and name in the audit log); default: the whole map"
        )

    def handle(self, *args, file: Path, year, dry_run, user, verbosity, **options):  # type: ignore[no-untyped-def]
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        actor = self._actor(user)
        with tqdm(total=100, desc="导入", unit="%", disable=verbosity < 1) as bar:

            def progress(done: int, total: int, message: str) -> None:
                bar.set_postfix_str(message)
                bar.n = int(done * 100 / total) if total else 0
                bar.refresh()

            with file.open("rb") as handle:
                outcome = registry_import(
                    user=actor, file=handle, filename=file.name, year=year, dry_run=dry_run, progress=progress
                )
        for warning in outcome.warnings:
            self.stderr.write(f"提示：{warning}")
        if outcome.errors:
            for error in outcome.errors:
                self.stderr.write(f"错误：{error}")
            raise CommandError(f"{len(outcome.errors)} 处错误，未写入任何数据。")
        counts = "；".join(
            f"{name} 新增 {c.created}、更新 {c.updated}、无变化 {c.unchanged}" for name, c in outcome.counts.items()
        )
        if dry_run:
            self.stdout.write(f"检查通过（未写入）：{counts}")
        elif not outcome.changed:
            self.stdout.write(f"没有变化：{counts}")
        else:
            self.stdout.write(f"导入完成：{counts}")

    def _actor(self, username: str | None) -> User:
        if username is None:
            # An unsaved administrator: the whole map, recorded in the audit log as "manage.py".
            return User(username="manage.py", role="admin", is_superuser=True)
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {username!r}.")
        if not allows(actor, "add", "registry"):
            raise CommandError(f"User {username!r} may not change the registry (role {actor.role}).")
        return actor
