"""Ledger tables (django-tables2) declared once, feeding both the list page and its Excel export.

What you see is what you export: the export writes the table's visible columns, in the
page's order, with the same headers and the cell values of the same column definitions
(a column's ``value`` — or the table's ``value_<name>`` — is the text of a cell without its
HTML). A column is left out of the export only when it says so (``exclude_from_export``,
e.g. a column of action links).

Personal data (ID numbers, phones, bank cards, health) goes in a ``PersonalColumn``:
masked unless the table was made with ``reveal=True``, which the generic views allow only
to roles with the policy's ``reveal`` action, and log (``core.services.personal_data_log``).
"""

from __future__ import annotations

import datetime
import decimal
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any, ClassVar

import django_tables2 as tables
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.utils import A, signature

from jingzhun.core import formatting
from jingzhun.core.excel.writer import new_workbook
from jingzhun.core.masking import Kind, mask_text, mask_value

EXPORT_CHUNK = 2000


# One mask per kind of personal data (``core.masking``, the rule every page, export and API
# response follows); ``text`` scrubs identifiers out of free text (a message quoting an ID).
MASKS: dict[str, Callable[[str], str]] = {
    **{kind.value: functools.partial(mask_value, kind) for kind in Kind},
    "text": mask_text,
}


class PersonalColumn(tables.Column):
    """A column of personal data: masked (``610902********1234``) unless the table reveals it.

    ``kind`` is ``id_number``, ``phone``, ``bank_card``, ``birth_date``, ``health``, or ``text``
    for free text that may quote an identifier.
    """

    def __init__(self, *args: Any, kind: str = "id_number", **kwargs: Any) -> None:
        if kind not in MASKS:
            raise ValueError(f"unknown kind of personal data {kind!r}")
        if kind not in ("health", "text"):
            attrs = kwargs.setdefault("attrs", {})
            attrs.setdefault("td", {}).setdefault("class", "id-number")
        super().__init__(*args, **kwargs)
        self.kind = kind

    def shown(self, value: Any, table: Any) -> str:
        text = force_str(value)
        return text if getattr(table, "reveal", False) else MASKS[self.kind](text)

    def render(self, value: Any, table: Any) -> str:  # type: ignore[override]
        return self.shown(value, table)

    def value(self, value: Any, table: Any) -> str:  # type: ignore[override]
        return self.shown(value, table)


