"""The importer: read → clean → bind and validate every row → write all or nothing, audited.

See the package docstring (``jingzhun.core.imports``) for how an app declares one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any, ClassVar

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from jingzhun.core.access import require, target_label
from jingzhun.core.audit import audit_context, new_batch, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.excel import (
    ImportIssue,
    RawRow,
    ReadResult,
    SheetData,
    SheetSchema,
    SpreadsheetError,
    clean_values,
    read_workbook,
)
from jingzhun.core.imports.binding import Pairs, assign_values, model_errors
from jingzhun.core.imports.plan import Planned, Row, Target
from jingzhun.core.imports.result import Counts, ImportResult
from jingzhun.core.imports.writing import Writer, chunks, events_write
from jingzhun.core.scoping import user_may_see_code

Progress = Callable[[int, int, str], None]

_IMPORTERS: dict[str, type[Importer]] = {}


def importer_for(name: str) -> type[Importer]:
    """Return the importer registered under ``name``. Raise LookupError if there is none."""
    try:
        return _IMPORTERS[name]
    except KeyError:
        raise LookupError(f"no importer named {name!r}") from None


def importers() -> dict[str, type[Importer]]:
    """Return every registered importer by name."""
    return dict(_IMPORTERS)


class Importer:
    """One import of one file for one user: subclass it, declare, and implement ``check``.

    Declarations (class attributes): ``name`` (registers the importer), ``label`` (the page
    and job title), ``targets``, ``access_target`` (default: the first target's model),
    ``actions`` the user needs on it, ``denied_message``, ``ignore_sheets``, ``notes`` (the
    rules shown on the import page), ``template_filename`` (with ``template_write``),
    ``failure_message``, ``result_class``. Hooks: ``sheet_schemas``, ``read``,
    ``clean_row``, ``check`` (required), ``counts``, ``write``.
    """

    name: ClassVar[str] = ""
    label: ClassVar[Any] = ""
    targets: ClassVar[tuple[Target, ...]] = ()
    access_target: ClassVar[Any] = None
    actions: ClassVar[tuple[str, ...]] = ("add", "change")
    denied_message: ClassVar[Any] = None
    ignore_sheets: ClassVar[tuple[str, ...]] = ()
    notes: ClassVar[tuple[Any, ...]] = ()
    template_filename: ClassVar[str] = ""
    failure_message: ClassVar[Any] = gettext_lazy("文件中有 %(n)s 处错误，未写入任何数据。请按错误清单修改后重新导入。")
    result_class: ClassVar[type[ImportResult]] = ImportResult
    do_not_call_in_templates = True  # pages show the class's label and notes

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("name")
        if not name:
            return
        other = _IMPORTERS.get(name)
        if other is not None and (other.__module__, other.__qualname__) != (cls.__module__, cls.__qualname__):
            raise ImproperlyConfigured(f"two importers are named {name!r}: {other.__qualname__}, {cls.__qualname__}")
        _IMPORTERS[name] = cls

    def __init__(
        self,
        *,
        user: Any,
        file: str | IO[bytes],
        filename: str,
        dry_run: bool = False,
        progress: Progress | None = None,
    ) -> None:
        self.user = user
        self.file = file
        self.filename = filename
        self.dry_run = dry_run
        self.progress: Progress = progress or (lambda done, total, message: None)
        self.prefix: str = user.scope_prefix
        self.result = self.result_class(filename=filename, dry_run=dry_run)
        self.result.labels = {t.name: str(t.label or t.model._meta.verbose_name) for t in self.targets}
        self.planned: dict[str, dict[Any, Planned]] = {t.name: {} for t in self.targets}
        self._events: list[tuple[Any, ...]] = []
        self._written: dict[type[models.Model], list[Any]] = {}
        self._writer: Writer | None = None
        self._in_scope: dict[str, bool] = {}  # division code → in the importer's scope

    @property
    def issues(self) -> list[ImportIssue]:
        return self.result.issues

    # Access ------------------------------------------------------------------------------

    @classmethod
    def access(cls) -> Any:
        """Return what the access policy is asked about (a model or an app label)."""
        return cls.access_target or cls.targets[0].model

    @classmethod
    def access_label(cls) -> str:
        return target_label(cls.access())

    @classmethod
    def require_access(cls, user: Any) -> None:
        """Raise PermissionDenied (Chinese) unless ``user`` may take every one of ``actions``."""
        for action in cls.actions:
            require(user, action, cls.access(), str(cls.denied_message) if cls.denied_message else None)

    @classmethod
    def audit_label(cls) -> str:
        """Return the model label of the import's own audit event (``registry.Import``)."""
        config = apps.get_containing_app_config(cls.__module__)
        return f"{config.label if config else cls.__module__}.Import"

    # The run ---------------------------------------------------------------------------------

    def run(self) -> ImportResult:
        """Validate the whole file, then write all of it or nothing. Raise PermissionDenied if not allowed."""
        self.require_access(self.user)
        self.progress(0, 100, _("读取文件"))
        if self.prefix == "-":
            self.file_error(_("您的账号没有管辖区域，不能导入。"))
            return self.result
        try:
            read = self.read()
        except SpreadsheetError as exc:
            self.issues.append(exc.issue)
            return self.result
        self.result.read = read
        self.issues.extend(read.issues)
        if read.errors:
            return self.result
        self.progress(10, 100, _("检查每一行"))
        try:
            self.process(read)
        except (ValidationError, PermissionDenied) as exc:  # a rule only the database could see
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            self.file_error("；".join(messages))
            self.result.written = False
            return self.result
        if self.result.written:
            self.progress(100, 100, _("完成"))
        return self.result

    def process(self, read: ReadResult) -> None:
        """Check every row, then write them all in one transaction when there is no error (and not a dry run).

        An importer of very large files overrides this to check and write in parts inside
        ``writing()`` (see ``registry.imports``), so that memory does not grow with the file.
        """
        self.check(read)
        self.result.counts = self.counts()
        if self.result.errors or self.dry_run:
            return
        self.progress(80, 100, _("写入数据库"))
        with self.writing():
            self.write()
            self.flush()

    @property
    def writable(self) -> bool:
        """True while what is checked may be written: not a dry run, and no error so far."""
        return not self.dry_run and not self.result.errors

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The import's one transaction and audit context: parts written inside it stand or fall together.

        On leaving, the import's own audit event is recorded with ``result.counts`` — or, if an
        error was found meanwhile or it is a dry run, everything written inside is rolled back.
        """
        batch = new_batch()
        self.result.batch = batch
        reason = _("导入 %(file)s") % {"file": self.filename}
        self._writer = Writer(actor=self.user, batch=batch, reason=reason, at=timezone.now())
        with (
            transaction.atomic(),
            audit_context(actor=self.user if self.user.pk else None, batch=batch, reason=reason),
        ):
            yield
            if not self.writable:
                transaction.set_rollback(True)
                return
            self.flush()
            record_event(
                action=AuditAction.BULK,
                model_label=self.audit_label(),
                object_pk=batch,
                object_repr=reason[:200],
                region_code=getattr(self.user, "region_id", None) or "",
                after={name: c.as_dict() for name, c in self.result.counts.items()},
                reason=reason,
            )
            self.result.written = True

    def flush(self) -> None:
        """Write the audit events of what ``save`` wrote so far and check that it lies in scope."""
        events_write(self._events)
        self._events = []
        self._recheck_scope()
        self._written = {}

    def _recheck_scope(self) -> None:
        """Check inside the transaction that every row written lies in the importer's scope.

        Scope only: the rows must be among those the user sees (region, sector, assignment);
        the role was asked once, at the start.
        """
        for model, pks in self._written.items():
            manager = model._default_manager
            if not hasattr(manager, "for_user"):
                continue
            # Row by row through the primary key (a correlated EXISTS): a scope as wide as the table
            # must not make the database scan it for every chunk.
            visible = manager.for_user(self.user, "view").filter(pk=models.OuterRef("pk"))
            for chunk in chunks(pks):
                if manager.filter(pk__in=chunk).exclude(models.Exists(visible)).exists():
                    raise ValidationError(_("写入的数据超出了您的管辖范围，已全部撤销。"))

    # Hooks ---------------------------------------------------------------------------------

    def sheet_schemas(self) -> Sequence[SheetSchema]:
        """Return the sheets the file may hold."""
        raise NotImplementedError(f"{type(self).__name__} must declare its sheets")

    def read(self) -> ReadResult:
        """Read the file (see ``core.excel.read_workbook``). Raise SpreadsheetError if it cannot be read."""
        return read_workbook(self.file, self.filename, self.sheet_schemas(), ignore_sheets=self.ignore_sheets)

    def clean_row(self, row: Row) -> None:
        """Refuse a cleaned row's cells for reasons of this import (add their keys to ``row.bad``)."""

    def check(self, read: ReadResult) -> None:
        """Bind and validate every row, reporting issues and staging the rows to write (``stage``)."""
        raise NotImplementedError

    def counts(self) -> dict[str, Counts]:
        """Return the rows created, updated and unchanged of each target, from what is staged."""
        result = {}
        for target in self.targets:
            counts = Counts()
            for planned in self.planned[target.name].values():
                if planned.created:
                    counts.created += 1
                elif planned.changed_fields():
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            result[target.name] = counts
        return result

    def write(self) -> None:
        """Write what is staged, target by target (runs in one transaction, with the import's audit context)."""
        for target in self.targets:
            self.save(target.name)

    @classmethod
    def template_write(cls, out: Any) -> None:
        """Write the empty workbook to fill in (when ``template_filename`` is declared)."""
        raise NotImplementedError

    # Tools for check() and write() ---------------------------------------------------------------

    def rows(self, sheet: SheetData | None, raws: Iterable[RawRow] | None = None) -> list[Row]:
        """Return the rows of ``sheet`` (or those ``raws`` of it) with their cells cleaned, reporting bad cells."""
        if sheet is None:
            return []
        rows = []
        columns = sheet.schema.columns
        language = get_language()
        for raw in sheet.rows if raws is None else raws:
            values, issues = clean_values(columns, raw.values, sheet=sheet.title, row=raw.number, language=language)
            self.issues.extend(issues)
            row = Row(sheet, raw.number, values, {i.column_key for i in issues if i.column_key})
            self.clean_row(row)
            rows.append(row)
        return rows

    def error(self, row: Row, key: str | None, message: str) -> None:
        self.issues.append(row.issue(key, message))

    def warn(self, row: Row, key: str | None, message: str) -> None:
        self.issues.append(row.issue(key, message, "warning"))

    def file_error(self, message: str) -> None:
        self.issues.append(ImportIssue(self.filename, None, None, None, message))

    def report(self, row: Row, pairs: Pairs) -> None:
        """Report validation messages at their columns, except on cells refused already."""
        self.issues.extend(row.issue(key, message) for key, message in pairs if key not in row.bad)

    def bind(
        self,
        row: Row,
        instance: models.Model,
        fields: Iterable[str],
        values: dict[str, Any] | None = None,
        *,
        exclude: Iterable[str] = (),
    ) -> bool:
        """Set ``fields`` of ``instance`` from the row (or ``values``) and validate them with the model's rules.

        Report every problem at its column and return True if there is none.
        """
        fields = list(fields)
        assign_values(instance, row.values if values is None else values, fields)
        pairs = model_errors(instance, fields, exclude=exclude)
        self.report(row, pairs)
        return not pairs

    def unique(self, rows: list[Row], key: str, label: str) -> set[Any]:
        """Return the values of column ``key`` that occur once; report every repeat."""
        first: dict[Any, int] = {}
        repeated: set[Any] = set()
        for row in rows:
            code = row.values.get(key)
            if not code:
                continue
            if code in first:
                repeated.add(code)
                message = _("%(label)s %(code)s 重复（第 %(row)s 行已有）。")
                self.error(row, key, message % {"label": label, "code": code, "row": first[code]})
            else:
                first[code] = row.number
        return set(first) - repeated

    def in_scope(self, code: str) -> bool:
        """Return True if the division ``code`` lies in the importer's scope (asked once per code)."""
        known = self._in_scope.get(code)
        if known is None:
            known = self._in_scope[code] = user_may_see_code(self.user, code)
        return known

    def outside_scope(self, code: str) -> str:
        """Return the message refusing a row of division ``code`` outside the importer's scope."""
        region = getattr(self.user, "region", None)
        return _("行政区划 %(code)s 不在您的管辖范围内，只能导入本辖区（%(scope)s）的数据。") % {
            "code": code,
            "scope": region.name if region else "",
        }

    def stage(
        self,
        target: str,
        key: Any,
        row: Row,
        instance: models.Model,
        before: dict[str, Any] | None,
        fields: list[str],
        *,
        region: str = "",
        parent: Any = None,
    ) -> Planned | None:
        """Plan to write ``instance`` (created if ``before`` is None) as a row of ``target``.

        A row whose ``region`` lies outside the importer's scope is refused (None).
        """
        if region and not self.in_scope(region):
            self.error(row, None, self.outside_scope(region))
            return None
        planned = Planned(row, instance, before, fields, region=region, parent=parent)
        self.planned[target][key] = planned
        return planned

    def save(self, target: str) -> None:
        """Write the staged rows of ``target`` in bulk, each changed row with its audit event."""
        spec = next(t for t in self.targets if t.name == target)
        planned = list(self.planned[target].values())
        assert self._writer is not None, "save() runs inside write()"
        self._events.extend(self._writer.save(spec.model, spec.key, planned))
        written = [p.instance.pk for p in planned if p.created or p.changed_fields()]
        self._written.setdefault(spec.model, []).extend(written)
