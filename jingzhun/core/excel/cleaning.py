"""Turn raw spreadsheet cells into Python values, with messages that say what to fix.

``clean_cell(column, value)`` returns ``(value, None)`` or ``(None, message)``. Values
come as the reader gives them (str, int, float, bool, date, datetime; CSV gives str).
Empty cells clean to None; a required column's empty cell is an error.

What each kind accepts:

- text: full-width letters, digits and punctuation made half-width, whitespace runs
  collapsed; a number typed as a number becomes its digits (``1.0`` → ``"1"``), but one of
  more than 15 digits is refused, since Excel keeps only 15.
- bool: 是/否, Y/N, √/×, ✓/✗, 1/0, TRUE/FALSE, 有/无, 已/未.
- date: date cells, Excel serial numbers (1900 date system), ``1980-05-06``,
  ``1980/5/6``, ``1980.5.6``, ``19800506``, ``1980年5月6日``.
- int, year, decimal: numbers, or text with thousands separators and spaces; nothing else
  (no units). A year may also be written 2014年, or be a date (a date cell, an Excel
  serial, 2014-10-01, 2014年10月1日): its year is taken.
- choice: a label, a code or a listed variant → the stored code; ``multi`` → list of codes.
- id_number: resident ID numbers written as text; a number of 16 or more digits (or text
  such as ``6.10902E+17``) has lost its last digits in Excel and is refused.
- region_code: the 12-digit statistical division code.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeGuard

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jingzhun.core.excel.schema import Column, ImportIssue, choice_key, fold_width
from jingzhun.core.idnumbers import parse_id_number

Cleaned = tuple[Any, str | None]

# Excel keeps 15 significant digits; a number of 16 or more digits has lost its tail.
EXCEL_DIGITS = 15
MAX_LISTED_CHOICES = 12
MEMO_KINDS = frozenset({"choice", "bool", "int", "year", "decimal", "date", "region_code"})
MEMO_SIZE = 40_000  # every birth date of a century fits
TRUE_WORDS = frozenset({"是", "Y", "YES", "TRUE", "T", "1", "√", "✓", "✔", "有", "已", "对", "参加", "已参加"})
FALSE_WORDS = frozenset(
    {"否", "N", "NO", "FALSE", "F", "0", "×", "✗", "✘", "X", "无", "未", "没有", "没参加", "未参加", "不参加"}
)

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")
_INTEGER = re.compile(r"[+-]?\d+(\.0*)?")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_YEAR_SUFFIX = re.compile(r"年度?$")
_UNITS = re.compile(r"(元|万元|亿元|人|户|个|月|年|天|分钟|升|%)$")
_DATE_SEPARATED = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?")
_DATE_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SCIENTIFIC = re.compile(r"\d+(\.\d+)?E[+-]?\d+")
_DIGITS_WITH_ZERO_FRACTION = re.compile(r"(\d+)\.0+")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


def is_empty(value: object) -> bool:
    """Return True for an empty cell (None, or text of only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def clean_cell(column: Column, value: object, language: str | None = None) -> Cleaned:
    """Return ``(cleaned value, None)``, or ``(None, Chinese message)`` if the cell is wrong.

    An empty cell cleans to None (an error if the column is required). ``language`` is the
    active language (looked up when not given; callers cleaning many cells pass it once).
    """
    if column.kind not in MEMO_KINDS:
        return _clean(column, value)
    # A registry repeats the same few labels, years and flags on every row: clean each once
    # (per language, since the messages are translated).
    key = (value.__class__, value, language or get_language())
    try:
        found = column.memo.get(key)
    except TypeError:  # an unhashable value, from a caller other than the reader
        return _clean(column, value)
    if found is None:
        found = _clean(column, value)
        if len(column.memo) < MEMO_SIZE:
            column.memo[key] = found
    if isinstance(found[0], list):
        return list(found[0]), found[1]
    return found


def _clean(column: Column, value: object) -> Cleaned:
    if is_empty(value):
        return None, (_("此项必填，不能为空。") if column.required else None)
    return _CLEANERS[column.kind](column, value)


def clean_values(
    columns: Iterable[Column], values: dict[str, object], *, sheet: str, row: int, language: str | None = None
) -> tuple[dict[str, Any], list[ImportIssue]]:
    """Return the cleaned values of one row (columns missing from ``values`` are left out) and its issues.

    ``language`` is the active language (asked for here if not given: a caller cleaning
    many rows asks once).
    """
    cleaned: dict[str, Any] = {}
    issues: list[ImportIssue] = []
    language = language or get_language()
    for column in columns:
        key = column.key
        if key not in values:
            continue
        raw = values[key]
        # clean_cell inlined: millions of cells.
        if column.kind in MEMO_KINDS:
            memo_key = (raw.__class__, raw, language)
            try:
                found = column.memo.get(memo_key)
            except TypeError:  # an unhashable value
                found = _clean(column, raw)
            else:
                if found is None:
                    found = _clean(column, raw)
                    if len(column.memo) < MEMO_SIZE:
                        column.memo[memo_key] = found
            value, message = found
            if isinstance(value, list):
                value = list(value)
        elif column.kind == "text" and raw.__class__ is str and raw.strip():
            # The commonest cell, text that is not blank: folded at once, not through _clean → _clean_text → clean_text.
            value, message = _fold(raw), None
        else:
            value, message = _clean(column, raw)
        cleaned[key] = value
        if message:
            issues.append(ImportIssue(sheet, row, key, column.header, message))
    return cleaned, issues


# Full-width digits and Latin letters (and the ideographic space) fold to half-width in
# free text; Chinese punctuation such as ：；，（） is part of the text and stays as written.
_ALNUM_WIDTH = (
    {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
    | {0x3000: 0x20}
    | dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))
)