class NumberColumn(tables.Column):
    """A count or amount: right-aligned with thousands separators on the page, a number in Excel."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        attrs = kwargs.setdefault("attrs", {})
        attrs.setdefault("td", {}).setdefault("class", "num")
        attrs.setdefault("th", {}).setdefault("class", "num")
        super().__init__(*args, **kwargs)

    def render(self, value: Any) -> str:
        return formatting.number(value)

    def value(self, value: Any) -> Any:  # type: ignore[override]
        return value


class DateColumn(tables.Column):
    """A date (or the local date of a time) written 2019-07-31 on the page and in Excel."""

    def render(self, value: Any) -> str:
        return local_date(value)

    def value(self, value: Any) -> str:  # type: ignore[override]
        return local_date(value)


def local_date(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return value.strftime("%Y-%m-%d")
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m-%d")
    return force_str(value)


class LinkedColumn(tables.Column):
    """The column that links a row to its detail page (when the table's view has one)."""

    def render(self, value: Any, record: Any, table: Any) -> str:
        url = table.row_url(record) if getattr(table, "row_url", None) else None
        return format_html('<a href="{}">{}</a>', url, value) if url else force_str(value)

    def value(self, value: Any) -> Any:  # type: ignore[override]
        return value


def _orderable_in_sql(model: type[Model] | None, accessor: str) -> bool:
    """Return True if ``accessor`` is a path of database fields of ``model`` (so SQL can sort by it)."""
    if model is None:
        return False
    current: Any = model
    for bit in A(accessor).bits:
        try:
            field = current._meta.get_field(bit)
        except (FieldDoesNotExist, AttributeError):
            return False
        if field.is_relation:
            current = field.related_model
    return True


class LedgerTable(tables.Table):
    """Base of every ledger table: the site's look, page and export from one declaration.

    ``reveal`` shows personal data unmasked (the view decides and logs it); ``row_url``
    (set by the view) links a ``LinkedColumn`` to the row's detail page; ``cache`` holds
    look-ups that columns make once per batch of rows in ``prepare`` (e.g. region names).
    ``export_widths`` sets Excel column widths by column name.
    """

    export_widths: ClassVar[dict[str, int]] = {}
    export_sheet: ClassVar[Any] = ""

    class Meta:
        attrs = {"class": "table table-sm table-hover table-jz nowrap mb-0"}
        empty_text = _("没有符合条件的记录")
        template_name = "core/ledger/_table.html"

    def __init__(self, data: Any = None, *args: Any, reveal: bool = False, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.reveal = reveal
        self.row_url: Callable[[Any], str | None] | None = None
        self.cache: dict[str, Any] = {}
        model = getattr(self._meta, "model", None) or getattr(getattr(self.data, "data", None), "model", None)
        for bound in self.columns.iterall():
            column = bound.column
            sortable = column.order_by is not None or _orderable_in_sql(model, bound.accessor)
            if column.orderable is not False and not sortable:
                column.orderable = False

    # --- what is shown, and exported -----------------------------------------------------------

    def export_columns(self) -> list[Any]:
        """Return the bound columns the export writes: the page's visible columns, in order."""
        return [bound for bound in self.columns if not bound.column.exclude_from_export]

    def export_headers(self) -> list[str]:
        return [force_str(bound.header) for bound in self.export_columns()]

    def page_headers(self) -> list[str]:
        return [force_str(bound.header) for bound in self.columns]

    def has_personal_columns(self) -> bool:
        return any(isinstance(bound.column, PersonalColumn) for bound in self.columns)

    def prepare(self, records: Sequence[Any]) -> None:
        """Let columns load what they need for ``records`` at once (called per page and per export chunk)."""
        for bound in self.columns:
            prepare = getattr(bound.column, "prepare", None)
            if prepare is not None:
                prepare(records, self)

    def records(self) -> Iterator[Any]:
        """Yield every record of the (ordered, filtered) data, fetched in chunks."""
        data = self.data.data
        if isinstance(data, QuerySet):
            yield from data.iterator(chunk_size=EXPORT_CHUNK)
        else:
            yield from data

    def export_rows(self) -> Iterator[list[Any]]:
        """Yield the header row, then one list of cell values per record (all pages)."""
        getters = [_cell_getter(self, bound) for bound in self.export_columns()]
        yield self.export_headers()
        for chunk in _chunks(self.records(), EXPORT_CHUNK):
            self.prepare(chunk)
            for record in chunk:
                yield [getter(record) for getter in getters]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _cell_getter(table: LedgerTable, bound: Any) -> Callable[[Any], Any]:
    """Return a function giving the export value of ``bound``'s cell for a record.

    The same as django-tables2's ``BoundRow.get_cell_value`` (choices shown by their
    labels, empty values as None, then the table's ``value_<name>`` or ``render_<name>``,
    else the column's ``value``), with the work that does not depend on the record done
    once per column instead of once per cell: which method to call and with which
    arguments, and the labels of the choices in the active language.
    """
    column = bound.column
    accessor = A(bound.accessor)
    model = getattr(table._meta, "model", None) or getattr(getattr(table.data, "data", None), "model", None)
    field = accessor.get_field(model) if model is not None else None
    choices = (
        {key: force_str(label) for key, label in field.flatchoices}
        if field is not None and getattr(field, "choices", None)
        else None
    )
    value_fn = bound.value
    if getattr(value_fn, "__func__", None) is tables.Column.value:
        # The column's default ``value`` is its ``render``: call that directly.
        value_fn = column.render
        if getattr(value_fn, "__func__", None) is tables.Column.render:
            value_fn = None  # the value as it is
    wanted, catch_all = signature(value_fn) if value_fn is not None else ((), None)
    empty = column.empty_values

    def cell(record: Any) -> Any:
        try:
            value = accessor.resolve(record)
        except Exception:
            value = None
        if choices is not None and isinstance(record, Model):
            value = choices.get(value, value)
        if value in empty:
            return None
        if value_fn is None:
            return force_str(value, strings_only=True)
        arguments = {
            "value": value,
            "record": record,
            "column": column,
            "bound_column": bound,
            "bound_row": None,
            "table": table,
        }
        if not catch_all:
            arguments = {key: arguments[key] for key in wanted if key in arguments}
            if len(arguments) != len(wanted):
                return None
        return force_str(value_fn(**arguments), strings_only=True)

    return cell


def table_workbook_write(table: LedgerTable, out: IO[bytes] | str, *, sheet_name: str = "") -> int:
    """Write every row of ``table`` (all pages, its order) to an xlsx workbook; return the number of rows.

    Numbers are written as numbers; text (ID numbers, codes) always as text, never
    converted; dates as 2019-07-31.
    """
    workbook = new_workbook(out, {"constant_memory": True})
    sheet = workbook.add_worksheet(str(sheet_name or table.export_sheet or "Sheet1")[:31])
    header_format = workbook.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    rows = table.export_rows()
    headers = next(rows)
    names = [bound.name for bound in table.export_columns()]
    names += [""] * (len(headers) - len(names))  # columns a table adds for the reader to fill in
    for col, (name, header) in enumerate(zip(names, headers, strict=True)):
        sheet.write_string(0, col, header, header_format)
        sheet.set_column(col, col, table.export_widths.get(name, max(8, 2 * len(header) + 2)))
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, count, col, value)
    workbook.close()
    return count


def _write_cell(sheet: Any, row: int, col: int, value: Any) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, formatting.yes_no(value))
    elif isinstance(value, int | float | decimal.Decimal):
        sheet.write_number(row, col, value)
    elif isinstance(value, datetime.date):
        sheet.write_string(row, col, local_date(value))
    else:
        sheet.write_string(row, col, force_str(value))
