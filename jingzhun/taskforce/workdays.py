"""Working days in China (法定节假日与调休): the countdown of the campaign calendar counts them.

The State Council publishes each year's public holidays and the weekend days worked in
exchange (调休上班) in a notice every November, sometimes changed later (the 2020 Spring
Festival was extended to 2 February). The maintained library ``chinesecalendar`` (imported
as ``chinese_calendar``) carries those notices from 2004 on and is updated every year; when it
is installed it is the one source. Without it, ``HOLIDAYS`` and ``WORKDAYS`` below (the notices
of 2018–2021, the years of this system) answer, and a date outside them is a working day
exactly when it is Monday to Friday.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import cache


def _days(*spans: tuple[str, str]) -> frozenset[datetime.date]:
    days: set[datetime.date] = set()
    for first, last in spans:
        day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
        while day <= end:
            days.add(day)
            day += datetime.timedelta(days=1)
    return frozenset(days)


# 国务院办公厅关于节假日安排的通知 (国办发明电), 2018–2021.
HOLIDAYS = _days(
    ("2018-01-01", "2018-01-01"),
    ("2018-02-15", "2018-02-21"),
    ("2018-04-05", "2018-04-07"),
    ("2018-04-29", "2018-05-01"),
    ("2018-06-18", "2018-06-18"),
    ("2018-09-24", "2018-09-24"),
    ("2018-10-01", "2018-10-07"),
    ("2018-12-30", "2019-01-01"),
    ("2019-02-04", "2019-02-10"),
    ("2019-04-05", "2019-04-07"),
    ("2019-05-01", "2019-05-04"),
    ("2019-06-07", "2019-06-09"),
    ("2019-09-13", "2019-09-15"),
    ("2019-10-01", "2019-10-07"),
    ("2020-01-01", "2020-01-01"),
    ("2020-01-24", "2020-02-02"),
    ("2020-04-04", "2020-04-06"),
    ("2020-05-01", "2020-05-05"),
    ("2020-06-25", "2020-06-27"),
    ("2020-10-01", "2020-10-08"),
    ("2021-01-01", "2021-01-03"),
    ("2021-02-11", "2021-02-17"),
    ("2021-04-03", "2021-04-05"),
    ("2021-05-01", "2021-05-05"),
    ("2021-06-12", "2021-06-14"),
    ("2021-09-19", "2021-09-21"),
    ("2021-10-01", "2021-10-07"),
)
WORKDAYS = _days(
    ("2018-02-11", "2018-02-11"),
    ("2018-02-24", "2018-02-24"),
    ("2018-04-08", "2018-04-08"),
    ("2018-04-28", "2018-04-28"),
    ("2018-09-29", "2018-09-30"),
    ("2018-12-29", "2018-12-29"),
    ("2019-02-02", "2019-02-03"),
    ("2019-04-28", "2019-04-28"),
    ("2019-05-05", "2019-05-05"),
    ("2019-09-29", "2019-09-29"),
    ("2019-10-12", "2019-10-12"),
    ("2020-01-19", "2020-01-19"),
    ("2020-04-26", "2020-04-26"),
    ("2020-05-09", "2020-05-09"),
    ("2020-06-28", "2020-06-28"),
    ("2020-09-27", "2020-09-27"),
    ("2020-10-10", "2020-10-10"),
    ("2021-02-07", "2021-02-07"),
    ("2021-02-20", "2021-02-20"),
    ("2021-04-25", "2021-04-25"),
    ("2021-05-08", "2021-05-08"),
    ("2021-09-18", "2021-09-18"),
    ("2021-09-26", "2021-09-26"),
    ("2021-10-09", "2021-10-09"),
)


def _table_is_workday(day: datetime.date) -> bool:
    if day in HOLIDAYS:
        return False
    if day in WORKDAYS:
        return True
    return day.weekday() < 5


@cache
def calendar_source() -> tuple[str, Callable[[datetime.date], bool]]:
    """Return the name of the calendar in use and its ``is_workday`` function."""
    try:
        import chinese_calendar  # type: ignore[import-not-found]
    except ImportError:
        return "国务院节假日安排（2018—2021 年内置表）", _table_is_workday
    return "chinesecalendar", chinese_calendar.is_workday


def is_workday(day: datetime.date) -> bool:
    """Return True if ``day`` is a working day in China (holidays off, 调休 weekends on)."""
    return calendar_source()[1](day)


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Return the working days after ``start`` up to and including ``end`` (0 if ``end`` is not later).

    The countdown to a hard date on ``start`` is ``workdays_between(start, date)``.
    """
    if end <= start:
        return 0
    check = calendar_source()[1]
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += check(day)
        day += datetime.timedelta(days=1)
    return count


def workdays_add(start: datetime.date, days: int) -> datetime.date:
    """Return the ``days``-th working day after ``start`` (a deadline "within N working days")."""
    if days < 1:
        raise ValueError("days must be at least 1")
    check = calendar_source()[1]
    day, left = start, days
    while left:
        day += datetime.timedelta(days=1)
        left -= check(day)
    return day
