"""The part of 考核评估 in the every-URL × every-persona matrix: a round of the city's counties.

Rankings are published to everyone assessed, so every persona sees every row (``everyone``);
only the city office writes.
"""

from __future__ import annotations

from jingzhun.assessments.models import Adjustment, PublishedResult, Score
from jingzhun.assessments.tests.world import COUNTIES, quarter_round
from tests.matrix import ledger_samples


def world_extend(world, personas):
    city = personas["city"]
    round = quarter_round(
        city,
        "MATRIX-2017Q3",
        {COUNTIES[0]: (96, 1.5), COUNTIES[1]: (95, 1)},
        adjustments=[(COUNTIES[0], "宣传加分", "0.1")],
    )
    score = Score.objects.filter(round=round).first()
    adjustment = Adjustment.objects.get(round=round)
    published = PublishedResult.objects.create(round=round, entity=score.entity, total=97.6, rank=1)
    return {
        "assessment_round": round,
        "assessment_score": score,
        "assessment_adjustment": adjustment,
        "assessment_published": published,
        "assessment_scheme": round.scheme,
    }


SAMPLES = [
    (
        r"^assessments/rounds/<int:pk>/entities/",
        lambda w: {"pk": w["assessment_round"].pk, "code": COUNTIES[0]},
        "everyone",
    ),
    *ledger_samples("assessments/rounds/", "assessment_round", "everyone", api="assessments/rounds"),
    *ledger_samples("assessments/scores/", "assessment_score", "everyone", api="assessments/scores"),
    *ledger_samples("assessments/adjustments/", "assessment_adjustment", "everyone", api="assessments/adjustments"),
    *ledger_samples("assessments/published/", "assessment_published", "everyone", api="assessments/published"),
    *ledger_samples("assessments/schemes/", "assessment_scheme", "everyone", api="assessments/schemes"),
]
