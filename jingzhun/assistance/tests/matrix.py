"""The assistance part of the access matrix: one row of every ledger, in the sample village,
belonging to a unit whose account is the helping-unit persona."""

from __future__ import annotations

import datetime

from tests.matrix import ledger_samples

LEDGER_KEYS = (
    ("units", "helping_unit_row", "everyone"),
    ("assignments", "assignment", "place"),
    ("groups", "work_group", "county"),
    ("cadres", "cadre", "place"),
    ("teams", "work_team", "place"),
    ("postings", "posting", "place"),
    ("pairings", "pairing", "place"),
    ("plans", "plan_item", "place"),
    ("presences", "presence", "place"),
    ("diaries", "diary", "place"),
    ("visits", "visit", "place"),
    ("surveys", "survey", "place"),
    ("unit-visits", "unit_visit", "place"),
    ("unit-plans", "unit_plan", "place"),
    ("nominations", "nomination", "place"),
)


def world_extend(world, personas):
    from jingzhun.assistance import models as m
    from jingzhun.assistance.tests.world import cadre_create, unit_create

    village, household = world["village"], world["household"]
    unit = unit_create("矩阵帮扶单位", accounts=(personas["helping_unit"],))
    cadre = cadre_create(unit, village, n=7)
    day = datetime.date(2019, 5, 6)
    group = m.WorkGroup.objects.create(name="矩阵工作团", region_id="610902000000", lead_unit=unit)
    team = m.WorkTeam.objects.create(village=village, unit=unit, first_secretary=cadre, leader=cadre)
    return {
        "helping_unit_row": unit,
        "assignment": m.Assignment.objects.get(unit=unit, village=village),
        "work_group": group,
        "cadre": cadre,
        "work_team": team,
        "posting": cadre.postings.get(),
        "pairing": m.Pairing.objects.create(household=household, cadre=cadre),
        "plan_item": m.PlanItem.objects.create(household=household, year=2019, measure="产业奖补"),
        "presence": m.Presence.objects.create(cadre=cadre, village=village, date=day),
        "diary": m.Diary.objects.create(cadre=cadre, village=village, date=day, content="走访"),
        "visit": m.Visit.objects.create(cadre=cadre, household=household, date=day, purpose="走访"),
        "survey": m.Survey.objects.create(household=household, date=day, knows_policy=True, satisfied=True),
        "unit_visit": m.UnitVisit.objects.create(unit=unit, village=village, date=day, visitor="王建国"),
        "unit_plan": m.UnitPlan.objects.create(unit=unit, village=village, year=2019),
        "nomination": m.Nomination.objects.create(
            kind="advanced", year=2019, village=village, nominee=cadre.name, cadre=cadre, reason="事迹"
        ),
    }


SAMPLES = [
    row
    for prefix, key, visibility in LEDGER_KEYS
    for row in ledger_samples(f"assistance/{prefix}/", key, visibility, api=f"assistance/{prefix}")
]
