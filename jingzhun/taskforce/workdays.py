"""Working days in China (法定节假日与调休): the countdown of the campaign calendar counts them.

The State Council publishes each year's public holidays and the weekend days worked in
exchange (调休上班) in a notice every November, sometimes changed later (the 2020 Spring
Festival was extended to 2 February). The maintained library ``chinesecalendar`` (imported
as ``chinese_calendar``) carries those notices from 2004 on and is updated every year; it is
the one source. A year it does not know yet counts Monday to Friday.
"""

from __future__ import annotations

import datetime

import chinese_calendar

CALENDAR = "chinesecalendar"


def is_workday(day: datetime.date) -> bool:
    """Return True if ``day`` is a working day in China (holidays off, 调休 weekends on)."""
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the library's notices do not cover yet
        return day.weekday() < 5


def workdays_between(start: datetime.date, end: datetime.date) -> int:
    """Return the working days after ``start`` up to and including ``end`` (0 if ``end`` is not later).

    The countdown to a hard date on ``start`` is ``workdays_between(start, date)``.
    """
    if end <= start:
        return 0
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        count += is_workday(day)
        day += datetime.timedelta(days=1)
    return count


def workdays_add(start: datetime.date, days: int) -> datetime.date:
    """Return the ``days``-th working day after ``start`` (a deadline "within N working days")."""
    if days < 1:
        raise ValueError("days must be at least 1")
    day, left = start, days
    while left:
        day += datetime.timedelta(days=1)
        left -= is_workday(day)
    return day