def _fold(text: str) -> str:
    """Return ``text`` with full-width digits and letters half-width, trimmed, whitespace collapsed."""
    # Codes, ID numbers and phones are ASCII: nothing to fold, only the whitespace.
    return " ".join((text if text.isascii() else text.translate(_ALNUM_WIDTH)).split())


def clean_text(value: object) -> str:
    """Return ``value`` as tidy text: full-width digits and letters half-width, trimmed, whitespace collapsed."""
    if isinstance(value, str):
        return _fold(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _display(value: object) -> str:
    """Return a raw value as the user saw it, for messages."""
    if isinstance(value, float) and abs(value) >= 10**EXCEL_DIGITS:
        return f"{value:.{EXCEL_DIGITS}g}"
    return clean_text(value)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _too_many_digits(value: int | float) -> bool:
    return abs(value) >= 10**EXCEL_DIGITS


def _clean_text(column: Column, value: object) -> Cleaned:
    if _is_number(value) and _too_many_digits(value):
        return None, _(
            "单元格是超过 15 位的数字，Excel 已丢失末几位（现为 %(value)s），请将该列设为文本格式后重新录入。"
        ) % {"value": _display(value)}
    return clean_text(value), None


def _clean_bool(column: Column, value: object) -> Cleaned:
    if isinstance(value, bool):
        return value, None
    if _is_number(value) and value in (0, 1):
        return value == 1, None
    word = choice_key(clean_text(value))
    if word in TRUE_WORDS:
        return True, None
    if word in FALSE_WORDS:
        return False, None
    return None, _("应填“是”或“否”（也可填 Y/N、√/×、1/0），现为“%(value)s”。") % {"value": _display(value)}


def _date_or_message(year: int, month: int, day: int, shown: str) -> Cleaned:
    try:
        return datetime.date(year, month, day), None
    except ValueError:
        return None, _("日期“%(value)s”不存在，请核对年月日。") % {"value": shown}


def _clean_date(column: Column, value: object) -> Cleaned:
    if isinstance(value, datetime.datetime):
        return value.date(), None
    if isinstance(value, datetime.date):
        return value, None
    if _is_number(value):
        number = float(value)
        if number.is_integer() and 18000101 <= number <= 99991231:
            text = str(int(number))
            return _date_or_message(int(text[:4]), int(text[4:6]), int(text[6:]), text)
        if 1 <= number <= _EXCEL_MAX_SERIAL and int(number) != 60:
            serial = int(number)
            # Excel counts a 29 February 1900 that never was: serials before it start a day later.
            return _EXCEL_EPOCH + datetime.timedelta(days=serial if serial > 60 else serial + 1), None
    elif isinstance(value, str):
        text = _SPACES.sub(" ", fold_width(value)).strip()
        for pattern, groups in ((_DATE_SEPARATED, (1, 3, 4)), (_DATE_CHINESE, (1, 2, 3)), (_DATE_COMPACT, (1, 2, 3))):
            match = pattern.fullmatch(text) or pattern.fullmatch(text.replace(" ", ""))
            if match:
                year, month, day = (int(match.group(g)) for g in groups)
                return _date_or_message(year, month, day, text)
    return None, _("无法识别的日期“%(value)s”，请填写如 1980-05-06 的日期。") % {"value": _display(value)}


def _number_text(value: str) -> str:
    return _SPACES.sub("", fold_width(value)).replace(",", "").replace("，", "")


def _unit_hint(text: str) -> str:
    return _("请只填写数字，不要带单位或文字。") if _UNITS.search(text) else _("请只填写数字。")


def _clean_int(column: Column, value: object) -> Cleaned:
    if _is_number(value):
        if isinstance(value, float) and not value.is_integer():
            return None, _("应为整数，现为 %(value)s。") % {"value": _display(value)}
        return int(value), None
    if isinstance(value, str):
        text = _number_text(value)
        if _INTEGER.fullmatch(text):
            return int(text.split(".")[0]), None
        return None, _("应为整数，现为“%(value)s”。") % {"value": _display(value)} + _unit_hint(text)
    return None, _("应为整数，现为“%(value)s”。") % {"value": _display(value)}


def _clean_year(column: Column, value: object) -> Cleaned:
    if isinstance(value, datetime.date):  # a datetime is a date too
        return value.year, None
    plain = _YEAR_SUFFIX.sub("", _number_text(value)) if isinstance(value, str) else value
    year, message = _clean_int(column, plain)
    if not message and 1900 <= year <= 2100:
        return year, None
    # A date where a year is asked (识别时间 2014-10-01, or its Excel serial): its year.
    # From 1980 only: 12 is not a serial of 1900, and 20190 (a year with a digit too many) is
    # not the serial of a day in 1955.
    day, date_message = _clean_date(column, value)
    if date_message is None and 1980 <= day.year <= 2100:
        return day.year, None
    return None, _("应为四位数字的年份（如 2019）或日期，现为“%(value)s”。") % {"value": _display(value)}


def _clean_decimal(column: Column, value: object) -> Cleaned:
    if _is_number(value):
        if isinstance(value, float):
            if not math.isfinite(value):
                return None, _("应为数字，现为“%(value)s”。") % {"value": value}
            return Decimal(repr(value)), None
        return Decimal(value), None
    if isinstance(value, str):
        text = _number_text(value)
        if _DECIMAL.fullmatch(text):
            try:
                return Decimal(text), None
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
                pass
        return None, _("应为数字，现为“%(value)s”。") % {"value": _display(value)} + _unit_hint(text)
    return None, _("应为数字，现为“%(value)s”。") % {"value": _display(value)}


def _accepted(column: Column) -> str:
    labels = column.labels
    if len(labels) > MAX_LISTED_CHOICES:
        return _("可选值见模板的“填写说明”")
    return _("可填：%(labels)s（或对应代码）") % {"labels": "、".join(labels)}


def _clean_choice(column: Column, value: object) -> Cleaned:
    text = clean_text(value)
    parts = [p for p in _SEPARATORS.split(text) if p] if column.multi else [text]
    codes: list[str] = []
    unknown: list[str] = []
    for part in parts:
        code = column.lookup.get(choice_key(part))
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    if unknown:
        return None, _("“%(value)s”不是可选的值，%(accepted)s。") % {
            "value": "、".join(unknown),
            "accepted": _accepted(column),
        }
    return (codes if column.multi else codes[0]), None


def _lost_digits(shown: str) -> str:
    return _("证件号码被 Excel 存成了数字，后几位已丢失（单元格中为 %(value)s），请将该列设为文本格式后重新录入。") % {
        "value": shown
    }


def _clean_id_number(column: Column, value: object) -> Cleaned:
    if isinstance(value, bool):
        return None, _("证件号码应为 18 位身份证号码。")
    if _is_number(value):
        if isinstance(value, float) and not value.is_integer():
            return None, _lost_digits(_display(value))
        if _too_many_digits(value):
            return None, _lost_digits(str(int(Decimal(_display(value)))))
        text = str(int(value))
    else:
        text = _SPACES.sub("", fold_width(str(value))).upper()
        zero_fraction = _DIGITS_WITH_ZERO_FRACTION.fullmatch(text)
        if _SCIENTIFIC.fullmatch(text) or (zero_fraction and len(zero_fraction.group(1)) > EXCEL_DIGITS):
            return None, _lost_digits(text)
        if zero_fraction:
            text = zero_fraction.group(1)
    try:
        return parse_id_number(text).number, None
    except ValidationError as exc:
        return None, "".join(exc.messages)


def _clean_region_code(column: Column, value: object) -> Cleaned:
    if _is_number(value) and float(value).is_integer():
        text = str(int(value))
    else:
        text = _SPACES.sub("", fold_width(clean_text(value)))
    if len(text) == 12 and text.isdigit():
        return text, None
    return None, _("应为 12 位数字的统计用区划代码（如 610902001001），现为“%(value)s”。") % {"value": _display(value)}


_CLEANERS: dict[str, Callable[[Column, object], Cleaned]] = {
    "text": _clean_text,
    "int": _clean_int,
    "decimal": _clean_decimal,
    "bool": _clean_bool,
    "date": _clean_date,
    "id_number": _clean_id_number,
    "choice": _clean_choice,
    "region_code": _clean_region_code,
    "year": _clean_year,
}
