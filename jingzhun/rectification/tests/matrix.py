"""整改督办's part of the every-URL × every-persona matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

import datetime

from tests.matrix import ledger_samples


def world_extend(world, personas):
    from jingzhun.rectification import services
    from jingzhun.rectification.models import Accountability, Inspection, Petition, Problem, Risk
    from jingzhun.regions.models import Region

    city = personas["city"]
    village = world["village"]
    inspection = services.inspection_save(
        user=city,
        inspection=Inspection(
            code="ZY-MATRIX",
            title="矩阵测试考核",
            source="central",
            date=datetime.date(2019, 2, 20),
            region=Region.objects.get(code="610900000000"),
        ),
    )
    # A transport-sector problem in the sample village: the transport department's, not the water one's.
    problem = services.problem_create(
        user=city,
        problem=Problem(
            inspection=inspection,
            number="M01",
            category="infrastructure",
            region=village,
            description="村道安全防护设施缺失",
            deadline=datetime.date(2019, 6, 30),
            line="sector",
            sector="transport",
            responsible_unit="汉滨区交通运输局",
        ),
    )
    accountability = services.accountability_save(
        user=city,
        record=Accountability(
            problem=problem,
            kind="interview",
            unit="某镇",
            document_number="汉纪〔2019〕1号",
            date=datetime.date(2019, 8, 1),
        ),
    )
    risk = services.risk_save(
        user=city,
        risk=Risk(
            kind="group_petition", region=village, title="集体访风险", owner="张某", found_on=datetime.date(2019, 3, 1)
        ),
    )
    petition = services.petition_save(
        user=city,
        petition=Petition(
            received_on=datetime.date(2019, 3, 1),
            region=village,
            petitioner="王某",
            phone="13912345678",
            content="反映问题",
        ),
    )
    progress = services.progress_report_add(
        user=city, problem=problem, date=datetime.date(2019, 3, 10), progress="rectifying", note="整改中"
    )
    return {
        "rect_inspection": inspection,
        "rect_problem": problem,
        "rect_accountability": accountability,
        "rect_risk": risk,
        "rect_petition": petition,
        "rect_progress": progress,
    }


SAMPLES = [
    *ledger_samples("rectification/problems/", "rect_problem", "sector", api="rectification/problems"),
    (r"^api/\^rectification/progress/", lambda w: {"pk": w["rect_progress"].pk}, "sector"),
    *ledger_samples("rectification/inspections/", "rect_inspection", "covers", api="rectification/inspections"),
    *ledger_samples("rectification/accountability/", "rect_accountability", api="rectification/accountability"),
    *ledger_samples("rectification/risks/", "rect_risk", api="rectification/risks"),
    *ledger_samples("rectification/petitions/", "rect_petition", "petition", api="rectification/petitions"),
]


def sees(name, user, visibility, world):
    """``covers``: an inspection of 安康市 is read by everyone whose scope lies in it (and written only by the city).

    ``petition``: only the roles that may read petitions find one (the others get 404 for a row they cannot see).
    """
    if visibility == "covers":
        return user.is_superuser or user.scope_prefix != "-"
    if visibility == "petition":
        from jingzhun.core.access import allows

        if not allows(user, "view", "rectification.Petition"):
            return False
        return user.is_superuser or world["village"].code.startswith(user.scope_prefix)
    return None
