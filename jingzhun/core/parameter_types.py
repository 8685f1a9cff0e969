"""The declared business parameters: their value types and the registry every app declares into.

Kept apart from ``jingzhun.core.parameters`` (the reads and the service) because the model
validates a stored value against its declaration, and the reads need the model. Apps use
``jingzhun.core.parameters``, which re-exports everything here.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

NAME_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"

_TRUE = {"1", "true", "yes", "y", "是", "√"}
_FALSE = {"0", "false", "no", "n", "否", "×"}
_PAIR_SEPARATORS = re.compile(r"\s*(?:-|–|—|~|～|,|，|、|至|到)\s*")


class ParameterUndeclared(LookupError):
    """A parameter name that no app has declared (a programming error, not bad input)."""


class ValueType:
    """How the values of one kind of parameter are read, stored (JSON) and shown.

    ``parse`` accepts the stored JSON, a Python value or the text typed in a form, and raises
    ValidationError with a Chinese message when it does not fit; ``display`` writes the text
    that ``parse`` reads back.
    """

    code = ""
    label: Any = ""
    example = ""
    multiline = False  # typed in a text area, one item per line

    def parse(self, raw: Any) -> Any:
        raise NotImplementedError

    def to_json(self, value: Any) -> Any:
        return value

    def display(self, value: Any) -> str:
        return str(value)

    def numbers(self, value: Any) -> tuple[Any, ...]:
        """Return the numbers in ``value`` that a declaration's bounds apply to."""
        return ()


class IntegerType(ValueType):
    code = "integer"
    label = gettext_lazy("整数")
    example = "30000"

    def parse(self, raw: Any) -> int:
        if isinstance(raw, bool):
            raise ValidationError(_("应为整数。"))
        if isinstance(raw, int):
            return raw
        if isinstance(raw, Decimal) and raw == raw.to_integral_value():
            return int(raw)
        text = str(raw).strip().replace(",", "").replace("，", "")
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        raise ValidationError(_("应为整数，不是“%(value)s”。") % {"value": raw})

    def numbers(self, value: int) -> tuple[int, ...]:
        return (value,)


class DecimalType(ValueType):
    code = "decimal"
    label = gettext_lazy("数值")
    example = "0.5"

    def parse(self, raw: Any) -> Decimal:
        if isinstance(raw, bool):
            raise ValidationError(_("应为数值。"))
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except InvalidOperation:
            raise ValidationError(_("应为数值，不是“%(value)s”。") % {"value": raw}) from None
        if not value.is_finite():
            raise ValidationError(_("应为数值，不是“%(value)s”。") % {"value": raw})
        return value

    def to_json(self, value: Decimal) -> str:
        return str(value)  # exact: JSON numbers would go through binary floating point

    def numbers(self, value: Decimal) -> tuple[Decimal, ...]:
        return (value,)


class TextType(ValueType):
    code = "text"
    label = gettext_lazy("文本")

    def parse(self, raw: Any) -> str:
        if not isinstance(raw, str):
            raise ValidationError(_("应为文本。"))
        return raw.strip()


