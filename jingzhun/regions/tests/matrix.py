"""The regions' part of the access matrix: the village and county year facts (pages and API)."""

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.regions.models import CountyYear, VillageYear

    village_year, _ = VillageYear.objects.get_or_create(village=world["village"], year=2030)
    county_year, _ = CountyYear.objects.get_or_create(county_id=world["village"].code[:6] + "000000", year=2030)
    return {"village_year": village_year, "county_year": county_year}


SAMPLES = [
    *ledger_samples("year-facts/villages/", "village_year", api="year-facts/villages"),
    *ledger_samples("year-facts/counties/", "county_year", "county", api="year-facts/counties"),
]
