"""The monthly bulletin: every section from the data, the same on the page and in Word, kept and reproducible."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from jingzhun.core.panels import BulletinContext, KeyFigure
from jingzhun.dashboards import bulletins
from jingzhun.dashboards.models import Bulletin

pytestmark = pytest.mark.django_db

JULY = datetime.date(2019, 7, 1)


@pytest.fixture
def july(household_factory, hanbin_village, city_officer):
    """A month with something in every section: exits planned, money paid, findings, a monitored household."""
    from jingzhun.monitoring.models import MonitoringObject
    from jingzhun.projects import services as project_services
    from jingzhun.projects.models import Allocation, Disbursement, Project
    from jingzhun.quality.models import Finding

    household_factory(hanbin_village, members=3, planned_exit_year=2019)
    exited = household_factory(hanbin_village, members=2, status="1", exit_year=2019, planned_exit_year=2019)
    project = project_services.project_save(
        user=city_officer,
        project=Project(
            code="XM2019-610902-07001",
            name="通村公路",
            type="transport",
            sector="transport",
            region=hanbin_village,
            plan_year=2019,
            budget=Decimal(1000000),
            responsible_unit="汉滨区交通运输局",
            responsible_person="张三",
        ),
    )
    Allocation.objects.create(project=project, source="central", amount=Decimal(800000), date=datetime.date(2019, 3, 1))
    Disbursement.objects.create(
        project=project, source="central", amount=Decimal(200000), date=datetime.date(2019, 7, 10), voucher="P-1"
    )
    seen = timezone.make_aware(datetime.datetime(2019, 7, 5, 10))
    Finding.objects.create(
        check_code="ID-01",
        category="identity",
        severity="high",
        entity="member",
        entity_key="1",
        village_code=hanbin_village.code,
        household_code=exited.code,
        message="证件号码校验位错误",
        year=2019,
        first_seen_at=seen,
        last_seen_at=seen,
    )
    MonitoringObject.objects.create(
        household=exited, year=2019, kind="unstable", reasons="low_income", identified_on=datetime.date(2019, 7, 20)
    )


def ankang():
    from jingzhun.regions.models import Region

    return Region.objects.get(code="610900000000")


def test_the_july_bulletin_of_ankang_has_every_section_in_word_as_on_the_page(july, city_officer, client_for):
    ctx = BulletinContext(city_officer, ankang(), JULY)
    content = bulletins.bulletin_content(ctx)
    keys = [section.key for section, _data in content.sections]
    assert keys == ["exits", "funds", "projects", "findings", "monitoring"]
    document = docx.Document(io.BytesIO(bulletins.bulletin_render(content)))
    text = "\n".join(p.text for p in document.paragraphs)
    for section, data in content.sections:
        assert str(section.title) in text and data.summary in text
    assert len(document.tables) == len(content.sections)
    assert len(document.inline_shapes) == sum(1 for _s, d in content.sections if d.chart)
    funds = next(d for s, d in content.sections if s.key == "funds")
    assert "本月拨付20.00万元" in funds.summary and "资金执行率25.0%" in funds.summary
    page = client_for(city_officer).get("/command/bulletin/?month=2019-07&region=610900000000").content.decode()
    for _section, data in content.sections:
        assert data.summary in page  # the page says what the document says
    assert "通报批评" in text and "汉滨区（25.0%）" in text  # execution below 60 %


def test_the_same_data_give_the_same_document_and_it_is_kept_with_who_made_it(july, city_officer, client_for):
    ctx = BulletinContext(city_officer, ankang(), JULY)
    first = bulletins.bulletin_render(bulletins.bulletin_content(ctx))
    assert bulletins.bulletin_render(bulletins.bulletin_content(ctx)) == first
    response = client_for(city_officer).post(
        "/command/bulletin/?region=610900000000",
        {"month": "2019-07", "preface": "现通报如下。", "closing": "特此通报。"},
    )
    kept = Bulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/command/bulletin/{kept.pk}/download/"
    assert kept.created_by == city_officer and kept.month == JULY and kept.preface == "现通报如下。"
    download = client_for(city_officer).get(response["Location"])
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_a_village_may_read_bulletins_but_not_generate_them(client_for, village_clerk):
    client = client_for(village_clerk)
    assert client.get("/command/bulletin/?month=2019-07").status_code == 200
    assert client.post("/command/bulletin/", {"month": "2019-07", "preface": "x", "closing": "y"}).status_code == 403


def test_a_bad_month_is_refused_with_a_chinese_message(client_for, city_officer):
    response = client_for(city_officer).post("/command/bulletin/", {"month": "2019-13", "preface": "x", "closing": "y"})
    assert response.status_code == 400 and "月份应写作" in response.content.decode()


def test_the_command_writes_the_bulletin_and_refuses_bad_input(july, tmp_path):
    out = tmp_path / "月通报.docx"
    call_command("bulletin", "--month", "2019-07", "--region", "610900000000", "--out", str(out), stderr=io.StringIO())
    assert out.read_bytes()[:2] == b"PK" and Bulletin.objects.count() == 1
    with pytest.raises(CommandError, match="--month"):
        call_command("bulletin", "--month", "2019-7x", "--region", "610900000000", "--out", str(out))
    with pytest.raises(CommandError, match="--region"):
        call_command("bulletin", "--month", "2019-07", "--region", "619999000000", "--out", str(out))


def test_each_section_compares_its_key_figures_with_the_month_before(july, city_officer, client_for):
    from jingzhun.projects.models import Disbursement, Project

    Disbursement.objects.create(
        project=Project.objects.get(), source="central", amount=Decimal(100000), date=datetime.date(2019, 6, 12)
    )
    content = bulletins.bulletin_content(BulletinContext(city_officer, ankang(), JULY))
    funds = next(section for section, _data in content.sections if section.key == "funds")
    findings = next(section for section, _data in content.sections if section.key == "findings")
    money = content.changes_text(funds)
    # Paid: 10 万 in June, 20 万 in July; execution 12.5 % → 37.5 % of 80 万 (a rate moves in points).
    assert "本月拨付20.00万元，较上月增加10.00万元（上月10.00万元）" in money
    assert "资金执行率37.5%，较上月增加25.0个百分点（上月12.5%）" in money
    # No finding in June: the section was silent, its counts were 0.
    assert "新发现问题1条，较上月增加1条（上月0条）" in content.changes_text(findings)
    document = docx.Document(io.BytesIO(bulletins.bulletin_render(content)))
    assert money in "\n".join(p.text for p in document.paragraphs)
    page = client_for(city_officer).get("/command/bulletin/?month=2019-07&region=610900000000").content.decode()
    assert money in page


@pytest.mark.parametrize(
    ("figure", "previous", "text", "tone"),
    [
        (
            KeyFigure("超期未整改", 12, "个", higher_is_better=False),
            1,
            "超期未整改12个，较上月增加11个（上月1个）",
            "bad",
        ),
        (
            KeyFigure("超期未整改", 1, "个", higher_is_better=False),
            12,
            "超期未整改1个，较上月减少11个（上月12个）",
            "good",
        ),
        (KeyFigure("已整改", 5, "个", higher_is_better=True), 5, "已整改5个，与上月持平", ""),
        (KeyFigure("驻村干部", 150, "人"), 132, "驻村干部150人，较上月增加18人（上月132人）", ""),
        (KeyFigure("执行率", 21.4, "%", 1, True, "个百分点", False), None, "执行率21.4%（上月无数据）", ""),
    ],
)
def test_a_change_says_how_much_and_which_way_and_whether_that_is_good(figure, previous, text, tone):
    change = bulletins.Change(figure, previous)
    assert change.text == text and change.tone == tone


def test_an_old_ranking_is_not_reported_as_this_months(city_officer):
    from jingzhun.assessments.demo import assessments_demo_generate
    from jingzhun.assessments.panels import latest_ranking

    assessments_demo_generate(year=2017)
    assert latest_ranking(city_officer, ankang(), until=datetime.date(2017, 10, 31)).round.period == "2017Q3"
    assert latest_ranking(city_officer, ankang(), until=datetime.date(2019, 7, 31)) is None  # two years old
    assessments_demo_generate(year=2019, replace=True)
    assert latest_ranking(city_officer, ankang(), until=datetime.date(2019, 7, 31)).round.period == "2019Q2"


def test_the_demo_fills_every_section_of_ankangs_july_bulletin(city_officer, client_for):
    from jingzhun.core.panels import _SECTIONS

    call_command("generate_demo", households=600, no_users=True, verbosity=0, stdout=io.StringIO())
    content = bulletins.bulletin_content(BulletinContext(city_officer, ankang(), JULY))
    assert sorted(section.key for section, _data in content.sections) == sorted(_SECTIONS)
    document = docx.Document(io.BytesIO(bulletins.bulletin_render(content)))
    assert len(document.tables) == len(_SECTIONS) and len(document.inline_shapes) == len(_SECTIONS)
    text = "\n".join(p.text for p in document.paragraphs)
    page = client_for(city_officer).get("/command/bulletin/?month=2019-07&region=610900000000").content.decode()
    for _section, data in content.sections:
        assert data.summary in text and data.summary in page
        assert all(cell is not None for row in data.rows for cell in row)
    assert sum(1 for changes in content.changes.values() if changes) >= len(_SECTIONS) - 1  # all but the ranking
