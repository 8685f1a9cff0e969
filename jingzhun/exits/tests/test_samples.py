"""Sample verification: the reproducible draw, the rates and their intervals, the import, the commands,
and the county evaluation reading the measured rates."""

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from conftest import HANBIN
from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.parameters import parameter_set
from jingzhun.exits import services
from jingzhun.exits.choices import Category, Conclusion
from jingzhun.exits.imports import VerificationImporter
from jingzhun.exits.models import Sample, SampleItem
from jingzhun.exits.rates import wilson
from jingzhun.regions.models import CountyYear, Region
from jingzhun.registry.models import Household
from jingzhun.standards.choices import Level
from jingzhun.standards.models import RuleSet
from jingzhun.standards.services import evaluation_run

pytestmark = pytest.mark.django_db

VISITOR = make_id_number(HANBIN, datetime.date(1975, 5, 5), 12)  # a non-registered household visited


@pytest.fixture
def hanbin():
    return Region.objects.get(code=HANBIN)


@pytest.fixture
def registered(household_factory, hanbin_village, hanbin_village_2):
    made = []
    for village in (hanbin_village, hanbin_village_2):
        made += [household_factory(village, members=2, status="1", exit_year=2019) for _ in range(6)]
        made += [household_factory(village, members=3) for _ in range(4)]
    return made


def items_of(sample):
    return list(SampleItem.objects.filter(sample=sample).order_by("position").values_list("household__code", flat=True))


def test_same_seed_same_list(city_officer, hanbin, registered):
    first = services.sample_draw(user=city_officer, county=hanbin, year=2019, round="A", exited=3, poor=2, seed=7)
    listed = items_of(first)
    assert len(listed) == 10  # two villages, 3 + 2 households each
    other = services.sample_draw(user=city_officer, county=hanbin, year=2019, round="C", exited=3, poor=2, seed=8)
    assert items_of(other) != listed
    # The same county, year, round, sizes and seed give the same list.
    Sample.objects.filter(pk=first.pk).delete()
    redo = services.sample_draw(user=city_officer, county=hanbin, year=2019, round="A", exited=3, poor=2, seed=7)
    assert items_of(redo) == listed
    categories = set(SampleItem.objects.filter(sample=redo).values_list("category", flat=True))
    assert categories == {Category.EXITED, Category.POOR}


def test_sample_sizes_are_parameters(city_officer, hanbin, registered):
    for name, value in (("exits.sample_exited", 1), ("exits.sample_poor", 0)):
        parameter_set(user=city_officer, name=name, value=value, year_from=2019, source="市指挥部", reason="试点")
    sample = services.sample_draw(user=city_officer, county=hanbin, year=2019)
    assert SampleItem.objects.filter(sample=sample).count() == 2
    assert sample.design["exited"] == 1


def test_only_the_city_draws(county_officer, hanbin, registered):
    with pytest.raises(PermissionDenied):
        services.sample_draw(user=county_officer, county=hanbin, year=2019)


def hand_made(hanbin_village, *, wrong_people, recognised):
    """200 people in 100 exited households, 100 in 50 non-registered; 100 registered answers."""
    sample = Sample.objects.create(county_id=HANBIN, year=2019, round="手工", seed=1)
    households = Household.objects.bulk_create(
        Household(
            code=f"HM{i:06d}",
            village=hanbin_village,
            size=2,
            status="1",
            exit_year=2019,
            main_cause="01",
            identification_year=2015,
        )
        for i in range(100)
    )
    rows = []
    for i in range(100):
        rows.append(
            SampleItem(
                sample=sample,
                category=Category.EXITED,
                household=households[i],
                village=hanbin_village,
                # 200 people: one 错退 household of ``wrong_people`` people, balanced by one-person households.
                people=(wrong_people if i == 0 else 1 if i <= wrong_people - 2 else 2) if wrong_people else 2,
                conclusion=Conclusion.WRONG_EXIT if i == 0 and wrong_people else Conclusion.NORMAL,
                recognised=i < recognised,
                aware=i % 4 != 0,
                position=i,
            )
        )
    for i in range(50):
        rows.append(
            SampleItem(
                sample=sample,
                category=Category.NON_REGISTERED,
                village=hanbin_village,
                id_number=make_id_number(HANBIN, datetime.date(1980, 1, 1), i),
                people=2,
                conclusion=Conclusion.MISSED if i == 0 else Conclusion.NORMAL,
                position=100 + i,
            )
        )
    SampleItem.objects.bulk_create(rows)
    return sample


