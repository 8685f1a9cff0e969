"""Known data errors planted in the demo registry, and the ground-truth files.

About 0.1 % of households per kind (at least three each from 1,000 households, at least
one in tiny runs), spread across counties, each household carrying one kind at most.
Everything else the generator writes is clean for these kinds, so a quality check can be
scored for precision and recall against ``TRUTH.csv``.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

from jingzhun.registry.demo.households import Truth
from jingzhun.registry.demo.plan import GENERAL, HouseholdPlan

# Stable kind codes, in the order they are drawn (the most selective first).
KINDS = (
    "no_head",
    "exited_below_line",
    "exited_in_identification_year",
    "migrant_months_wages_mismatch",
    "head_spouse_same_sex",
    "education_cause_no_student",
    "duplicate_id_across_households",
    "sex_mismatch",
    "public_payroll_member",
    "excel_mangled_id",
    "illness_cause_all_healthy",
    "deceased_still_counted",
    "deceased_counted",
    "bad_checksum",
    "birth_date_mismatch",
    "size_mismatch",
    "no_helper",
)

TRUTH_COLUMNS = ("kind", "entity", "code", "detail")
DEATHS_COLUMNS = ("证件号码", "姓名", "死亡日期", "来源")
PAYROLL_COLUMNS = ("证件号码", "姓名", "单位")


def _exited(h: HouseholdPlan) -> bool:
    return h.status in ("1", "4")


ELIGIBLE: dict[str, Callable[[HouseholdPlan], bool]] = {
    "no_head": lambda h: h.size == 1,
    "exited_below_line": lambda h: _exited(h) and h.kind == GENERAL,
    "exited_in_identification_year": lambda h: _exited(h) and h.exit_year is not None,
    "migrant_months_wages_mismatch": lambda h: _exited(h) and h.kind == GENERAL and h.size >= 2,
    "head_spouse_same_sex": lambda h: h.kind == GENERAL and h.size >= 2 and (h.size >= 3 or h.cause != "03"),
    "education_cause_no_student": lambda h: h.kind == GENERAL and h.size <= 5,
    "duplicate_id_across_households": lambda h: h.kind == GENERAL and h.size >= 2,
    "sex_mismatch": lambda h: h.size >= 3,
    "public_payroll_member": lambda h: h.kind == GENERAL and h.size >= 2,
    "excel_mangled_id": lambda h: h.size >= 2,
    "illness_cause_all_healthy": lambda h: h.kind == GENERAL,
    "deceased_still_counted": lambda h: h.kind != "tekun",
    "deceased_counted": lambda h: True,
    "bad_checksum": lambda h: True,
    "birth_date_mismatch": lambda h: True,
    "size_mismatch": lambda h: True,
    "no_helper": lambda h: True,
}


def plant_count(households: int) -> int:
    """Return how many households get each kind of error."""
    minimum = 3 if households >= 1000 else 1
    return max(minimum, round(households * 0.001))


def plant_select(households: list[HouseholdPlan], *, seed: int) -> dict[int, int]:
    """Mark the planted households (``plan.plant``); return duplicate target → source index.

    Raise ValueError if the demo is too small to hold one error of each kind.
    """
    rng = random.Random(f"{seed}:plant")
    count = plant_count(len(households))
    taken: set[int] = set()
    duplicates: dict[int, int] = {}
    for kind in KINDS:
        wanted = 2 * count if kind == "duplicate_id_across_households" else count
        eligible = ELIGIBLE[kind]
        candidates = [h for h in households if h.index not in taken and eligible(h)]
        if kind == "no_head" and len(candidates) < wanted:
            candidates += [h for h in households if h.index not in taken and h.size == 2]
        chosen = _spread(rng, candidates, wanted)
        if len(chosen) < wanted:
            raise ValueError(f"{kind} {len(chosen)}/{wanted}")
        for plan in chosen:
            plan.plant = kind
            taken.add(plan.index)
        if kind == "duplicate_id_across_households":
            for first, second in zip(chosen[0::2], chosen[1::2], strict=True):
                source, target = sorted((first.index, second.index))
                duplicates[target] = source
    return duplicates


def _spread(rng: random.Random, candidates: list[HouseholdPlan], wanted: int) -> list[HouseholdPlan]:
    """Pick ``wanted`` candidates, taking one county after the other in turn."""
    by_county: dict[str, list[HouseholdPlan]] = {}
    for plan in candidates:
        by_county.setdefault(plan.county, []).append(plan)
    queues = []
    for county in sorted(by_county):
        group = by_county[county]
        rng.shuffle(group)
        queues.append(group)
    chosen: list[HouseholdPlan] = []
    while len(chosen) < wanted and queues:
        for queue in list(queues):
            if len(chosen) >= wanted:
                break
            if queue:
                chosen.append(queue.pop())
            else:
                queues.remove(queue)
    return chosen


def truth_write(path: Path, truth: Truth) -> tuple[Path, Path]:
    """Write TRUTH.csv and, next to it, the deaths and payroll lists; return those two paths."""
    deaths = path.with_name(f"{path.stem}_deaths{path.suffix or '.csv'}")
    payroll = path.with_name(f"{path.stem}_payroll{path.suffix or '.csv'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    _write(path, TRUTH_COLUMNS, sorted(truth.rows))
    _write(deaths, DEATHS_COLUMNS, sorted(truth.deaths))
    _write(payroll, PAYROLL_COLUMNS, sorted(truth.payroll))
    return deaths, payroll


def _write(path: Path, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
