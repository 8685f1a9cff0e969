"""The exits app's part of the access matrix: one object of each ledger in the sample village."""

import datetime

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.exits.models import CountyExit, ExitCase, Objection, Sample, SampleItem, VillageExit

    village = world["village"]
    case = ExitCase.objects.create(
        household=world["household"], year=2019, meeting_on=datetime.date(2019, 10, 8), attendance=30
    )
    objection = Objection.objects.create(case=case, raised_on=datetime.date(2019, 10, 20), content="收入不实")
    village_exit = VillageExit.objects.create(village=village, year=2019)
    county_exit = CountyExit.objects.create(county_id=village.code[:6] + "000000", year=2019)
    sample = Sample.objects.create(county_id=village.code[:6] + "000000", year=2019, seed=1)
    item = SampleItem.objects.create(sample=sample, category="exited", village=village, household=world["household"])
    return {
        "exit_case": case,
        "objection": objection,
        "village_exit": village_exit,
        "county_exit": county_exit,
        "exit_sample": sample,
        "sample_item": item,
    }


SAMPLES = [
    *ledger_samples("exits/cases/", "exit_case", api="exits/cases"),
    *ledger_samples("exits/objections/", "objection", api="exits/objections"),
    *ledger_samples("exits/villages/", "village_exit", api="exits/village-exits"),
    *ledger_samples("exits/counties/", "county_exit", "county", api="exits/county-exits"),
    *ledger_samples("exits/samples/", "exit_sample", "county", api="exits/samples"),
    *ledger_samples("exits/results/", "sample_item", api="exits/results"),
]