@pytest.mark.parametrize(
    ("wrong_people", "recognised", "wrong_rate", "recognition"),
    [(4, 91, 0.02, 0.91), (6, 89, 0.03, 0.89), (2, 95, 0.01, 0.95)],
)
def test_rates_on_hand_made_samples(hanbin_village, wrong_people, recognised, wrong_rate, recognition):
    rates = services.sample_rates(hand_made(hanbin_village, wrong_people=wrong_people, recognised=recognised))
    assert rates.wrong_exit.value == pytest.approx(wrong_rate)
    assert rates.recognition.value == pytest.approx(recognition)
    assert rates.missed.value == pytest.approx(0.02)  # 2 of 100 people
    assert rates.awareness.value == pytest.approx(0.75)
    assert rates.households == 150
    low, high = rates.wrong_exit.interval
    assert low < wrong_rate < high


def test_wilson_interval():
    low, high = wilson(3, 200)
    assert low == pytest.approx(0.00512, abs=1e-4)
    assert high == pytest.approx(0.04316, abs=1e-4)
    assert wilson(0, 0) == (None, None)
    assert wilson(0, 10)[0] == 0


def county_failures(user):
    run = evaluation_run(
        user=None,
        # The national rule set judges a county by 错退率, 漏评率 and 群众认可度.
        ruleset=RuleSet.objects.get(code="national-2016"),
        level=Level.COUNTY,
        year=2019,
        region=Region.objects.get(code=HANBIN),
    )
    return run.results.get(code=HANBIN).failed_codes


@pytest.mark.parametrize(("wrong_people", "recognised", "fails"), [(3, 91, False), (5, 89, True)])
def test_county_evaluation_reads_the_measured_rates(city_officer, hanbin_village, wrong_people, recognised, fails):
    CountyYear.objects.update_or_create(county_id=HANBIN, year=2019, defaults={"is_poor_county": True})
    sample = hand_made(hanbin_village, wrong_people=wrong_people, recognised=recognised)
    facts = services.sample_apply(user=city_officer, sample=sample)
    assert float(facts.wrong_exit_rate) == pytest.approx(wrong_people / 2)  # percent of 200 people
    assert float(facts.recognition_rate) == recognised
    failures = county_failures(city_officer)
    assert ("wrong_exit_rate" in failures) is fails
    assert ("recognition" in failures) is fails
    sample.refresh_from_db()
    assert sample.applied_at is not None


def test_only_the_city_writes_the_rates(county_officer, hanbin_village):
    with pytest.raises(PermissionDenied):
        services.sample_apply(user=county_officer, sample=hand_made(hanbin_village, wrong_people=0, recognised=90))


def workbook(rows, sheet="核查结果"):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet(sheet)
    header = ["户编号", "证件号码", "行政区划代码", "抽样类别", "核查人数", "核查结论", "是否认可", "政策知晓"]
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            if value is not None:
                ws.write(r, c, value)
    book.close()
    out.seek(0)
    return out


def run_import(user, rows, **kwargs):
    return VerificationImporter(
        user=user, file=workbook(rows), filename="核查结果.xlsx", county=HANBIN, year=2019, **kwargs
    ).run()


def test_import_results(city_officer, hanbin, hanbin_village, registered):
    sample = services.sample_draw(user=city_officer, county=hanbin, year=2019, exited=2, poor=1, seed=3)
    exited = SampleItem.objects.filter(sample=sample, category=Category.EXITED).select_related("household").first()
    poor = SampleItem.objects.filter(sample=sample, category=Category.POOR).select_related("household").first()
    rows = [
        [exited.household.code, None, None, "已脱贫户", 2, "错退", "否", "是"],
        [poor.household.code, None, None, "未脱贫户", 3, "正常", "是", None],
        [
            None,
            make_id_number(HANBIN, datetime.date(1975, 5, 5), 12),
            hanbin_village.code,
            "非建档立卡户",
            4,
            "漏评",
            None,
            "否",
        ],
    ]
    result = run_import(city_officer, rows)
    assert not result.errors, result.errors
    exited.refresh_from_db()
    assert (exited.people, exited.conclusion, exited.recognised, exited.aware) == (2, "wrong_exit", False, True)
    assert SampleItem.objects.filter(sample=sample, category=Category.NON_REGISTERED).count() == 1
    rates = services.sample_rates(sample)
    assert rates.wrong_exit.value == 1.0
    assert rates.missed.value == 1.0
    assert rates.recognition.value == 0.5
    # Importing the same file again changes nothing.
    assert not run_import(city_officer, rows).changed


