"""The relocation app's part of the every-URL × every-persona access matrix."""

from decimal import Decimal

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.relocation.models import Facility, Relocation, Renovation, Site

    site = Site.objects.create(
        code="AZ-MATRIX", name="矩阵安置点", region=world["village"], planned_units=10, completed_units=10
    )
    household = world["household"]
    return {
        "relocation_site": site,
        "relocation_facility": Facility.objects.create(site=site, kind="school"),
        "relocation": Relocation.objects.create(
            household=household, site=site, batch_year=2017, people=household.size, area=Decimal(50)
        ),
        "renovation": Renovation.objects.create(household=household, rating="C", plan_year=2018),
    }


SAMPLES = [
    *ledger_samples("relocation/sites/", "relocation_site", api="relocation/sites"),
    *ledger_samples("relocation/facilities/", "relocation_facility", api="relocation/facilities"),
    *ledger_samples("relocation/households/", "relocation", api="relocation/households"),
    *ledger_samples("relocation/renovations/", "renovation", api="relocation/renovations"),
]
