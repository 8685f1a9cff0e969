"""Helpers for 12-digit NBS division codes, where a subtree is a code prefix.

Levels and their significant digits: province 2, prefecture 4, county 6, township 9,
village 12 (e.g. 610902 is 汉滨区; every code that starts with it lies inside it).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import F, Q
from django.db.models.lookups import StartsWith

LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}
CODE_LENGTH = 12


def prefix_of(code: str, level: str) -> str:
    """Return the significant prefix of ``code`` at ``level`` (610902000000, county → 610902)."""
    return code[: LEVEL_DIGITS[level]]


def significant_prefix(code: str) -> str:
    """Return ``code`` without the zero padding of its level (610902000000 → 610902)."""
    for digits in (2, 4, 6, 9):
        if code[digits:].strip("0") == "":
            return code[:digits]
    return code


def prefix_q(field: str, prefix: str) -> Q:
    """Return a Q matching rows whose ``field`` lies in the subtree ``prefix``.

    A range (prefix ≤ value < next prefix) instead of LIKE, so that an ordinary index on
    the code column serves the filter on both SQLite and PostgreSQL. Codes are digits, so
    the range is the same under any collation.
    """
    if not prefix:
        return Q()
    if not prefix.isdigit():
        raise ValueError(f"region prefix must be digits, got {prefix!r}")
    upper_number = int(prefix) + 1
    upper = str(upper_number).zfill(len(prefix))
    if len(upper) > len(prefix):  # prefix was all nines: no upper bound needed
        return Q(**{f"{field}__gte": prefix})
    return Q(**{f"{field}__gte": prefix, f"{field}__lt": upper})


def is_within(code: str, prefix: str) -> bool:
    """Return True if ``code`` lies in the subtree ``prefix`` ("" is everywhere)."""
    return code.startswith(prefix)


def region_prefix(value: str) -> str | None:
    """Return the code prefix a user-typed region value stands for (None if it is not a code).

    A full 12-digit code stands for its subtree (610902000000 → 610902); a shorter run of
    digits is taken as a prefix as it is.
    """
    value = value.strip()
    if not value.isdigit() or len(value) > CODE_LENGTH:
        return None
    return significant_prefix(value) if len(value) == CODE_LENGTH else value


def prefix_successor(prefix: str) -> str | None:
    """Return the least string above every string that starts with ``prefix`` (None if none is).

    Trailing U+10FFFF (the last code point) are dropped, then the last character is
    incremented, skipping the surrogates, which never occur in stored text:
    王 → 玌, 王\\U0010ffff → 玌, \\ud7ff → \\ue000.
    """
    stem = prefix.rstrip("\U0010ffff")
    if not stem:
        return None
    following = ord(stem[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:
        following = 0xE000
    return stem[:-1] + chr(following)


class TextPrefix(StartsWith):
    """``field`` starts with a text, written so that an ordinary index on ``field`` serves it.

    PostgreSQL (and any other database) gets ``LIKE 'text%'``, which an index with the
    ``varchar_pattern_ops`` operator class serves under any collation (Django adds such an
    index for ``db_index`` and ``unique`` text fields; ``Meta.indexes`` name it). SQLite
    cannot serve LIKE from a plain index, so there it is the half-open range ``text ≤ field <
    successor``: the default BINARY collation compares UTF-8 bytes, in code-point order, so
    the range holds exactly the strings that start with the text (case-sensitive on every
    database, as PostgreSQL's LIKE is).
    """

    def as_sqlite(self, compiler: Any, connection: Any) -> tuple[str, Sequence[Any]]:
        if not (self.rhs_is_direct_value() and isinstance(self.rhs, str)):
            return self.as_sql(compiler, connection)
        column, column_params = self.process_lhs(compiler, connection)
        upper = prefix_successor(self.rhs)
        if upper is None:
            return f"{column} >= %s", (*column_params, self.rhs)
        return f"({column} >= %s AND {column} < %s)", (*column_params, self.rhs, *column_params, upper)


def text_prefix_q(field: str, text: str) -> Q:
    """Return a Q matching rows whose text ``field`` starts with ``text``, served by an index.

    Use it instead of ``__startswith`` for searches over large tables (see TextPrefix).
    """
    return Q(TextPrefix(F(field), text))
