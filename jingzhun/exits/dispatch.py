"""What the exit procedures achieved, for the task groups' targets (found by name by ``taskforce.hooks``)."""

from __future__ import annotations

from django.db.models import Sum

from jingzhun.core.regioncodes import level_of, prefix_of
from jingzhun.exits.choices import CaseStatus, CountyExitStatus, VillageExitStatus
from jingzhun.exits.models import CountyExit, ExitCase, VillageExit


def target_achievements(*, year: int, regions: list[str]) -> dict[str, dict[str, int]]:
    """Return people closed (销号), villages announced and counties approved in ``year`` per region code.

    A measure is given only where the procedures of that kind are on record for the place and
    year: otherwise the target keeps the figure typed into it.
    """
    result: dict[str, dict[str, int]] = {}
    for code in regions:
        prefix = prefix_of(code, level_of(code))
        found: dict[str, int] = {}
        cases = ExitCase.objects.in_region(prefix).filter(year=year)
        if cases.exists():
            closed = cases.filter(status=CaseStatus.CLOSED)
            found["people"] = closed.aggregate(n=Sum("household__size"))["n"] or 0
        villages = VillageExit.objects.in_region(prefix).filter(year=year)
        if villages.exists():
            found["villages"] = villages.filter(status=VillageExitStatus.ANNOUNCED).count()
        counties = CountyExit.objects.in_region(prefix).filter(year=year)
        if counties.exists():
            found["counties"] = counties.filter(status=CountyExitStatus.APPROVED).count()
        if found:
            result[code] = found
    return result
