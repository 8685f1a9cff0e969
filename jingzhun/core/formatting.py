"""Numbers, money, counts, percentages and dates written the way Chinese government documents write them.

One module for pages (the template filters of ``core/templatetags/jz.py`` call it), exports,
charts and Word documents, so "37.93亿元" reads the same everywhere:

- ``number(5661)`` → ``5,661``; ``quantity(5661, "公里")`` → ``5,661公里``
- ``large_number(12345)`` → ``1.23万``; ``people(26000)`` → ``2.60万人``
- ``money(3793000000)`` → ``37.93亿元``; ``money(8000)`` → ``8,000元``
- ``yuan(1234.5)`` → ``1,234.50`` (a column headed 元); ``wan_yuan(1234567.8)`` → ``123.46`` (headed 万元)
- ``percent(Decimal("0.0312"))`` → ``3.12%``
- ``cn_date(date(2019, 7, 31))`` → ``2019年7月31日``; ``cn_month(date(2019, 7, 1))`` → ``2019年7月``

Every function takes int, float, Decimal or a numeric string, computes in Decimal, rounds half
up (as statistical tables do, not to even) and returns ``—`` for None or an empty string.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

MISSING = "—"
WAN = Decimal(10_000)
YI = Decimal(100_000_000)


def to_decimal(value: Any) -> Decimal | None:
    """Return ``value`` as a Decimal (None for None or ""). Raise ValueError if it is not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    try:
        # str() first: Decimal(0.1) would carry the binary error of the float into the text.
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


def rounded(value: Decimal, digits: int) -> Decimal:
    """Return ``value`` rounded half up to ``digits`` decimals."""
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _grouped(value: Decimal, digits: int) -> str:
    return f"{rounded(value, digits):,.{digits}f}"


def number(value: Any, digits: int | None = 0) -> str:
    """Return a number with thousands commas (1234567 → 1,234,567; digits=2 → 1,234,567.00).

    ``digits=None`` writes whole numbers without decimals and others with two (5661 → 5,661,
    12.5 → 12.50).
    """
    amount = to_decimal(value)
    if amount is None:
        return MISSING
    if digits is None:
        digits = 0 if amount == amount.to_integral_value() else 2
    return _grouped(amount, digits)


def quantity(value: Any, unit: str, digits: int | None = 0) -> str:
    """Return a number followed by its unit without a space (5661, 公里 → 5,661公里)."""
    text = number(value, digits)
    return text if text == MISSING else f"{text}{unit}"


def large_number(value: Any, digits: int = 2) -> str:
    """Return a number in 亿 or 万 from ten thousand up, else with commas (12,345 → 1.23万; 8,000 → 8,000).

    Below ten thousand a whole number keeps no decimals and another gets two.
    """
    amount = to_decimal(value)
    if amount is None:
        return MISSING
    if abs(amount) >= YI:
        return f"{rounded(amount / YI, digits):.{digits}f}亿"
    if abs(amount) >= WAN:
        return f"{rounded(amount / WAN, digits):.{digits}f}万"
    return number(amount, None)


def people(value: Any, digits: int = 2) -> str:
    """Return a head count in 人, in 万人 from ten thousand up (26,000 → 2.60万人; 35 → 35人)."""
    text = large_number(value, digits)
    return text if text == MISSING else f"{text}人"


def money(value: Any, digits: int = 2) -> str:
    """Return an amount given in 元 with the unit that reads best: 亿元, 万元 or 元.

    3,793,000,000 → 37.93亿元; 138,000,000 → 1.38亿元; 1,234,567.8 → 123.46万元; 8,000 → 8,000元.
    """
    text = large_number(value, digits)
    return text if text == MISSING else f"{text}元"


def yuan(value: Any, digits: int = 2) -> str:
    """Return an amount in 元 with commas and two decimals, for a column headed 元 (1234.5 → 1,234.50)."""
    return number(value, digits)


def wan_yuan(value: Any, digits: int = 2) -> str:
    """Return an amount given in 元 as 万元 with commas, for a column headed 万元 (1234567.8 → 123.46)."""
    amount = to_decimal(value)
    return MISSING if amount is None else _grouped(amount / WAN, digits)


def percent(value: Any, digits: int = 2) -> str:
    """Return a fraction as a percentage (0.0312 → 3.12%)."""
    amount = to_decimal(value)
    return MISSING if amount is None else f"{rounded(amount * 100, digits):.{digits}f}%"


def to_wan(value: Any, digits: int = 2) -> float | None:
    """Return an amount in 元 as a plain number of 万元 for a chart (1234567.8 → 123.46; None stays None)."""
    amount = to_decimal(value)
    return None if amount is None else float(rounded(amount / WAN, digits))


def to_percent(value: Any, digits: int = 1) -> float | None:
    """Return a fraction as a plain percentage number for a chart (0.0312 → 3.1; None stays None)."""
    amount = to_decimal(value)
    return None if amount is None else float(rounded(amount * 100, digits))


def yes_no(value: Any) -> str:
    """Return 是 or 否 (— for None)."""
    if value is None:
        return MISSING
    return "是" if value else "否"


def _as_date(value: Any) -> datetime.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return local_time(value).date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if len(text) == 7:  # 2019-07
        text += "-01"
    return datetime.date.fromisoformat(text)


def local_time(value: datetime.datetime) -> datetime.datetime:
    """Return a stored (UTC) time as people read it: in Asia/Shanghai (the site's time zone)."""
    from django.utils import timezone

    return timezone.localtime(value) if timezone.is_aware(value) else value


def local_datetime(value: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Return a time as people read it, in the site's time zone (2019-07-31 08:05), for files and texts."""
    if value is None:
        return MISSING
    return local_time(value).strftime(fmt)


def cn_date(value: Any) -> str:
    """Return a date as 2019年7月31日 (no leading zeros). Accept a date, a datetime or an ISO text."""
    day = _as_date(value)
    return MISSING if day is None else f"{day.year}年{day.month}月{day.day}日"


def cn_month(value: Any) -> str:
    """Return the month of a date as 2019年7月. Accept a date, a datetime, 2019-07 or 2019-07-31."""
    day = _as_date(value)
    return MISSING if day is None else f"{day.year}年{day.month}月"
