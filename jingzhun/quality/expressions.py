"""SQL expressions the checks need that differ between SQLite and PostgreSQL, built from fixed parts.

Everything an ID number encodes (shape, check digit, sex, birth date) is computed in the
database, so a check over the whole registry is one query. Guards sit inside ``CASE`` so
that PostgreSQL never casts a non-digit character, whatever order it evaluates a WHERE in.
"""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, CharField, Expression, Func, Value
from django.db.models.functions import Cast, Concat

# Weights of the 17 body digits of an 18-digit resident ID number (GB 11643), and the
# check character for each remainder of the weighted sum modulo 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def _shape_sql(column: str, vendor: str, shape: str) -> str:
    """SQL that is true when ``column`` has the shape: "18" (17 digits + digit or X) or "15" (15 digits)."""
    if vendor == "postgresql":
        # TRANSLATE removes the digits; much cheaper per row than a regular expression.
        if shape == "18":
            return (
                f"(LENGTH({column}) = 18 AND TRANSLATE(SUBSTR({column}, 1, 17), '0123456789', '') = ''"
                f" AND STRPOS('0123456789X', SUBSTR({column}, 18, 1)) > 0)"
            )
        return f"(LENGTH({column}) = 15 AND TRANSLATE({column}, '0123456789', '') = '')"
    if shape == "18":
        return (
            f"(LENGTH({column}) = 18 AND SUBSTR({column}, 1, 17) NOT GLOB '*[^0-9]*'"
            f" AND SUBSTR({column}, 18, 1) GLOB '[0-9X]')"
        )
    return f"(LENGTH({column}) = 15 AND {column} NOT GLOB '*[^0-9]*')"


def _check_digit_sql(column: str) -> str:
    terms = " + ".join(f"CAST(SUBSTR({column}, {i + 1}, 1) AS INTEGER) * {w}" for i, w in enumerate(WEIGHTS))
    return f"SUBSTR('{CHECK_CHARACTERS}', (({terms}) %% 11) + 1, 1)"


class _ColumnFunc(Func):
    """A function of one text column whose SQL is composed here (per database vendor)."""

    arity = 1

    def compose(self, column: str, vendor: str) -> str:
        raise NotImplementedError

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        if params:
            raise ValueError("ID expressions take a column, not a parameter")
        return self.compose(column, connection.vendor), []


class IdShape(_ColumnFunc):
    """True if the ID number is 18 characters (17 digits and a digit or X) or, with ``shape="15"``, 15 digits."""

    output_field = BooleanField()

    def __init__(self, expression: Any, shape: str = "18") -> None:
        super().__init__(expression)
        self.shape = shape

    def compose(self, column: str, vendor: str) -> str:
        return _shape_sql(column, vendor, self.shape)


class IdCheckDigit(_ColumnFunc):
    """The check character an 18-digit ID number should end with (NULL if it is not of that shape)."""

    output_field = CharField()

    def compose(self, column: str, vendor: str) -> str:
        return f"(CASE WHEN {_shape_sql(column, vendor, '18')} THEN {_check_digit_sql(column)} END)"


class IdChecksumWrong(_ColumnFunc):
    """True if the ID number has the 18-character shape but its last character is not the check character.

    One evaluation of the weighted sum per row (a filter on ``IdCheckDigit`` would compute it
    twice: once for NULL, once for the comparison).
    """

    output_field = BooleanField()

    def compose(self, column: str, vendor: str) -> str:
        return (
            f"(CASE WHEN {_shape_sql(column, vendor, '18')}"
            f" THEN {_check_digit_sql(column)} <> SUBSTR({column}, 18, 1) ELSE FALSE END)"
        )


class IdTruncated(_ColumnFunc):
    """True if an 18-character ID number ends in 00 and its check character is wrong (Excel kept 15 digits).

    The weighted sum is computed only for the numbers ending in 00.
    """

    output_field = BooleanField()

    def compose(self, column: str, vendor: str) -> str:
        return (
            f"(CASE WHEN {column} LIKE '%%00' AND {_shape_sql(column, vendor, '18')}"
            f" THEN {_check_digit_sql(column)} <> SUBSTR({column}, 18, 1) ELSE FALSE END)"
        )


class IdMalformed(_ColumnFunc):
    """True if the ID number is neither 18 characters (17 digits and a digit or X) nor 15 digits,
    and not a number Excel wrote in scientific notation (``IdTruncated``'s check reports those).
    """

    output_field = BooleanField()

    def compose(self, column: str, vendor: str) -> str:
        return (
            f"(CASE LENGTH({column}) WHEN 18 THEN NOT {_shape_sql(column, vendor, '18')}"
            f" WHEN 15 THEN NOT {_shape_sql(column, vendor, '15')} ELSE TRUE END"
            f" AND {column} NOT LIKE '%%E+%%')"
        )


