"""Declarative description of the sheets an import accepts, and the issue every step reports.

A ``SheetSchema`` names a sheet (with the names offices also give it) and its columns; a
``Column`` names one field, the headers real files use for it, and the kind of value it
holds. The reader matches headers through these names, ``cleaning`` turns raw cells into
Python values by kind, and every problem found on the way is an ``ImportIssue``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "int", "decimal", "bool", "date", "id_number", "choice", "region_code", "year"]
KINDS: frozenset[str] = frozenset(
    {"text", "int", "decimal", "bool", "date", "id_number", "choice", "region_code", "year"}
)
Severity = Literal["error", "warning"]

# Full-width ASCII (！ to ～) sits 0xFEE0 above its half-width form; U+3000 is the ideographic space;
# zero-width characters are what Word, WPS and web pages leave in copied text.
_WIDTH_TABLE = (
    {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
    | {0x3000: 0x20}
    | dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
)
_FOLDABLE = re.compile("[\uff01-\uff5e\u3000\u200b-\u200d\u2060\ufeff]")
_HEADER_MARKS = re.compile(r"\((必填|必填项|选填|可选)\)|[*★☆]|\s+")
_CHOICE_NOISE = re.compile(r"[\s()\[\]【】]+")


def fold_width(text: str) -> str:
    """Return ``text`` with full-width letters, digits, punctuation and spaces made half-width.

    Chinese characters and Chinese-only punctuation (、。《》) are kept as they are.
    """
    # Most cells have nothing to fold, and a search is much cheaper than a translation.
    return text.translate(_WIDTH_TABLE) if _FOLDABLE.search(text) else text


def normalize_header(value: object) -> str:
    """Return the form of a header cell used for matching.

    Full-width folded, upper-cased, with spaces, line breaks and the marks of required
    columns (``*``, ``★``, ``（必填）``) removed: ``"* 证件\\n号码（必填）"`` → ``"证件号码"``.
    """
    if value is None:
        return ""
    return _HEADER_MARKS.sub("", fold_width(str(value))).upper()


def choice_key(value: str) -> str:
    """Return the form of a choice label or code used for matching.

    Folded to half-width, upper case, without spaces and brackets: ``"A 级（安全）"`` and
    ``"a级安全"`` are the same choice.
    """
    return _CHOICE_NOISE.sub("", fold_width(value)).upper()


def choice_map(pairs: Iterable[tuple[str, object]], variants: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return a ``choices`` mapping for a ``Column`` from ``(code, label)`` pairs.

    Every label and every code maps to the code; ``variants`` adds other spellings
    (``{"已脱贫": "1"}``). The first key that maps to a code is its display label.
    """
    mapping: dict[str, str] = {}
    codes: list[str] = []
    for code, label in pairs:
        mapping.setdefault(str(label), code)
        codes.append(code)
    for code in codes:
        mapping.setdefault(code, code)
    for label, code in (variants or {}).items():
        mapping.setdefault(label, code)
    return mapping


@dataclass(frozen=True)
class Column:
    """One column of a sheet.

    ``choices`` maps every accepted label, code and variant to the stored code (see
    ``choice_map``); codes written as numbers (``1`` for ``"01"``) are accepted too.
    ``multi`` lets a choice cell hold several labels separated by 、,，;；/ or spaces.
    ``fill_merged`` lets the reader fill an empty cell from the row above when the file
    format keeps no merged-cell information (CSV, ODS), see ``reader.read_workbook``.
    """

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    kind: Kind = "text"
    required: bool = False
    choices: Mapping[str, str] | None = None
    multi: bool = False
    fill_merged: bool = False
    note: str = ""
    lookup: Mapping[str, str] = field(init=False, repr=False, compare=False)
    # Cleaning results of repeated raw values (cleaning.clean_cell), for kinds with few distinct values.
    memo: dict[tuple[type, object, str | None], tuple[Any, str | None]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column {self.key!r}: unknown kind {self.kind!r}")
        if (self.kind == "choice") != (self.choices is not None):
            raise ValueError(f"column {self.key!r}: choices are given exactly for kind 'choice'")
        if self.multi and self.kind != "choice":
            raise ValueError(f"column {self.key!r}: only choice columns can be multi")
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "lookup", self._build_lookup())

    def _build_lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for label, code in (self.choices or {}).items():
            lookup.setdefault(choice_key(label), code)
        # A code typed into a numeric cell loses its leading zeros ("01" → 1).
        for code in set((self.choices or {}).values()):
            if code.isdigit():
                lookup.setdefault(str(int(code)), code)
        return lookup

    @property
    def names(self) -> tuple[str, ...]:
        """Return the header followed by its aliases."""
        return (self.header, *self.aliases)

    @property
    def labels(self) -> list[str]:
        """Return the display label of each code, in the order the choices were given."""
        seen: dict[str, str] = {}
        for label, code in (self.choices or {}).items():
            seen.setdefault(code, label)
        return list(seen.values())

    def label_for(self, code: str) -> str:
        """Return the display label of ``code`` (the code itself if it is not a choice)."""
        for label, value in (self.choices or {}).items():
            if value == code:
                return label
        return code


@dataclass(frozen=True)
class SheetSchema:
    """One sheet of an import: its name, the names offices also give it, and its columns.

    ``key_columns`` identify a row (户编号, 人编号 …). An optional sheet (``required=False``)
    may be left out of a workbook; a required one missing is an error.
    """

    name: str
    aliases: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()
    key_columns: tuple[str, ...] = ()
    required: bool = True
    header_lookup: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "columns", tuple(self.columns))
        object.__setattr__(self, "key_columns", tuple(self.key_columns))
        keys = [column.key for column in self.columns]
        duplicates = sorted({key for key in keys if keys.count(key) > 1})
        if duplicates:
            raise ValueError(f"sheet {self.name!r}: duplicate column keys {duplicates}")
        unknown = [key for key in self.key_columns if key not in keys]
        if unknown:
            raise ValueError(f"sheet {self.name!r}: key columns {unknown} are not columns")
        lookup: dict[str, Column] = {}
        for column in self.columns:
            for name in column.names:
                normalized = normalize_header(name)
                other = lookup.setdefault(normalized, column)
                if other is not column:
                    raise ValueError(
                        f"sheet {self.name!r}: header {name!r} names both {other.key!r} and {column.key!r}"
                    )
        object.__setattr__(self, "header_lookup", lookup)

    @property
    def names(self) -> tuple[str, ...]:
        """Return the sheet name followed by its aliases."""
        return (self.name, *self.aliases)

    def column(self, key: str) -> Column:
        """Return the column with ``key``. Raise KeyError if there is none."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class ImportIssue:
    """One problem found in an uploaded file: where it is and what to fix, in Chinese.

    ``row`` is the row number as the spreadsheet shows it (1-based); ``row`` and the column
    are None for problems of a whole sheet or file. Warnings do not block an import.
    """

    sheet: str
    row: int | None
    column_key: str | None
    column_header: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        place = [self.sheet] if self.sheet else []
        if self.row is not None:
            place.append(f"第 {self.row} 行")
        if self.column_header:
            place.append(self.column_header)
        return f"{', '.join(place)}: {self.message}" if place else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class IssueList:
    """For a result that holds ``issues``: its errors (which block) and its warnings (which do not)."""

    issues: list[ImportIssue]

    @property
    def errors(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if issue.is_error]

    @property
    def warnings(self) -> list[ImportIssue]:
        return [issue for issue in self.issues if not issue.is_error]
