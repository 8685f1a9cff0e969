"""What an import plans: cleaned rows, the kinds of rows it writes, and each row bound to its instance."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models

from jingzhun.core.excel import ImportIssue, SheetData
from jingzhun.core.imports.binding import changed_fields


@dataclass
class Row:
    """A cleaned row of a sheet with where it came from.

    ``bad`` holds the columns whose cells were refused already (a later check of the same
    column would only repeat the complaint).
    """

    sheet: SheetData
    number: int
    values: dict[str, Any]
    bad: set[str] = field(default_factory=set)

    def issue(self, key: str | None, message: str, severity: str = "error") -> ImportIssue:
        """Return an issue at column ``key`` of this row (the whole row if ``key`` is not a column)."""
        header = self.sheet.headers.get(key) if key else None
        if key and header is None:
            column = next((c for c in self.sheet.schema.columns if c.key == key), None)
            header = column.header if column else None
            key = key if column else None
        return ImportIssue(self.sheet.title, self.number, key, header, message, severity)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Target:
    """A kind of row an importer writes: its name in the counts, model, natural key and label.

    ``key`` names the attributes (``household_id``, not ``household``) that find a new row
    again after the bulk insert.
    """

    name: str
    model: type[models.Model]
    key: tuple[str, ...]
    label: Any = ""


@dataclass
class Planned:
    """A row of the file bound to the instance it creates or changes, ready to be written.

    ``before`` holds the stored values (by attribute name), None for a new row; ``fields``
    the fields the file sets; ``region`` the division code the row belongs to (scope and
    audit); ``parent`` the natural key of the row it hangs from when that is written first
    (a member's household code).
    """

    row: Row
    instance: Any
    before: dict[str, Any] | None
    fields: list[str]
    region: str = ""
    parent: Any = None
    _changed: list[str] | None = field(default=None, repr=False)

    @property
    def created(self) -> bool:
        return self.before is None

    def changed_fields(self) -> list[str]:
        if self.before is None:
            return self.fields
        if self._changed is None:
            self._changed = changed_fields(self.instance, self.before, self.fields)
        return self._changed
