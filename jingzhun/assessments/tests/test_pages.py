"""Pages and API of 考核评估: the ranking, what-if, where we lost points, exports, Word, locks, personas."""

import io

import pytest
from django.urls import reverse

from jingzhun.assessments.models import Score
from jingzhun.assessments.reports import ranking_section
from jingzhun.assessments.scoring import ranking_compute
from jingzhun.assessments.tests.world import COUNTIES, quarter_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(city_officer):
    q2 = quarter_round(
        city_officer,
        "2017Q2",
        {COUNTIES[0]: (95, 1), COUNTIES[1]: (96, 1), COUNTIES[9]: (90, 1)},
        quarter=2,
        publish=True,
    )
    q3 = quarter_round(
        city_officer,
        "2017Q3",
        {COUNTIES[0]: (96, 1.5), COUNTIES[1]: (95.5, 1), COUNTIES[9]: (95.45, 1)},
        previous=q2,
        adjustments=[(COUNTIES[9], "脱贫攻坚宣传加分", "0.1")],
        publish=True,
    )
    return q2, q3


def test_overview_shows_this_quarters_ranking_with_arrows(client_for, county_officer, rounds):
    response = client_for(county_officer).get(reverse("assessments:home"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "本季度排名" in text and "2017年第3季度省考" in text
    assert "↓2" in text and "↑1" in text


def test_round_page_what_if_and_bonus_deciding(client_for, inspector, rounds):
    _q2, q3 = rounds
    client = client_for(inspector)
    url = reverse("assessments:round-detail", args=[q3.pk])
    text = client.get(url).content.decode()
    assert "如果没有 0.10 分的加分项，排名将是第 3 名" in text
    what_if = client.get(url, {"drop_bonus": "1", "w_cross_check": "abc"}).content.decode()
    assert "假设结果，未保存" in what_if and "不是数字" in what_if
    assert client.get(url, {"group": "nope"}).status_code == 404


def test_entity_page_shows_where_points_were_lost(client_for, county_officer, rounds):
    _q2, q3 = rounds
    response = client_for(county_officer).get(reverse("assessments:entity", args=[q3.pk, COUNTIES[1]]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "哪里失了分" in text and "交叉检查" in text and "0.50" in text
    assert "再得 0.06 分可超过白河县" in text
    assert (
        client_for(county_officer).get(reverse("assessments:entity", args=[q3.pk, "610000000000"])).status_code == 404
    )


def test_ranking_exports_and_word_section_read_back(client_for, county_officer, rounds):
    import docx
    from python_calamine import CalamineWorkbook

    _q2, q3 = rounds
    client = client_for(county_officer)
    response = client.get(reverse("assessments:ranking-export", args=[q3.pk]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][0] == "名次" and rows[1][1] == "汉滨区"
    data = ranking_section(ranking_compute(round=q3), charts_included=False)
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2017年第3季度省考排名情况" in text and "白河县如果没有 0.10 分的加分项" in text
    cells = [cell.text for cell in document.tables[0].rows[1].cells]
    assert cells[:2] == ["1", "汉滨区"] and cells[-1] == "↑1"


def test_word_section_with_charts_renders(client_for, county_officer, rounds):
    from jingzhun.core.chart_images import ChineseFontMissing

    _q2, q3 = rounds
    try:
        response = client_for(county_officer).get(reverse("assessments:ranking-section", args=[q3.pk]))
    except ChineseFontMissing:
        pytest.skip("no Chinese font on this machine")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"


def test_published_round_is_locked_on_pages_and_api(client_for, city_officer, rounds):
    _q2, q3 = rounds
    client = client_for(city_officer)
    score = Score.objects.filter(round=q3).first()
    response = client.post(
        reverse("assessments:score-edit", args=[score.pk]),
        {"round": q3.pk, "entity": score.entity_id, "component": score.component_id, "score": "99", "version": 1},
    )
    assert response.status_code == 400 and "已发布并锁定" in response.content.decode()
    response = client.delete(f"/api/assessments/scores/{score.pk}/")
    assert response.status_code == 400
    assert Score.objects.filter(pk=score.pk, score=score.score).exists()


def test_readers_may_not_write(client_for, county_officer, rounds):
    _q2, q3 = rounds
    score = Score.objects.filter(round=q3).first()
    assert client_for(county_officer).get(reverse("assessments:score-edit", args=[score.pk])).status_code == 403
    assert client_for(county_officer).get(reverse("assessments:import")).status_code == 403


def test_api_ranking(client_for, county_officer, rounds):
    _q2, q3 = rounds
    data = client_for(county_officer).get(f"/api/assessments/rounds/{q3.pk}/ranking/").json()
    assert [row["entity"] for row in data] == [COUNTIES[0], COUNTIES[9], COUNTIES[1]]
    assert data[1]["rank_without_bonus"] == 3 and data[1]["movement"] == 1


def test_list_pages_query_count_is_flat(client_for, city_officer, rounds, django_assert_max_num_queries):
    client = client_for(city_officer)
    for name in ("round-list", "score-list", "adjustment-list", "publishedresult-list", "scheme-list"):
        with django_assert_max_num_queries(25):
            assert client.get(reverse(f"assessments:{name}")).status_code == 200


def test_anonymous_is_sent_to_login(client, rounds):
    response = client.get(reverse("assessments:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_findings_export_for_rectification(client_for, county_officer, city_officer, rounds):
    from jingzhun.assessments.exports import findings

    _q2, q3 = rounds
    quarter_round(
        city_officer,
        "2017Q4",
        {COUNTIES[0]: (99, 1), COUNTIES[1]: (90, 1)},
        adjustments=[(COUNTIES[1], "资金滞留", "-0.5")],
    )
    from jingzhun.assessments.models import Round

    q4 = Round.objects.get(code="2017Q4")
    found = list(findings(q4))
    assert {(f.entity_code, f.kind) for f in found} == {(COUNTIES[1], "deduction"), (COUNTIES[1], "points_lost")}
    data = client_for(county_officer).get(f"/api/assessments/rounds/{q4.pk}/findings/").json()
    assert data[0]["kind"] == "deduction" and data[0]["points"] == "0.50"
    assert q3


def test_feed_button_is_the_city_offices(client_for, county_officer, city_officer, rounds):
    _q2, q3 = rounds
    url = reverse("assessments:feed-scores", args=[q3.pk])
    assert client_for(county_officer).post(url).status_code == 403
    response = client_for(city_officer).post(url, follow=True)
    assert "已发布并锁定" in response.content.decode()


def test_import_page_runs_the_import_as_a_job(client_for, city_officer, tmp_path, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jingzhun.assessments.models import Round
    from jingzhun.assessments.tests.test_commands import good_scores, workbook

    path = workbook(tmp_path / "q3.xlsx", good_scores())
    upload = SimpleUploadedFile("q3.xlsx", path.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(city_officer).post(
            reverse("assessments:import"), {"file": upload, "round_code": "2017Q3", "previous_code": ""}
        )
    assert response.status_code == 302
    assert Score.objects.filter(round=Round.objects.get(code="2017Q3")).count() == 6


def test_a_round_created_on_its_page_and_a_score_through_the_api(client_for, city_officer):
    from jingzhun.assessments import services
    from jingzhun.assessments.models import Entity, Round

    scheme = services.defaults_install(user=city_officer)["province-quarterly-county"]
    client = client_for(city_officer)
    response = client.post(
        reverse("assessments:round-create"),
        {
            "code": "2018Q1",
            "name": "2018年第一季度省考",
            "source": "province_quarterly",
            "year": 2018,
            "period": "2018Q1",
            "period_end": "2018-03-31",
            "scheme": scheme.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    round = Round.objects.get(code="2018Q1")
    assert round.owner_id == "610900000000" and round.status == "draft"
    component = scheme.components.get(code="cross_check")
    entity = Entity.objects.get(code=COUNTIES[0])
    response = client.post(
        "/api/assessments/scores/",
        {"round": round.pk, "entity": entity.pk, "component": component.pk, "score": "97.5"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert ranking_compute(round=round).lines[0].total == 97.5


def test_gaps_export(client_for, county_officer, rounds):
    from python_calamine import CalamineWorkbook

    _q2, q3 = rounds
    response = client_for(county_officer).get(reverse("assessments:entity-export", args=[q3.pk, COUNTIES[1]]))
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0][0] == "指标" and rows[1][0] == "交叉检查" and rows[1][5] == 0.5