class BooleanType(ValueType):
    code = "boolean"
    label = gettext_lazy("是/否")
    example = "是"

    def parse(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValidationError(_("应为“是”或“否”。"))

    def display(self, value: bool) -> str:
        return _("是") if value else _("否")


def _pair(raw: Any) -> tuple[Any, Any]:
    """Split ``raw`` (a two-item list or tuple, or text such as "16-59") into its two items."""
    if isinstance(raw, list | tuple) and len(raw) == 2:
        return raw[0], raw[1]
    if isinstance(raw, str):
        parts = [p for p in _PAIR_SEPARATORS.split(raw.strip().rstrip("日")) if p]
        if len(parts) == 2:
            return parts[0], parts[1]
        month_day = re.fullmatch(r"(\d{1,2})月(\d{1,2})日?", raw.strip())
        if month_day:
            return month_day.group(1), month_day.group(2)
    raise ValidationError(_("应为两个数，如“%(example)s”。") % {"example": "16-59"})


class IntegerRangeType(ValueType):
    """Two whole numbers, the low end first (both included), e.g. an age range."""

    code = "integer_range"
    label = gettext_lazy("整数区间")
    example = "16-59"

    def parse(self, raw: Any) -> tuple[int, int]:
        low, high = (IntegerType().parse(item) for item in _pair(raw))
        if low > high:
            raise ValidationError(_("区间的下限不能大于上限。"))
        return low, high

    def to_json(self, value: tuple[int, int]) -> list[int]:
        return list(value)

    def display(self, value: tuple[int, int]) -> str:
        return f"{value[0]}-{value[1]}"

    def numbers(self, value: tuple[int, int]) -> tuple[int, ...]:
        return tuple(value)


class MonthDayType(ValueType):
    """A day of the year as (month, day), e.g. the date a milestone is due every year."""

    code = "month_day"
    label = gettext_lazy("月-日")
    example = "12-31"

    def parse(self, raw: Any) -> tuple[int, int]:
        month, day = (IntegerType().parse(item) for item in _pair(raw))
        try:
            datetime.date(2001, month, day)  # a year without 29 February: the day exists every year
        except ValueError:
            text = _("不是每年都有的日期：%(month)s 月 %(day)s 日。") % {"month": month, "day": day}
            raise ValidationError(text) from None
        return month, day

    def to_json(self, value: tuple[int, int]) -> list[int]:
        return list(value)

    def display(self, value: tuple[int, int]) -> str:
        return f"{value[0]:02d}-{value[1]:02d}"


class DatedLinesType(ValueType):
    """Dated items, one per line: ``2020-06-30 剩余贫困人口全部脱贫`` (date, a space, what is due).

    Stored as ``[["2020-06-30", "剩余贫困人口全部脱贫"], …]`` in date order.
    """

    code = "dated_lines"
    label = gettext_lazy("日期清单")
    example = "2020-06-30 剩余贫困人口全部脱贫"
    multiline = True

    def parse(self, raw: Any) -> list[tuple[str, str]]:
        if isinstance(raw, str):
            lines = [line.strip().split(None, 1) for line in raw.splitlines() if line.strip()]
        elif isinstance(raw, list | tuple):
            lines = [list(item) for item in raw]
        else:
            raise ValidationError(_("应为每行一项：日期（年-月-日）、空格、事项。"))
        items = []
        for number, parts in enumerate(lines, start=1):
            if len(parts) != 2 or not str(parts[1]).strip():
                raise ValidationError(_("第 %(line)s 行应为：日期（年-月-日）、空格、事项。") % {"line": number})
            try:
                day = datetime.date.fromisoformat(str(parts[0]).strip())
            except ValueError:
                raise ValidationError(
                    _("第 %(line)s 行的日期“%(value)s”不是有效的年-月-日。") % {"line": number, "value": parts[0]}
                ) from None
            items.append((day.isoformat(), str(parts[1]).strip()))
        return sorted(items)

    def to_json(self, value: Any) -> Any:
        return [list(item) for item in value]

    def display(self, value: Any) -> str:
        return "\n".join(f"{day} {label}" for day, label in value)


INTEGER = IntegerType()
DECIMAL = DecimalType()
TEXT = TextType()
BOOLEAN = BooleanType()
INTEGER_RANGE = IntegerRangeType()
MONTH_DAY = MonthDayType()
DATED_LINES = DatedLinesType()


@dataclass(frozen=True)
class Declaration:
    """One business parameter as its app declares it: what it is, its type and unit, its default."""

    name: str
    type: ValueType
    default: Any
    label: Any
    unit: Any = ""
    help: Any = ""
    minimum: int | Decimal | None = None
    maximum: int | Decimal | None = None

    @property
    def group(self) -> str:
        """Return the app part of the name (``quality`` for ``quality.vehicle_price``)."""
        return self.name.split(".", 1)[0]

    def clean(self, raw: Any) -> Any:
        """Return ``raw`` as a value of this parameter; raise ValidationError if it does not fit."""
        value = self.type.parse(raw)
        for number in self.type.numbers(value):
            if self.minimum is not None and number < self.minimum:
                raise ValidationError(_("不能小于 %(limit)s。") % {"limit": self.minimum})
            if self.maximum is not None and number > self.maximum:
                raise ValidationError(_("不能大于 %(limit)s。") % {"limit": self.maximum})
        return value

    def display(self, value: Any) -> str:
        return self.type.display(value)


_DECLARED: dict[str, Declaration] = {}


def declare(
    name: str,
    *,
    type: ValueType,
    default: Any,
    label: Any,
    unit: Any = "",
    help: Any = "",
    minimum: int | Decimal | None = None,
    maximum: int | Decimal | None = None,
) -> Declaration:
    """Declare the business parameter ``name`` (dotted: ``<app>.<what>``) and return its declaration.

    Each app declares its own parameters in its ``parameters`` module, imported when the app
    is ready. Raise ValueError if the name is malformed, already declared differently, or
    the default does not fit the type and bounds.
    """
    if not re.fullmatch(NAME_PATTERN, name):
        raise ValueError(f"parameter names are dotted lower-case codes, got {name!r}")
    declaration = Declaration(name, type, default, label, unit, help, minimum, maximum)
    try:
        declaration = Declaration(name, type, declaration.clean(default), label, unit, help, minimum, maximum)
    except ValidationError as exc:
        raise ValueError(f"the default of {name} does not fit its declaration: {exc.messages}") from exc
    existing = _DECLARED.get(name)
    if existing is not None and existing != declaration:
        raise ValueError(f"parameter {name} is already declared differently")
    _DECLARED[name] = declaration
    return declaration


def declaration(name: str) -> Declaration:
    """Return the declaration of ``name``; raise ParameterUndeclared if no app declared it."""
    try:
        return _DECLARED[name]
    except KeyError:
        raise ParameterUndeclared(name) from None


def declarations(prefix: str = "") -> dict[str, Declaration]:
    """Return the declarations whose names start with ``prefix``, sorted by name."""
    return {name: _DECLARED[name] for name in sorted(_DECLARED) if name.startswith(prefix)}
