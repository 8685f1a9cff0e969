"""The commands of the issue: ``cooperation_indicators`` (CSV) and ``import_cooperation`` (workbook)."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.management import CommandError, call_command

from jingzhun.cooperation import models as m
from jingzhun.cooperation.imports import CooperationImporter
from jingzhun.core.idnumbers import make_id_number

pytestmark = pytest.mark.django_db

CODES = [
    "aid_funds",
    "aid_funds_growth",
    "poor_labour_transferred",
    "consumption_sales",
    "cadres_exchanged",
    "professionals_exchanged",
    "people_trained",
    "paired_villages",
    "enterprises_invested",
    "investment_amount",
    "joint_meetings",
]


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_indicators_csv_columns_codes_and_targets(fund_factory, pairings, tmp_path):
    fund_factory("80", year=2018)
    fund_factory("100")
    agreement = m.Agreement.objects.create(pairing=pairings["hanbin"], kind="yearly", year=2019, title="协议")
    m.AgreementTarget.objects.create(agreement=agreement, indicator="aid_funds", value=Decimal("120"))
    m.AgreementTarget.objects.create(agreement=agreement, indicator="paired_villages", value=Decimal("1"))
    rows = list(csv.reader(io.StringIO(run("cooperation_indicators", "--year", "2019", "--region", "610902"))))
    assert rows[0] == ["indicator", "value", "target", "met"]
    assert [r[0] for r in rows[1:]] == CODES
    by_code = {r[0]: r[1:] for r in rows[1:]}
    assert by_code["aid_funds"] == ["100.00", "120.00", "0"]
    assert by_code["aid_funds_growth"] == ["25.00", "", ""]
    assert by_code["paired_villages"] == ["1", "1", "1"]
    assert by_code["consumption_sales"] == ["0.00", "", ""]
    out = tmp_path / "指标.csv"
    run("cooperation_indicators", "--year", "2019", "--region", "320412000000", "--out", str(out))
    assert out.read_text(encoding="utf-8").splitlines()[1] == "aid_funds,100.00,120.00,0"


@pytest.mark.parametrize("region", ["61x", "610999", "1234567890123"])
def test_indicators_refuse_a_bad_region(db, region):
    with pytest.raises(CommandError):
        run("cooperation_indicators", "--year", "2019", "--region", region)


def workbook(path, sheets):
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for title, rows in sheets.items():
        sheet = book.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, datetime.date):
                    sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.close()
    return path


@pytest.fixture
def registered(household_factory, hanbin_village):
    from jingzhun.registry.models import Member

    return list(Member.objects.filter(household=household_factory(hanbin_village, members=2)).order_by("code"))


@pytest.fixture
def good_file(tmp_path, pairings, registered, hanbin_village):
    stranger = make_id_number("610902", datetime.date(1988, 1, 2), 905)
    return workbook(
        tmp_path / "协作.xlsx",
        {
            "结对关系": [
                ["结对类型", "东部区划代码", "东部结对方", "西部区划代码", "西部结对方", "起始年度"],
                ["村村结对", "320412000000", "湖塘镇东村", hanbin_village.code, "一村", 2019],
            ],
            "协作资金": [
                ["县区代码", "资金类型", "资金来源", "金额（万元）", "到位日期"],
                ["610902000000", "财政援助", "常州市财政", 1200.5, datetime.date(2019, 4, 10)],
                ["610902000000", "社会帮扶", "武进区慈善会", 80, None],
            ],
            "挂职交流": [
                ["姓名", "类别", "派出方向", "派出单位", "挂职单位及职务", "开始日期", "县区代码"],
                ["李挂职", "党政挂职干部", "东部派往西部", "武进区发改局", "副区长", "2019-03-01", "610902000000"],
            ],
            "劳务协作": [
                ["证件号码", "姓名", "就业地区", "就业单位", "就业月数", "县区代码"],
                [registered[0].id_number, registered[0].name, "东部", "常州某电子厂", 6, None],
                [registered[1].id_number, registered[1].name, "扶贫车间", "毛绒玩具社区工厂", 2, None],
                [stranger, "外来务工", "本地", "汉滨某厂", 12, "610902000000"],
            ],
            "消费扶贫": [
                ["产品", "购买方", "渠道", "金额（万元）", "县区代码"],
                ["富硒茶", "常州市总工会", "以购代捐", 35.2, "610902000000"],
            ],
            "企业投资": [
                ["企业名称", "实际投资（万元）", "园区名称", "园区类型", "县区代码"],
                ["某毛绒玩具公司", 500, "毛绒玩具文创产业园", "飞地园区", "610902000000"],
            ],
        },
    )


def test_import_writes_every_sheet_and_is_idempotent(good_file, registered):
    out = run("import_cooperation", str(good_file), "--year", "2019")
    assert out.startswith("导入完成")
    assert m.Pairing.objects.filter(level="village", east_party="湖塘镇东村").exists()
    assert m.AidFund.objects.filter(year=2019).count() == 2
    fund = m.AidFund.objects.get(source="常州市财政")
    assert fund.amount == Decimal("1200.50") and fund.pairing.east_party == "常州市武进区"
    labour = {r.id_number: r for r in m.LabourRecord.objects.all()}
    assert labour[registered[0].id_number].member == registered[0]
    assert labour[registered[0].id_number].west_region_id == registered[0].household.village_id
    assert sum(r.member_id is None for r in labour.values()) == 1  # the stranger is kept, not matched
    assert m.Investment.objects.get().park_kind == "enclave"
    assert m.Purchase.objects.get().channel == "buy_for_donation"
    assert run("import_cooperation", str(good_file), "--year", "2019").startswith("没有变化")
    assert m.LabourRecord.objects.count() == 3


def test_import_is_all_or_nothing_with_row_errors(tmp_path, pairings, registered):
    path = workbook(
        tmp_path / "坏.xlsx",
        {
            "协作资金": [
                ["县区代码", "资金类型", "资金来源", "金额（万元）"],
                ["610902000000", "财政援助", "常州市财政", 100],
            ],
            "劳务协作": [
                ["证件号码", "姓名", "就业地区", "就业单位", "就业月数"],
                [registered[0].id_number, registered[0].name, "东部", "某厂", 13],
                ["610902198001010000", "某人", "火星", "某厂", 3],
            ],
        },
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_cooperation", str(path), "--year", "2019", stdout=io.StringIO(), stderr=err)
    messages = err.getvalue()
    assert "劳务协作" in messages and "第 2 行" in messages and "就业月数" in messages
    assert "第 3 行" in messages
    assert not m.AidFund.objects.exists() and not m.LabourRecord.objects.exists()


def test_an_eastern_office_imports_for_its_own_pairings_only(tmp_path, pairings, coop_east):
    path = workbook(
        tmp_path / "东部.xlsx",
        {
            "消费扶贫": [
                ["产品", "购买方", "渠道", "金额（万元）", "县区代码"],
                ["富硒茶", "武进区机关", "线下", 10, "610902000000"],
                ["魔芋", "武进区机关", "线下", 10, "610921000000"],  # 汉阴县 is 天宁区's
            ],
        },
    )
    with path.open("rb") as handle:
        result = CooperationImporter(user=coop_east, file=handle, filename=path.name, year=2019).run()
    assert [(e.row, "不在您的管辖范围内" in e.message) for e in result.errors] == [(3, True)]
    assert not m.Purchase.objects.exists()


def test_import_needs_a_county_when_the_user_has_none(tmp_path, pairings):
    path = workbook(
        tmp_path / "无县区.xlsx",
        {"消费扶贫": [["产品", "购买方", "渠道", "金额（万元）"], ["茶", "工会", "线上", 1]]},
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_cooperation", str(path), "--year", "2019", stdout=io.StringIO(), stderr=err)
    assert "请填写县区代码" in err.getvalue()


def test_the_template_round_trips_through_the_importer(client, coop_west, tmp_path):
    from django.urls import reverse

    client.force_login(coop_west)
    response = client.get(reverse("cooperation:import-template"))
    assert response.status_code == 200
    path = tmp_path / "模板.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    with path.open("rb") as handle:
        result = CooperationImporter(user=coop_west, file=handle, filename=path.name, year=2019).run()
    assert not result.errors and not result.changed


def test_a_fall_in_aid_funds_is_a_negative_number(fund_factory):
    fund_factory("200", year=2018)
    fund_factory("150")
    rows = dict(
        line.split(",", 1) for line in run("cooperation_indicators", "--year", "2019", "--region", "6109").splitlines()
    )
    assert rows["aid_funds_growth"] == "-25.00,,"