class IdSexMismatch(Func):
    """True if the registered sex contradicts the sex digit of an 18- or 15-digit ID number (one evaluation)."""

    arity = 2
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        sex, sex_params = compiler.compile(self.source_expressions[1])
        if params or sex_params:
            raise ValueError("ID expressions take columns, not parameters")
        vendor = connection.vendor

        def parity(position: int) -> str:
            return f"(CASE WHEN CAST(SUBSTR({column}, {position}, 1) AS INTEGER) %% 2 = 1 THEN '1' ELSE '2' END)"

        sql = (
            f"(CASE WHEN {_shape_sql(column, vendor, '18')} THEN {parity(17)} <> {sex}"
            f" WHEN {_shape_sql(column, vendor, '15')} THEN {parity(15)} <> {sex} ELSE FALSE END)"
        )
        return sql, []


class IdBirthMismatch(Func):
    """True if the registered birth date differs from the one an 18- or 15-digit ID number encodes."""

    arity = 2
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        column, params = compiler.compile(self.source_expressions[0])
        birth, birth_params = compiler.compile(self.source_expressions[1])
        if params or birth_params:
            raise ValueError("ID expressions take columns, not parameters")
        vendor = connection.vendor
        digits = f"TO_CHAR({birth}, 'YYYYMMDD')" if vendor == "postgresql" else f"REPLACE({birth}, '-', '')"
        sql = (
            f"(CASE WHEN {_shape_sql(column, vendor, '18')} THEN SUBSTR({column}, 7, 8) <> {digits}"
            f" WHEN {_shape_sql(column, vendor, '15')} THEN '19' || SUBSTR({column}, 7, 6) <> {digits}"
            " ELSE FALSE END)"
        )
        return sql, []


def doubtful_sql(number: str, sex: str, birth: str, vendor: str) -> str:
    """SQL true for a member whose ID number some identity check could report (see ``IdDoubtful``).

    Only immutable functions (no ``TO_CHAR``), so that the database can keep the members it
    selects in a partial index: the birth date is compared as the number YYYYMMDD.
    """
    if vendor == "postgresql":
        born = f"(EXTRACT(YEAR FROM {birth}) * 10000 + EXTRACT(MONTH FROM {birth}) * 100 + EXTRACT(DAY FROM {birth}))"
        birth_differs = f"CAST(SUBSTR({number}, 7, 8) AS INTEGER) <> {born}"
    else:
        birth_differs = f"SUBSTR({number}, 7, 8) <> REPLACE({birth}, '-', '')"
    parity = f"(CASE WHEN CAST(SUBSTR({number}, 17, 1) AS INTEGER) %% 2 = 1 THEN '1' ELSE '2' END)"
    return (
        f"(CASE WHEN {_shape_sql(number, vendor, '18')} THEN ({_check_digit_sql(number)} <> SUBSTR({number}, 18, 1)"
        f" OR {parity} <> {sex} OR {birth_differs}) ELSE TRUE END)"
    )


class IdDoubtful(Func):
    """True unless the ID number is 18 characters whose check digit, sex digit and birth date all agree.

    Every member an identity check (ID-01 to ID-06) reports is doubtful, and few others are:
    a run finds these once and the identity checks examine only them. The same SQL is the
    condition of the partial index ``memberindex.DOUBTFUL_INDEX``, so finding them reads
    that index instead of computing the check digit of every member.
    """

    arity = 3
    output_field = BooleanField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        if any(params for _sql, params in compiled):
            raise ValueError("ID expressions take columns, not parameters")
        number, sex, birth = (sql for sql, _params in compiled)
        return doubtful_sql(number, sex, birth, connection.vendor), []


class IdBirthDigits(_ColumnFunc):
    """Birth date as YYYYMMDD that an 18- or 15-digit ID number encodes, else NULL."""

    output_field = CharField()

    def compose(self, column: str, vendor: str) -> str:
        return (
            f"(CASE WHEN {_shape_sql(column, vendor, '18')} THEN SUBSTR({column}, 7, 8)"
            f" WHEN {_shape_sql(column, vendor, '15')} THEN '19' || SUBSTR({column}, 7, 6) END)"
        )


class DateDigits(_ColumnFunc):
    """A date column as YYYYMMDD text."""

    output_field = CharField()

    def compose(self, column: str, vendor: str) -> str:
        if vendor == "postgresql":
            return f"TO_CHAR({column}, 'YYYYMMDD')"
        return f"REPLACE({column}, '-', '')"


def text(value: Any) -> Expression:
    """A value or expression as text, for building messages (numbers cast, text as is)."""
    if isinstance(value, str):
        return Value(value, output_field=CharField())
    if hasattr(value, "resolve_expression"):  # any expression, F or Subquery (not an Expression subclass)
        return Cast(value, CharField())
    return Value(str(value), output_field=CharField())


def message(*parts: Any) -> Expression:
    """Concatenate fixed text and expressions into one message column."""
    pieces = [text(p) for p in parts]
    if len(pieces) == 1:
        return pieces[0]
    return Concat(*pieces, output_field=CharField())
