"""The measures app's part of the every-URL × every-persona access matrix."""

from decimal import Decimal

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.measures.models import (
        BusinessEntity,
        CollectiveEconomy,
        Employment,
        EntityLink,
        HouseholdMeasure,
        Training,
        WelfarePost,
    )

    household, member, village = world["household"], world["member"], world["village"]
    entity = BusinessEntity.objects.create(name="矩阵合作社", kind="cooperative", village=village)
    return {
        "measure": HouseholdMeasure.objects.create(household=household, year=2019, kind="industry", long_term=True),
        "business_entity": entity,
        "entity_link": EntityLink.objects.create(entity=entity, household=household, year=2019, kind="dividend"),
        "training": Training.objects.create(member=member, year=2019, course="茶叶加工"),
        "employment": Employment.objects.create(member=member, year=2019, place="partner", months=8),
        "welfare_post": WelfarePost.objects.create(member=member, year=2019, post="护林员", monthly_pay=Decimal(500)),
        "collective": CollectiveEconomy.objects.create(village=village, year=2019, organisation="股份经济合作社"),
    }


SAMPLES = [
    (r"^measures/households/<str:code>/", lambda w: {"code": w["household"].code}, "place"),
    (r"^measures/villages/<str:code>/", lambda w: {"code": w["village"].code}, "place"),
    *ledger_samples("measures/measures/", "measure", api="measures/measures"),
    *ledger_samples("measures/entities/", "business_entity", api="measures/entities"),
    *ledger_samples("measures/links/", "entity_link", api="measures/links"),
    *ledger_samples("measures/trainings/", "training", api="measures/trainings"),
    *ledger_samples("measures/employment/", "employment", api="measures/employment"),
    *ledger_samples("measures/posts/", "welfare_post", api="measures/posts"),
    *ledger_samples("measures/collective/", "collective", api="measures/collective"),
]
