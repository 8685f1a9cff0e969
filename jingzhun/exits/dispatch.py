"""What the exit procedures achieved, for the task groups' targets (found by name by ``taskforce.hooks``)."""

from __future__ import annotations

from django.db.models import Sum

from jingzhun.core.regioncodes import level_of, prefix_of
from jingzhun.exits.choices import CaseStatus, CountyExitStatus, VillageExitStatus
from jingzhun.exits.models import CountyExit, ExitCase, VillageExit


def target_achievements(*, year: int, regions: list[str]) -> dict[str, dict[str, int]]:
    """Return people closed (销号), villages announced and counties approved in ``year`` per region code."""
    result = {}
    for code in regions:
        prefix = prefix_of(code, level_of(code))
        people = ExitCase.objects.in_region(prefix).filter(year=year, status=CaseStatus.CLOSED)
        result[code] = {
            "people": people.aggregate(n=Sum("household__size"))["n"] or 0,
            "villages": VillageExit.objects.in_region(prefix)
            .filter(year=year, status=VillageExitStatus.ANNOUNCED)
            .count(),
            "counties": CountyExit.objects.in_region(prefix)
            .filter(year=year, status=CountyExitStatus.APPROVED)
            .count(),
        }
    return result