def test_import_is_all_or_nothing_with_chinese_errors(city_officer, hanbin, hanbin_village, registered):
    sample = services.sample_draw(user=city_officer, county=hanbin, year=2019, exited=2, poor=1, seed=3)
    exited = SampleItem.objects.filter(sample=sample, category=Category.EXITED).select_related("household").first()
    outsider = SampleItem.objects.exclude(sample=sample).first()
    rows = [
        [exited.household.code, None, None, "已脱贫户", 2, "正常", "是", "是"],
        ["610902999999999", None, None, "已脱贫户", 2, "正常", "是", "是"],
        [exited.household.code, None, None, "已脱贫户", 2, "漏评", "是", "是"],
        [None, None, hanbin_village.code, "非建档立卡户", 2, "正常", None, None],
    ]
    result = run_import(city_officer, rows)
    messages = [str(e) for e in result.errors]
    assert any("不在本轮抽样名单中" in m for m in messages)
    assert any("重复" in m for m in messages)
    assert any("须填写证件号码" in m for m in messages)
    assert any(("核查结果" in m and "第" in m) or "核查结果" in m for m in messages)
    assert outsider is None
    exited.refresh_from_db()
    assert exited.conclusion == ""


def test_import_without_a_sample(city_officer):
    result = run_import(city_officer, [["X", None, None, "已脱贫户", 1, "正常", None, None]])
    assert "请先抽样" in " ".join(str(e) for e in result.errors)


def test_commands(city_officer, hanbin, hanbin_village, registered, tmp_path):
    sample = services.sample_draw(user=city_officer, county=hanbin, year=2019, round="省核查", exited=2, poor=1)
    exited = SampleItem.objects.filter(sample=sample, category=Category.EXITED).select_related("household").first()
    path = tmp_path / "核查结果.xlsx"
    path.write_bytes(workbook([[exited.household.code, None, None, "已脱贫户", 2, "正常", "是", "是"]]).getvalue())
    out = io.StringIO()
    call_command(
        "import_verification", str(path), "--county", HANBIN, "--year", "2019", "--round", "省核查", stdout=out
    )
    assert "导入完成" in out.getvalue()
    target = tmp_path / "rates.csv"
    call_command("verification_rates", "--county", HANBIN, "--year", "2019", "--out", str(target), stdout=io.StringIO())
    rows = list(csv.reader(target.open(encoding="utf-8")))
    assert rows[0][:6] == [
        "county",
        "wrong_exit_rate",
        "missed_rate",
        "recognition_rate",
        "awareness_rate",
        "sample_households",
    ]
    assert rows[1][0] == HANBIN
    assert float(rows[1][1]) == 0.0
    assert rows[1][2] == ""  # no non-registered household visited
    assert float(rows[1][3]) == 1.0
    assert rows[1][5] == "1"
    with pytest.raises(CommandError):
        call_command("verification_rates", "--county", HANBIN, "--year", "2018", stdout=io.StringIO())
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook([["nope", None, None, "已脱贫户", 2, "正常", "是", "是"]]).getvalue())
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_verification", str(bad), "--county", HANBIN, "--year", "2019", stderr=err, stdout=out)
    assert "核查结果" in err.getvalue() and "不在本轮抽样名单中" in err.getvalue()


def test_import_page_runs_the_job(
    client_for, city_officer, county_officer, hanbin, registered, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from jingzhun.core.models import Job

    sample = services.sample_draw(user=city_officer, county=hanbin, year=2019, exited=2, poor=1, seed=3)
    item = SampleItem.objects.filter(sample=sample, category=Category.EXITED).select_related("household").first()
    data = workbook([[item.household.code, None, None, "已脱贫户", 2, "错退", "否", "是"]]).getvalue()
    assert client_for(county_officer).get(reverse("exits:import")).status_code == 403
    upload = SimpleUploadedFile("核查结果.xlsx", data)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(city_officer).post(
            reverse("exits:import"), {"file": upload, "county": HANBIN, "year": 2019, "round": ""}
        )
    assert response.status_code == 302
    job = Job.objects.get()
    assert job.status == "succeeded", job.result
    item.refresh_from_db()
    assert item.conclusion == Conclusion.WRONG_EXIT


def test_the_template_reads_back_without_errors(client_for, city_officer, hanbin, registered):
    from django.urls import reverse

    response = client_for(city_officer).get(reverse("exits:import-template"))
    assert response.status_code == 200
    services.sample_draw(user=city_officer, county=hanbin, year=2019, exited=1, poor=0)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    result = VerificationImporter(
        user=city_officer, file=io.BytesIO(content), filename="模板.xlsx", county=HANBIN, year=2019
    ).run()
    assert not result.errors
