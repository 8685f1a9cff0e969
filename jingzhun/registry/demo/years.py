"""The yearly facts of a demo household: incomes and living conditions (HouseholdYear).

Incomes are drawn from the members' facts (pensions for the old, 低保 and 特困 support,
migrant wages by months away, farming with its costs) and scaled toward a target per
living member: clearly above the line for exited households, under it for households that
are meant to fail.
"""

from __future__ import annotations

import random
from typing import Any

from jingzhun.registry.demo import calibration as cal
from jingzhun.registry.demo.members import SCHOOL_STUDENT, SICK, Person
from jingzhun.registry.demo.plan import GENERAL, HouseholdPlan
from jingzhun.registry.demo.vocabulary import MEASURES


class YearFacts:
    """Draw HouseholdYear facts for the demo's current ``year`` and the year before."""

    def __init__(self, year: int) -> None:
        self.year = year

    def row(
        self,
        rng: random.Random,
        plan: HouseholdPlan,
        living: list[Person],
        year: int,
        *,
        failing: str,
        relocated: bool | None = None,
    ) -> tuple[tuple[Any, ...], bool] | None:
        """Return the facts of one HouseholdYear (without id, household, version, timestamp)
        and whether the household is relocated (kept for the other year's row).

        Return None if the household was meant to fall below the line but its transfers
        alone lift it above.
        """
        line = cal.POVERTY_LINES[year]
        current = year == self.year
        n = len(living)
        exited_by = plan.exit_year is not None and plan.exit_year <= year
        plant = plan.plant
        # Income target per living member, and whether it is a floor or a ceiling.
        if plan.status == "3":
            mode, ratio = ("below", rng.uniform(0.6, 0.95)) if current else ("above", rng.uniform(1.15, 1.6))
        elif exited_by and plan.status in ("1", "4"):
            if current and plant == "exited_below_line":
                mode, ratio = "below", rng.uniform(0.6, 0.9)
            elif plan.status == "4":
                mode, ratio = "above", rng.uniform(1.8, 3.2)
            else:
                mode, ratio = "above", rng.uniform(1.25, 2.4)
        elif plan.cohort == year:
            mode, ratio = (
                ("below", rng.uniform(0.75, 0.97)) if failing == "income" else ("above", rng.uniform(1.12, 2.0))
            )
        elif plan.cohort > year:
            mode, ratio = "free", rng.uniform(0.6, 1.05) if current else rng.uniform(0.55, 0.95)
        else:
            mode, ratio = "above", rng.uniform(1.25, 2.0)
        incomes = self._incomes(rng, plan, living, year, target=ratio * line * n, mode=mode, line_total=line * n)
        if incomes is None:
            # Transfers alone lift the household above the line.
            if failing == "income":
                return None
            assert plant != "exited_below_line", "a general household's transfers stay under the line"
            incomes = self._incomes(rng, plan, living, year, target=ratio * line * n, mode="free", line_total=line * n)
            assert incomes is not None
        # Housing, water, electricity.
        passing = failing != "housing" and (mode == "above" or plan.exited or plan.cohort <= year)
        if relocated is None:
            relocated = rng.random() < (0.16 if passing else 0.1)
        if passing:
            moved_in = True if current or exited_by else rng.random() < 0.6
            rating = "A" if relocated else ("A" if rng.random() < 0.5 else "B")
            if not current and not exited_by and not relocated and rng.random() < 0.25:
                rating = "C" if rng.random() < 0.8 else "D"
        elif failing == "housing" or plan.cohort > year or plan.status == "3":
            moved_in = False if relocated and (failing == "housing" or rng.random() < 0.5) else relocated
            r = rng.random()
            if failing == "housing" and not relocated:
                rating = "C" if r < 0.75 else "D"
            else:
                rating = (
                    "A"
                    if relocated and moved_in
                    else "B"
                    if r < 0.55
                    else "A"
                    if r < 0.75
                    else "C"
                    if r < 0.95
                    else "D"
                )
        else:
            moved_in, rating = relocated, "A" if relocated else "B"
        water_ok = passing and failing != "water"
        if not water_ok and (failing == "water" or rng.random() < 0.12):
            water = _water_failing(rng)
        else:
            water = _water_passing(rng)
        electricity = passing or rng.random() > 0.005
        food = passing or rng.random() > 0.005
        measures = self._measures(rng, plan, living, relocated)
        facts = (
            year,
            *incomes,
            food,
            rating,
            relocated,
            moved_in,
            *water,
            electricity,
            measures,
        )
        return facts, relocated

    def _incomes(
        self,
        rng: random.Random,
        plan: HouseholdPlan,
        living: list[Person],
        year: int,
        *,
        target: float,
        mode: str,
        line_total: float,
    ) -> tuple[int, int, int, int, int, int] | None:
        """Return wage, business, property, transfer, excluded transfer income and costs.

        ``mode`` "above": income counting toward exit is at least ``target``; "below": the
        net income (all transfers included) stays under ``target`` and under the line;
        "free": near ``target`` where the household's facts allow it.
        """
        pension = sum(
            1100 + (year - 2016) * 100 + rng.randint(0, 300) for p in living if p.age - (self.year - year) >= 60
        )
        dibao = sum(rng.randint(1800, 3000) for p in living if p.dibao)
        tekun = sum(rng.randint(5000, 6500) for p in living if p.tekun)
        eco = rng.randint(100, 600) if rng.random() < 0.6 else 0
        prop = rng.randint(200, 1500) if rng.random() < 0.4 else 0
        excluded = sum(
            rng.randint(1000, 3000) for p in living if p.school in SCHOOL_STUDENT and p.school not in ("03", "04")
        )
        excluded += sum(rng.randint(300, 4000) for p in living if p.health in SICK and rng.random() < 0.6)
        if mode == "below":
            eco = prop = 0
        fixed = pension + dibao + tekun + eco + prop
        months = sum(p.months for p in living)
        wages_nat = sum(p.months * rng.randint(2200, 4200) for p in living if p.months)
        has_labour = any(p.labour in ("1", "2") for p in living)
        local_job = 0
        if months == 0 and has_labour and rng.random() < 0.35:
            local_job = rng.randint(3600, 6000)
            wages_nat = local_job
        if plan.plant == "migrant_months_wages_mismatch":
            wages_nat = rng.randint(21000, 38000)
        labour_any = any(p.labour in ("1", "2", "3") for p in living)
        business_nat = rng.randint(1500, 8000) if labour_any else rng.randint(300, 1500)
        flex_nat = wages_nat + business_nat
        needed = target - fixed
        if mode == "below" and needed <= 0:
            return None
        wages: float
        business_net: float
        if plan.plant == "migrant_months_wages_mismatch":
            wages = wages_nat
            business_net = max(business_nat, needed - wages) if mode == "above" else business_nat
        else:
            factor = needed / flex_nat if needed > 0 else 0.0
            if mode == "above":
                factor = max(factor, 0.7)
            elif mode == "free":
                factor = max(factor, 0.3)
            wages = wages_nat * factor
            business_net = business_nat * factor
            cap = months * 8000 if months else (8000 if wages_nat else 0)
            if wages > cap:
                business_net += wages - cap
                wages = cap
            if months and wages < months * 1000:
                if mode == "below" or wages <= 0:
                    for person in living:
                        person.months = 0
                    business_net += wages
                    wages = 0
                else:
                    business_net = max(0.0, business_net - (months * 1000 - wages))
                    wages = months * 1000
        if mode == "below":
            # Keep every income measure (including excluded transfers) under the line.
            excluded = min(excluded, max(0, int((line_total - target) / 2)))
        cost_ratio = rng.uniform(0.2, 0.45)
        business_net = max(business_net, 0.0)
        business = round(business_net / (1 - cost_ratio))
        cost = business - round(business_net)
        if business and not cost:
            business, cost = business + 1, 1
        if mode == "above":
            # Rounding never takes a household back under its target.
            total = round(wages) + business - cost + prop + pension + dibao + tekun + eco
            if total < target:
                business += int(target - total) + 1
        transfer = pension + dibao + tekun + eco + excluded
        return round(wages), business, prop, transfer, excluded, cost

    @staticmethod
    def _measures(rng: random.Random, plan: HouseholdPlan, living: list[Person], relocated: bool) -> str:
        keys = ["industry"]
        if any(p.months for p in living):
            keys.append("job")
        elif any(p.labour in ("1", "2") for p in living):
            keys.append("public_job")
        if any(p.health in SICK for p in living):
            keys.append("health")
        if any(p.school in SCHOOL_STUDENT for p in living):
            keys.append("education")
        if relocated:
            keys.append("relocation")
        if plan.kind != GENERAL:
            keys.append("welfare")
        if rng.random() < 0.3:
            keys.append("credit")
        if rng.random() < 0.4:
            keys.append("dividend")
        return "；".join(rng.choice(MEASURES[k]) for k in keys)


def _water_passing(rng: random.Random) -> tuple[bool, int, int, float, bool]:
    minutes = 0 if rng.random() < 0.7 else rng.randint(2, 10)
    return True, rng.randint(60, 120), minutes, round(rng.uniform(95.0, 100.0), 1), True


def _water_failing(rng: random.Random) -> tuple[bool, int, int, float, bool]:
    quality, litres, minutes, rate, _ = _water_passing(rng)
    which = rng.randrange(4)
    if which == 0:
        quality = False
    elif which == 1:
        litres = rng.randint(12, 19)
    elif which == 2:
        minutes = rng.randint(25, 45)
    else:
        rate = round(rng.uniform(80.0, 89.5), 1)
    return quality, litres, minutes, rate, False
