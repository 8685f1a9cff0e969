from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jingzhun.assessments import services
from jingzhun.assessments.models import Adjustment, Entity, PeerGroup, Score
from jingzhun.assessments.scoring import Part, competition_ranks, lines_compute, points_lost, ranking_compute
from jingzhun.assessments.tests.world import COUNTIES, quarter_round
from jingzhun.core.parameters import parameter_set
from jingzhun.regions.models import Region

pytestmark = pytest.mark.django_db

D = Decimal


def test_total_adds_weighted_and_additive_components_caps_and_deductions():
    parts = [Part("a", "甲", D("0.6"), D(100)), Part("b", "乙", D("0.4"), D(100)), Part("c", "月通报", None, D(2))]
    lines = lines_compute(
        parts,
        [("x", "X"), ("y", "Y")],
        {"x": {"a": D(90), "b": D(80), "c": D(3)}, "y": {"a": D(100), "b": D(50), "c": D(1)}},
        {"x": [D("0.5"), D("0.8"), D(-1)], "y": [D(-3), D(-4)]},
        bonus_cap=D(1),
        deduction_cap=D(5),
    )
    x, y = sorted(lines, key=lambda line: line.code)
    # x: 0.6·90 + 0.4·80 + min(3, 2) + min(1.3, 1) − 1 = 54 + 32 + 2 + 1 − 1
    assert x.total == D("88.00")
    assert x.scores["c"] == 2 and x.bonus == 1 and x.deduction == 1
    assert x.total_without_bonus == D("87.00")
    # y: 60 + 20 + 1 − min(7, 5)
    assert y.total == D("76.00") and y.deduction == 5
    assert (x.rank, y.rank) == (1, 2)
    assert x.margin_below == D("12.00") and y.margin_below is None and y.margin_above == D("12.00")


def test_ties_share_a_rank_and_the_next_skips():
    assert competition_ranks({"a": D(90), "b": D(95), "c": D(90), "d": D(80)}) == {"b": 1, "a": 2, "c": 2, "d": 4}


def test_movement_between_rounds_and_previous_rank(city_officer):
    q2 = quarter_round(city_officer, "2017Q2", {COUNTIES[0]: (95, 1), COUNTIES[1]: (96, 1), COUNTIES[2]: (90, 1)})
    q3 = quarter_round(
        city_officer,
        "2017Q3",
        {COUNTIES[0]: (97, 1), COUNTIES[1]: (94, 1), COUNTIES[2]: (91, 1)},
        previous=q2,
    )
    ranking = ranking_compute(round=q3)
    by_code = {line.code: line for line in ranking.lines}
    assert by_code[COUNTIES[0]].previous_rank == 2 and by_code[COUNTIES[0]].movement == 1
    assert by_code[COUNTIES[1]].movement == -1
    assert by_code[COUNTIES[2]].movement == 0
    assert ranking_compute(round=q2).lines[0].movement is None


def test_the_bonus_decides_a_place_baihe(city_officer):
    baihe, ganquan_like = COUNTIES[9], COUNTIES[1]
    round = quarter_round(
        city_officer,
        "2017Q3",
        {COUNTIES[0]: (96, 1.5), ganquan_like: (95.5, 1), baihe: (95.45, 1)},
        adjustments=[(baihe, "脱贫攻坚宣传被省扶贫办采用", "0.1")],
    )
    line = ranking_compute(round=round).line(baihe)
    assert line.total == D("96.55") and line.rank == 2
    assert line.total_without_bonus == D("96.45") and line.rank_without_bonus == 3
    assert line.bonus_decides
    what_if = ranking_compute(round=round, drop_bonus=True).line(baihe)
    assert what_if.rank == 3 and what_if.total == D("96.45")
    assert Adjustment.objects.filter(round=round).count() == 1  # the what-if touched nothing


def test_peer_group_ranks_only_its_members(city_officer):
    round = quarter_round(city_officer, "2017Q3", {code: (90 + i, 1) for i, code in enumerate(COUNTIES[:5])})
    deep = PeerGroup.objects.create(code="deep", name="深度贫困县")
    deep.members.add(*Entity.objects.filter(code__in=[COUNTIES[0], COUNTIES[2]]))
    ranking = ranking_compute(round=round, group=deep)
    assert [(line.code, line.rank) for line in ranking.lines] == [(COUNTIES[2], 1), (COUNTIES[0], 2)]
    assert len(ranking_compute(round=round).lines) == 5


def test_points_lost_are_weighted_gaps_to_the_leader_largest_first(city_officer):
    round = quarter_round(
        city_officer, "2017Q3", {COUNTIES[0]: (98.2, 1.6), COUNTIES[1]: (92.14, 1.9), COUNTIES[2]: (94.25, 1.0)}
    )
    gaps = points_lost(ranking_compute(round=round), COUNTIES[1])
    assert gaps[0].name == "交叉检查" and gaps[0].lost == D("6.06")
    assert {gap.name: gap.lost for gap in gaps}["月通报得分"] == 0


