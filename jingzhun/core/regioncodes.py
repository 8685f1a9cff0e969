"""Helpers for 12-digit NBS division codes, where a subtree is a code prefix.

Levels and their significant digits: province 2, prefecture 4, county 6, township 9,
village 12 (e.g. 610902 is 汉滨区; every code that starts with it lies inside it).
"""

from collections.abc import Sequence
from typing import Any

from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Concat, Substr
from django.db.models.lookups import StartsWith

# The levels top down and the significant digits of each: the one place that knows them.
LEVEL_DIGITS = {"province": 2, "prefecture": 4, "county": 6, "township": 9, "village": 12}
LEVELS = tuple(LEVEL_DIGITS)
CODE_LENGTH = 12


def prefix_length(level: str) -> int:
    """Return the number of significant digits of a code at ``level`` (county → 6).

    Raise KeyError for an unknown level.
    """
    return LEVEL_DIGITS[level]


def pad_code(prefix: str) -> str:
    """Return the 12-digit code of the division whose significant prefix is ``prefix`` (610902 → 610902000000)."""
    if len(prefix) > CODE_LENGTH:
        raise ValueError(f"region prefix longer than {CODE_LENGTH} digits: {prefix!r}")
    return prefix.ljust(CODE_LENGTH, "0")


def prefix_of(code: str, level: str) -> str:
    """Return the significant prefix of ``code`` at ``level`` (610902000000, county → 610902)."""
    return code[: LEVEL_DIGITS[level]]


def code_at(code: str, level: str) -> str:
    """Return the 12-digit code of the division at ``level`` that contains ``code``.

    610902001001 at county → 610902000000.
    """
    return pad_code(prefix_of(code, level))


def significant_prefix(code: str) -> str:
    """Return ``code`` without the zero padding of its level (610902000000 → 610902)."""
    for digits in LEVEL_DIGITS.values():
        if code[digits:].strip("0") == "":
            return code[:digits]
    return code


def level_of(code: str) -> str:
    """Return the level of a division code or significant prefix (610902000000 or 610902 → county).

    Raise ValueError if ``code`` is not a run of digits that a level can have.
    """
    if not code.isdigit() or len(code) > CODE_LENGTH:
        raise ValueError(f"not a region code: {code!r}")
    digits = len(significant_prefix(pad_code(code)))
    for level, length in LEVEL_DIGITS.items():
        if length >= digits:
            return level
    raise AssertionError("unreachable: the village level has every digit")


def child_level(level: str) -> str | None:
    """Return the level just below ``level`` (county → township; None below a village)."""
    position = LEVELS.index(level)
    return LEVELS[position + 1] if position + 1 < len(LEVELS) else None


def ancestor_codes(prefix: str) -> list[str]:
    """Return the 12-digit codes of the divisions above the subtree ``prefix``, top down.

    610902 → [610000000000, 610900000000]; a 12-digit village code also gives its township.
    """
    return [pad_code(prefix[:digits]) for digits in LEVEL_DIGITS.values() if digits < len(prefix)]


def prefix_expression(field: str, level: str) -> Substr:
    """Return SQL for the significant prefix of the code in ``field`` at ``level`` (SUBSTR(field, 1, n))."""
    return Substr(field, 1, LEVEL_DIGITS[level])


def code_expression(field: str, level: str) -> Substr | Concat:
    """Return SQL for the 12-digit code of the division at ``level`` containing the code in ``field``.

    The prefix padded with zeros in the database, so rows group and join on whole codes.
    """
    digits = LEVEL_DIGITS[level]
    if digits == CODE_LENGTH:
        return prefix_expression(field, level)
    return Concat(prefix_expression(field, level), Value("0" * (CODE_LENGTH - digits)), output_field=CharField())


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
