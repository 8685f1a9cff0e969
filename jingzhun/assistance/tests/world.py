"""Sample assistance rows for the tests: two units of 汉滨区, their cadres, postings and pairings."""

from __future__ import annotations

import datetime
from typing import Any

from jingzhun.assistance.choices import PostingKind, PresenceKind
from jingzhun.assistance.models import Assignment, Cadre, HelpingUnit, Pairing, Posting, Presence
from jingzhun.core.idnumbers import make_id_number

COUNTY = "610902000000"


def unit_create(name: str = "安康市财政局", *, accounts: tuple[Any, ...] = (), region: str = COUNTY) -> HelpingUnit:
    unit = HelpingUnit.objects.create(name=name, level="city", region_id=region, head="王建国")
    unit.accounts.set(accounts)
    return unit


def cadre_create(
    unit: HelpingUnit,
    village: Any,
    *,
    name: str = "李驻村",
    n: int = 1,
    start: datetime.date = datetime.date(2019, 1, 1),
    end: datetime.date | None = None,
    kind: str = PostingKind.FIRST_SECRETARY,
    user: Any = None,
) -> Cadre:
    cadre = Cadre.objects.create(
        id_number=make_id_number(village.code[:6], datetime.date(1980, 5, n % 27 + 1), n),
        name=name,
        unit=unit,
        village=village,
        post="第一书记",
        phone=f"1380000{n:04d}",
        user=user,
    )
    Posting.objects.create(cadre=cadre, village=village, kind=kind, start=start, end=end)
    Assignment.objects.get_or_create(unit=unit, village=village, defaults={"start_year": 2016})
    return cadre


def days_add(
    cadre: Cadre,
    village: Any,
    first: datetime.date,
    count: int,
    *,
    kind: str = PresenceKind.PRESENT,
    approved: bool = False,
) -> None:
    Presence.objects.bulk_create(
        Presence(cadre=cadre, village=village, date=first + datetime.timedelta(days=i), kind=kind, approved=approved)
        for i in range(count)
    )


def pair(cadre: Cadre, *households: Any) -> None:
    for household in households:
        Pairing.objects.create(cadre=cadre, household=household)