def test_weight_change_what_if_and_weight_parameters(city_officer):
    schemes = services.defaults_install(user=city_officer)
    round = services.round_create(user=city_officer, code="H2017", scheme=schemes["county-internal"], year=2017)
    components = {c.code: c for c in round.scheme.components.all()}
    for county, values in ((COUNTIES[0], (90, 80, 70, 60)), (COUNTIES[1], (60, 70, 80, 90))):
        entity = services.entity_for_region(Region.objects.get(code=county))
        for key, value in zip(("reduction", "identification", "assistance", "funds"), values, strict=True):
            Score.objects.create(round=round, entity=entity, component=components[key], score=D(value))
    # default weights 40/20/20/20: 36 + 16 + 14 + 12 = 78 against 24 + 14 + 16 + 18 = 72
    assert ranking_compute(round=round).lines[0].code == COUNTIES[0]
    assert ranking_compute(round=round).lines[0].total == D("78.00")
    flipped = ranking_compute(round=round, weights={"reduction": D("0.1"), "funds": D("0.5")})
    assert flipped.lines[0].code == COUNTIES[1]
    parameter_set(
        user=city_officer, name="assessments.weight_reduction", value=10, year_from=2017, source="测试", reason="测试"
    )
    assert ranking_compute(round=round).line(COUNTIES[0]).total == D("51.00")


def test_a_published_round_refuses_changes(city_officer):
    round = quarter_round(city_officer, "2017Q3", {COUNTIES[0]: (90, 1)}, publish=True)
    assert round.locked and round.published_on is not None
    score = Score.objects.get(round=round, component__code="cross_check")
    score.score = D(99)
    with pytest.raises(ValidationError, match="已发布并锁定"):
        services.round_child_save(user=city_officer, instance=score)
    with pytest.raises(ValidationError, match="已发布并锁定"):
        services.round_save(user=city_officer, round=round, data={"notes": "改"})
    assert Score.objects.get(pk=score.pk).score == 90


def test_only_the_city_office_writes(county_officer, city_officer):
    from django.core.exceptions import PermissionDenied

    round = quarter_round(city_officer, "2017Q3", {COUNTIES[0]: (90, 1)})
    score = Score.objects.get(round=round, component__code="cross_check")
    with pytest.raises(PermissionDenied):
        services.round_child_save(user=county_officer, instance=score)
    with pytest.raises(PermissionDenied):
        services.round_publish(user=county_officer, round=round)


def test_feed_scores_interpolate_between_best_and_floor():
    from jingzhun.assessments.feeds import scores_from_measures

    scores = scores_from_measures(
        {"a": D(10), "b": D(20), "c": D(30), "d": None}, full=D(100), higher_is_better=False, floor=D("0.6")
    )
    assert scores == {"a": D("100.00"), "b": D("80.00"), "c": D("60.00")}


def test_a_round_scores_its_counties_from_the_data_quality_feed(city_officer, household_factory, hanbin_village):
    from jingzhun.assessments.feeds import feeds, round_feed_scores
    from jingzhun.assessments.models import Component

    assert {"quality.findings_per_10k", "projects.fund_execution"} <= set(feeds())
    household_factory(hanbin_village, members=3)
    round = quarter_round(city_officer, "F2017", {})
    Component.objects.create(
        scheme=round.scheme,
        code="quality",
        name="数据质量",
        weight=D("0.1"),
        max_score=D(100),
        feed="quality.findings_per_10k",
    )
    assert round_feed_scores(user=city_officer, round=round) == 1  # only 汉滨 has registered people
    score = Score.objects.get(round=round, component__code="quality")
    assert score.entity.code == COUNTIES[0] and score.score == 100 and "系统数据" in score.evidence


def test_a_new_edition_copies_the_components_and_leaves_old_rounds_alone(city_officer):
    round = quarter_round(city_officer, "2017Q3", {COUNTIES[0]: (90, 1)})
    edition = services.scheme_new_edition(user=city_officer, scheme=round.scheme)
    assert edition.edition == 2 and edition.code == round.scheme.code
    assert list(edition.components.values_list("code", flat=True)) == ["cross_check", "monthly_bulletin"]
    edition.components.filter(code="cross_check").update(weight=D("0.5"))
    assert ranking_compute(round=round).lines[0].total == D("91.00")


def test_the_shipped_monthly_scheme_runs_its_feeds_without_data(city_officer):
    from jingzhun.assessments.feeds import round_feed_scores
    from jingzhun.assessments.models import PeerGroup

    schemes = services.defaults_install(user=city_officer)
    round = services.round_create(
        user=city_officer,
        code="M2019-10",
        scheme=schemes["city-monthly-county"],
        year=2019,
        group=PeerGroup.objects.get(code="ankang-counties"),
    )
    assert set(round.scheme.components.values_list("feed", flat=True)) == {
        "quality.findings_per_10k",
        "projects.fund_execution",
        "projects.milestone_punctuality",
    }
    assert round_feed_scores(user=city_officer, round=round) == 0  # no registry, no projects: nothing to score
