"""The management command of an import: ``manage.py import_<x> FILE [--dry-run] [--user NAME]``.

Output (a public contract): every warning on stderr as ``提示：…``, every error as
``错误：…`` and exit 1 with ``N 处错误，未写入任何数据。``; on success one line on stdout,
``检查通过（未写入）：…``, ``没有变化：…`` or ``导入完成：…``, followed by the counts
``<name> 新增 n、更新 n、无变化 n`` joined by ``；``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from jingzhun.core.access import allows
from jingzhun.core.imports.base import Importer
from jingzhun.core.imports.result import ImportResult


class ImportCommand(BaseCommand):
    """Run ``importer`` on a file as a user (default: an administrator of the whole map, named manage.py).

    Declare ``importer``, ``help``, ``subject`` (what the user may not change, in the refusal),
    ``count_names`` (how the counts are named; default: the importer's keys) and
    ``progress_bar``; add the importer's options with ``add_options`` and map them to its
    keyword arguments with ``importer_options``.
    """

    importer: ClassVar[type[Importer]]
    subject: ClassVar[str] = "this data"
    count_names: ClassVar[dict[str, str]] = {}
    progress_bar: ClassVar[bool] = False

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        self.add_options(parser)
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument(
            "--user", help="import as this user (his scope and name in the audit log); default: the whole map"
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        """Add the importer's own options."""

    def importer_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """Return the importer's keyword arguments from the parsed options."""
        return {}

    def handle(self, *args: Any, **options: Any) -> None:
        file: Path = options["file"]
        if not file.exists():
            raise CommandError(f"File not found: {file}")
        actor = self.actor(options["user"])
        with file.open("rb") as handle, self._progress(options["verbosity"]) as progress:
            result = self.importer(
                user=actor,
                file=handle,
                filename=file.name,
                dry_run=options["dry_run"],
                progress=progress,
                **self.importer_options(options),
            ).run()
        self.report(result)

    def report(self, result: ImportResult) -> None:
        for warning in result.warnings:
            self.stderr.write(f"提示：{warning}")
        if result.errors:
            for error in result.errors:
                self.stderr.write(f"错误：{error}")
            raise CommandError(f"{len(result.errors)} 处错误，未写入任何数据。")
        counts = "；".join(
            f"{self.count_names.get(name, name)} 新增 {c.created}、更新 {c.updated}、无变化 {c.unchanged}"
            for name, c in result.counts.items()
        )
        if result.dry_run:
            self.stdout.write(f"检查通过（未写入）：{counts}")
        elif not result.changed:
            self.stdout.write(f"没有变化：{counts}")
        else:
            self.stdout.write(f"导入完成：{counts}")

    def actor(self, username: str | None) -> Any:
        """Return the user the import runs as; raise CommandError if he may not import."""
        from django.contrib.auth import get_user_model

        model = get_user_model()
        if username is None:
            # An unsaved administrator: the whole map, recorded in the audit log as "manage.py".
            return model(username="manage.py", role="admin", is_superuser=True)
        actor = model._default_manager.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {username!r}.")
        if not all(allows(actor, action, self.importer.access()) for action in self.importer.actions):
            raise CommandError(f"User {username!r} may not change {self.subject} (role {actor.role}).")
        return actor

    def _progress(self, verbosity: int) -> Any:
        return _Bar(enabled=self.progress_bar and verbosity >= 1)


class _Bar:
    """A percentage bar on stderr (tqdm) fed by the importer's progress calls; nothing when disabled."""

    def __init__(self, *, enabled: bool) -> None:
        self.bar = tqdm(total=100, desc="导入", unit="%", disable=not enabled)

    def __enter__(self) -> Callable[[int, int, str], None]:
        def progress(done: int, total: int, message: str) -> None:
            self.bar.set_postfix_str(message)
            self.bar.n = int(done * 100 / total) if total else 0
            self.bar.refresh()

        return progress

    def __exit__(self, *exc: object) -> None:
        self.bar.close()
