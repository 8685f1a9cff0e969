"""Importing the registry workbook: messy input, all-or-nothing, idempotence, scope, round trip."""

import csv
import datetime
import io

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from jingzhun.core.idnumbers import make_id_number
from jingzhun.core.models import AuditEvent, Job, TransitionLog
from jingzhun.regions.models import VillageYear
from jingzhun.registry.cycle import cycle_counts
from jingzhun.registry.exports import registry_workbook_write
from jingzhun.registry.models import Household, HouseholdYear, Member
from jingzhun.registry.services import registry_import

pytestmark = pytest.mark.django_db

HOUSEHOLD_HEADERS = [
    "行政区划代码",
    "户编号",
    "户主姓名",
    "人数",
    "贫困户属性",
    "脱贫状态",
    "主要致贫原因",
    "其他致贫原因",
    "识别年度",
    "计划脱贫年度",
    "脱贫年度",
    "年度",
    "工资性收入",
    "生产经营性收入",
    "财产性收入",
    "转移性收入",
    "生产经营性支出",
    "住房安全等级",
    "饮水是否安全",
    "吃穿不愁",
    "是否通生活用电",
]
MEMBER_HEADERS = [
    "户编号",
    "人编号",
    "姓名",
    "证件号码",
    "与户主关系",
    "性别",
    "出生日期",
    "健康状况",
    "劳动技能",
    "务工时间（月）",
    "是否参加城乡居民基本医疗保险",
    "是否参加大病保险",
    "是否死亡",
]


def household_row(village, code, size=2, **overrides):
    row = {
        "行政区划代码": village.code,
        "户编号": code,
        "户主姓名": f"户主{code[-3:]}",
        "人数": size,
        "贫困户属性": "一般贫困户",
        "脱贫状态": "未脱贫",
        "主要致贫原因": "因病",
        "其他致贫原因": "缺技术、缺资金",
        "识别年度": 2016,
        "计划脱贫年度": 2019,
        "脱贫年度": "",
        "年度": 2019,
        "工资性收入": 9000,
        "生产经营性收入": 2000,
        "财产性收入": 0,
        "转移性收入": 1200.5,
        "生产经营性支出": 500,
        "住房安全等级": "B",
        "饮水是否安全": "是",
        "吃穿不愁": "是",
        "是否通生活用电": "是",
    }
    row.update(overrides)
    return row


def member_rows(village, code, size=2, start=1):
    rows = []
    for i in range(size):
        birth = datetime.date(1960 + i * 20, 1, 1) + datetime.timedelta(days=start)
        number = make_id_number(village.code[:6], birth, start * 10 + i * 2 + 1)
        rows.append(
            {
                "户编号": code,
                "人编号": f"{code}{i + 1:02d}",
                "姓名": f"户主{code[-3:]}" if i == 0 else f"成员{i}",
                "证件号码": number,
                "与户主关系": "户主" if i == 0 else "之子",
                "性别": "男",
                "出生日期": birth.isoformat(),
                "健康状况": "健康",
                "劳动技能": "普通劳动力",
                "务工时间（月）": 6,
                "是否参加城乡居民基本医疗保险": "是",
                "是否参加大病保险": "是",
                "是否死亡": "否",
            }
        )
    return rows


def workbook(path, households, members, title_rows=(), household_headers=HOUSEHOLD_HEADERS):
    book = xlsxwriter.Workbook(str(path))
    for name, headers, rows in (("户信息", household_headers, households), ("人员信息", MEMBER_HEADERS, members)):
        sheet = book.add_worksheet(name)
        text = book.add_format({"num_format": "@"})
        offset = 0
        for offset, title in enumerate(title_rows, start=1):
            sheet.write(offset - 1, 0, title)
        sheet.write_row(offset, 0, headers)
        for r, row in enumerate(rows, start=offset + 1):
            for c, header in enumerate(headers):
                value = row.get(header, "")
                if isinstance(value, str):
                    sheet.write_string(r, c, value, text)
                else:
                    sheet.write(r, c, value)
    book.close()
    return path


@pytest.fixture
def small_file(tmp_path, hanbin_village):
    households = [household_row(hanbin_village, f"{hanbin_village.code}{n:03d}") for n in (1, 2)]
    members = member_rows(hanbin_village, households[0]["户编号"], start=1) + member_rows(
        hanbin_village, households[1]["户编号"], start=2
    )
    return workbook(
        tmp_path / "registry.xlsx",
        households,
        members,
        title_rows=["安康市汉滨区建档立卡贫困户信息表", "填报日期：2019年12月"],
    )


def run(user, path, **kwargs):
    with open(path, "rb") as handle:
        return registry_import(user=user, file=handle, filename=path.name, **kwargs)


def test_a_clean_file_creates_households_members_and_years(county_officer, small_file):
    outcome = run(county_officer, small_file)
    assert outcome.errors == [] and outcome.written
    assert {k: v.created for k, v in outcome.counts.items()} == {
        "households": 2,
        "members": 4,
        "household_years": 2,
        "village_years": 0,
    }
    household = Household.objects.get(code__endswith="001")
    assert household.other_causes == "07,09" and household.main_cause == "01"
    facts = HouseholdYear.objects.get(household=household, year=2019)
    assert facts.net_income == pytest.approx(11700.5) and facts.housing_rating == "B"
    assert Member.objects.filter(household=household).count() == 2


def test_the_import_is_one_audit_event_linked_to_every_changed_row(county_officer, small_file):
    outcome = run(county_officer, small_file)
    own = AuditEvent.objects.get(model_label="registry.Import")
    assert own.batch == outcome.batch and own.actor == county_officer and "registry.xlsx" in own.reason
    linked = AuditEvent.objects.filter(batch=outcome.batch).exclude(pk=own.pk)
    assert linked.count() == 2 + 4 + 2
    household = Household.objects.get(code__endswith="001")
    assert AuditEvent.objects.for_root("registry.Household", str(household.pk)).count() == 1 + 2 + 1


def test_reimporting_the_same_file_changes_nothing_and_says_so(county_officer, small_file):
    run(county_officer, small_file)
    events = AuditEvent.objects.exclude(model_label="registry.Import").count()
    outcome = run(county_officer, small_file)
    assert not outcome.changed and outcome.errors == []
    assert {k: v.unchanged for k, v in outcome.counts.items()} == {
        "households": 2,
        "members": 4,
        "household_years": 2,
        "village_years": 0,
    }
    assert AuditEvent.objects.exclude(model_label="registry.Import").count() == events


def test_a_changed_cell_updates_only_that_row(county_officer, small_file, tmp_path, hanbin_village):
    run(county_officer, small_file)
    households = [household_row(hanbin_village, f"{hanbin_village.code}{n:03d}") for n in (1, 2)]
    households[1]["工资性收入"] = 15000
    members = member_rows(hanbin_village, households[0]["户编号"], start=1) + member_rows(
        hanbin_village, households[1]["户编号"], start=2
    )
    outcome = run(county_officer, workbook(tmp_path / "changed.xlsx", households, members))
    assert outcome.counts["household_years"].updated == 1 and outcome.counts["households"].unchanged == 2
    event = AuditEvent.objects.get(action="update", model_label="registry.HouseholdYear")
    assert event.before == {"wage_income": "9000.00"} and event.after == {"wage_income": "15000.00"}


def test_each_household_the_import_creates_starts_its_yearly_cycle(
    county_officer, small_file, tmp_path, hanbin_village
):
    outcome = run(county_officer, small_file)
    first, second = Household.objects.order_by("code")
    log = TransitionLog.objects.of(first).get()
    assert (log.transition, log.to_state, log.user, log.batch) == ("start", "0", county_officer, outcome.batch)
    assert "registry.xlsx" in log.note and log.region_code == hanbin_village.code
    assert TransitionLog.objects.of(second).count() == 1
    year = timezone.localdate().year
    assert cycle_counts(prefix=hanbin_village.code[:6], year=year)["identified"] == 2

    # A household only updated, and one the file adds, by a second import: only the new one starts.
    households = [household_row(hanbin_village, f"{hanbin_village.code}{n:03d}") for n in (1, 2, 3)]
    households[0]["工资性收入"] = 15000
    members = [m for n, h in enumerate(households, start=1) for m in member_rows(hanbin_village, h["户编号"], start=n)]
    outcome = run(county_officer, workbook(tmp_path / "more.xlsx", households, members))
    assert outcome.written and outcome.counts["households"].created == 1
    assert TransitionLog.objects.of(first).count() == 1
    third = Household.objects.get(code=households[2]["户编号"])
    assert TransitionLog.objects.of(third).get().batch == outcome.batch
    assert cycle_counts(prefix=hanbin_village.code[:6], year=year)["identified"] == 3


def test_a_failed_import_starts_no_cycle(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    members = member_rows(hanbin_village, code)
    members[1]["与户主关系"] = "户主"
    outcome = run(county_officer, workbook(tmp_path / "bad.xlsx", [household_row(hanbin_village, code)], members))
    assert not outcome.written and not TransitionLog.objects.exists()


def test_checks_across_parts_of_the_file_still_hold(county_officer, tmp_path, hanbin_village, monkeypatch):
    """Checked and written one household at a time: a repeat in a later part undoes the earlier parts."""
    monkeypatch.setattr("jingzhun.registry.imports.PART_HOUSEHOLDS", 1)
    codes = [f"{hanbin_village.code}{n:03d}" for n in (1, 2, 3)]
    households = [household_row(hanbin_village, code) for code in codes]
    members = [m for n, code in enumerate(codes, start=1) for m in member_rows(hanbin_village, code, start=n)]
    # The same person in households 2 and 3 (rows 5 and 7); a member code of household 1 again in household 3.
    members[5]["证件号码"], members[5]["出生日期"] = members[3]["证件号码"], members[3]["出生日期"]
    members[4]["人编号"] = members[1]["人编号"]
    outcome = run(county_officer, workbook(tmp_path / "parts.xlsx", households, members))
    assert not outcome.written
    messages = [str(e) for e in outcome.errors]
    assert "人员信息, 第 5 行, 证件号码: 同一证件号码出现在不同户中（第 5、7 行）。" in messages, messages
    assert "人员信息, 第 7 行, 证件号码: 同一证件号码出现在不同户中（第 5、7 行）。" in messages, messages
    assert any(m.startswith("人员信息, 第 6 行, 人编号") and "重复（第 3 行已有）" in m for m in messages), messages
    assert not Household.objects.exists() and not Member.objects.exists() and not TransitionLog.objects.exists()

    members = [m for n, code in enumerate(codes, start=1) for m in member_rows(hanbin_village, code, start=n)]
    outcome = run(county_officer, workbook(tmp_path / "parts-ok.xlsx", households, members))
    assert outcome.written and outcome.counts["households"].created == 3 and outcome.counts["members"].created == 6
    assert Member.objects.count() == 6 and TransitionLog.objects.count() == 3


def test_one_bad_row_in_ten_thousand_writes_nothing(county_officer, tmp_path, hanbin_village):
    households, members = [], []
    for n in range(5000):
        code = f"{hanbin_village.code}{n:04d}"
        households.append(household_row(hanbin_village, code))
        members.extend(member_rows(hanbin_village, code, start=n))
    members[7777]["证件号码"] = members[7777]["证件号码"][:17] + ("0" if members[7777]["证件号码"][17] != "0" else "1")
    outcome = run(county_officer, workbook(tmp_path / "big.xlsx", households, members))
    assert len(outcome.errors) == 1 and not outcome.written
    assert str(outcome.errors[0]).startswith("人员信息, 第 7779 行, 证件号码:")
    assert not Household.objects.exists() and not Member.objects.exists()


@pytest.mark.parametrize("value", [6.10902198005061e17, 610902198005061000.0, "6.10902E+17"])
def test_ids_that_excel_turned_into_numbers_are_reported_as_lost_digits(
    county_officer, small_file, tmp_path, hanbin_village, value
):
    members = member_rows(hanbin_village, f"{hanbin_village.code}001")
    members[1]["证件号码"] = value
    path = workbook(tmp_path / "lost.xlsx", [household_row(hanbin_village, f"{hanbin_village.code}001")], members)
    outcome = run(county_officer, path)
    assert not outcome.written and not Member.objects.exists()
    message = str(outcome.errors[0])
    assert "证件号码" in message and ("丢失" in message or "截断" in message)


def test_a_county_officer_cannot_import_rows_of_another_county(county_officer, tmp_path, hanyin_village):
    code = f"{hanyin_village.code}001"
    path = workbook(tmp_path / "other.xlsx", [household_row(hanyin_village, code)], member_rows(hanyin_village, code))
    outcome = run(county_officer, path)
    assert not outcome.written
    assert any("不在您的管辖范围内" in str(e) for e in outcome.errors)
    assert not Household.objects.exists()


def test_rows_of_a_household_registered_in_another_county_are_refused(
    county_officer, tmp_path, hanbin_village, hanyin_village, household_factory
):
    other = household_factory(hanyin_village)
    path = workbook(
        tmp_path / "x.xlsx", [household_row(hanbin_village, other.code)], member_rows(hanbin_village, other.code)
    )
    outcome = run(county_officer, path)
    assert any("管辖范围以外" in str(e) for e in outcome.errors)
    other.refresh_from_db()
    assert other.village_id == hanyin_village.code


def test_cross_row_rules_are_checked(county_officer, tmp_path, hanbin_village, household_factory):
    existing = household_factory(hanbin_village)
    taken = existing.members.first()
    a, b, c = (f"{hanbin_village.code}{n:03d}" for n in (1, 2, 3))
    households = [
        household_row(hanbin_village, a, size=3),
        household_row(hanbin_village, b),
        household_row(hanbin_village, c),
    ]
    members = member_rows(hanbin_village, a, start=1)  # 2 members for 人数 3
    members += [dict(m, 与户主关系="之子") for m in member_rows(hanbin_village, b, start=2)]  # no head
    members += member_rows(hanbin_village, c, start=3)
    members[-1].update(证件号码=taken.id_number, 出生日期=taken.birth_date.isoformat())  # registered elsewhere
    members.append(dict(member_rows(hanbin_village, "x", start=4)[0], 户编号="NOSUCH001", 人编号="NOSUCH00101"))
    outcome = run(county_officer, workbook(tmp_path / "rules.xlsx", households, members))
    messages = [str(e) for e in outcome.errors]
    assert any("人数填写为 3" in m for m in messages)
    assert any("没有户主" in m for m in messages)
    assert any("同一人不能重复建档" in m and existing.code in m for m in messages)
    assert any("NOSUCH001" in m and "未登记" in m for m in messages)
    assert not outcome.written


def test_sex_and_birth_date_are_checked_against_the_id(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    members = member_rows(hanbin_village, code)
    members[0]["性别"] = "女"
    members[1]["出生日期"] = "1999-01-01"
    outcome = run(county_officer, workbook(tmp_path / "sex.xlsx", [household_row(hanbin_village, code)], members))
    messages = [str(e) for e in outcome.errors]
    assert any("性别: 性别与证件号码不符" in m for m in messages)
    assert any("出生日期: 出生日期与证件号码不符" in m for m in messages)


def test_messy_values_are_understood(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code, 吃穿不愁="√", 饮水是否安全="Y", 是否通生活用电="×")
    household["人数"] = "２"
    members = member_rows(hanbin_village, code)
    members[0]["证件号码"] = (
        " "
        + members[0]["证件号码"][:17].translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
        + members[0]["证件号码"][17].lower()
    )
    members[1]["出生日期"] = datetime.date.fromisoformat(members[1]["出生日期"]).strftime("%Y年%m月%d日")
    members[1]["是否死亡"] = "N"
    outcome = run(county_officer, workbook(tmp_path / "messy.xlsx", [household], members))
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    facts = HouseholdYear.objects.get()
    assert facts.food_clothing_secure and facts.water_safe and not facts.electricity


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_one_sheet_csv_in_each_encoding(county_officer, tmp_path, hanbin_village, encoding):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code)
    rows = [{**household, **member} for member in member_rows(hanbin_village, code)]
    headers = list(dict.fromkeys([*HOUSEHOLD_HEADERS, *MEMBER_HEADERS]))
    path = tmp_path / "one.csv"
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, headers)
        writer.writeheader()
        writer.writerows(rows)
    outcome = run(county_officer, path)
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    assert Household.objects.get().size == 2 and Member.objects.count() == 2


def test_villages_can_be_named_instead_of_coded(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code)
    del household["行政区划代码"]
    headers = ["县", "乡镇", "行政村", *HOUSEHOLD_HEADERS[1:]]
    household.update({"县": "汉滨区", "乡镇": hanbin_village.parent.name, "行政村": hanbin_village.name})
    path = workbook(tmp_path / "names.xlsx", [household], member_rows(hanbin_village, code), household_headers=headers)
    outcome = run(county_officer, path)
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    assert Household.objects.get().village_id == hanbin_village.code


def test_dry_run_writes_nothing(county_officer, small_file):
    outcome = run(county_officer, small_file, dry_run=True)
    assert outcome.errors == [] and not outcome.written and outcome.counts["households"].created == 2
    assert not Household.objects.exists()


def test_export_then_import_round_trips_unchanged(county_officer, household_factory, hanbin_village, tmp_path):
    VillageYear.objects.create(village=hanbin_village, year=2019, rural_population=900, is_poor_village=True)
    for status, exit_year in (("0", None), ("1", 2018), ("3", 2017), ("2", None)):
        household_factory(hanbin_village, members=3, status=status, exit_year=exit_year, other_causes="05,07")
    # Off the register: 自然减少 by death, 清退 as wrongly identified (the cycle keeps day and reason).
    for status, left_on, reason in (("5", datetime.date(2019, 5, 6), "1"), ("6", datetime.date(2019, 8, 1), "6")):
        household_factory(hanbin_village, members=2, status=status, left_on=left_on, left_reason=reason)
    path = tmp_path / "export.xlsx"
    registry_workbook_write(Household.objects.for_user(county_officer), str(path), year=2019, unmask=True)
    outcome = run(county_officer, path)
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    assert not outcome.changed, {k: v.as_dict() for k, v in outcome.counts.items()}
    assert outcome.counts["village_years"].unchanged == 1
    # The project's own workbook is not taken for a national export (its codes are not the national ones).
    assert not any("全国扶贫开发信息系统的导出格式" in str(w) for w in outcome.warnings)


def test_a_masked_export_cannot_be_imported(county_officer, household_factory, hanbin_village, tmp_path):
    household_factory(hanbin_village, members=2)
    path = tmp_path / "masked.xlsx"
    registry_workbook_write(Household.objects.for_user(county_officer), str(path), year=2019, unmask=False)
    outcome = run(county_officer, path)
    assert any("脱敏" in str(e) for e in outcome.errors) and not outcome.written


def test_the_command_exits_non_zero_with_the_error_list(county_officer, tmp_path, hanbin_village, capsys):
    code = f"{hanbin_village.code}001"
    members = member_rows(hanbin_village, code)
    members[0]["证件号码"] = "123"
    path = workbook(tmp_path / "bad.xlsx", [household_row(hanbin_village, code)], members)
    with pytest.raises(CommandError, match="1 处错误"):
        call_command("import_registry", str(path), "--user", "hanbin", verbosity=0)
    assert "人员信息, 第 2 行, 证件号码" in capsys.readouterr().err


def test_the_command_imports_and_exports(county_officer, small_file, tmp_path, capsys):
    call_command("import_registry", str(small_file), "--user", "hanbin", verbosity=0)
    assert "导入完成" in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    call_command("export_registry", str(out), "--region", "610902", "--year", "2019", "--unmask", verbosity=0)
    call_command("import_registry", str(out), verbosity=0)
    assert "没有变化" in capsys.readouterr().out


def test_upload_page_runs_the_import_as_a_job(
    client_for, county_officer, small_file, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True), open(small_file, "rb") as handle:
        response = client.post(reverse("registry:import"), {"file": handle})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.status == "succeeded" and job.result["counts"]["households"]["created"] == 2
    page = client.get(response["Location"]).content.decode()
    assert "导入成功" in page


def test_upload_with_errors_offers_the_marked_workbook(
    client_for, county_officer, tmp_path, hanbin_village, django_capture_on_commit_callbacks
):
    code = f"{hanbin_village.code}001"
    members = member_rows(hanbin_village, code)
    members[1]["证件号码"] = 6.10902198005061e17
    path = workbook(tmp_path / "bad.xlsx", [household_row(hanbin_village, code)], members)
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True), open(path, "rb") as handle:
        client.post(reverse("registry:import"), {"file": handle})
    job = Job.objects.get()
    assert job.status == "failed" and job.result["error_count"] == 1
    assert "人员信息, 第 3 行, 证件号码" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_read_only_roles_cannot_open_the_import_page(client_for, inspector):
    assert client_for(inspector).get(reverse("registry:import")).status_code == 403


def test_another_user_cannot_see_my_job(
    client_for, county_officer, outsider, small_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), open(small_file, "rb") as handle:
        client_for(county_officer).post(reverse("registry:import"), {"file": handle})
    job = Job.objects.get()
    assert client_for(outsider).get(reverse("jobs:detail", args=[job.pk])).status_code == 404


def test_export_button_exports_exactly_the_filtered_list(
    client_for, county_officer, household_factory, hanbin_village, django_capture_on_commit_callbacks
):
    household_factory(hanbin_village, status="0")
    household_factory(hanbin_village, status="1", exit_year=2018)
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("registry:household-export"), {"status": "1", "unmask": "1"})
    job = Job.objects.get()
    assert job.result == {"households": 1, "unmask": True}
    assert AuditEvent.objects.filter(action="export_personal", actor=county_officer).exists()
    content = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("户信息").to_python()
    assert len(rows) == 2 and response.status_code == 302


def test_a_role_without_personal_data_rights_cannot_export_full_ids(client_for, db):
    from conftest import make_user

    helper = make_user("helper", "helping_unit", "610902000000")
    assert client_for(helper).get(reverse("registry:household-export"), {"unmask": "1"}).status_code == 403


def test_the_api_starts_an_import_and_the_job_reports_it(
    client_for, county_officer, small_file, django_capture_on_commit_callbacks
):
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True), open(small_file, "rb") as handle:
        response = client.post("/api/registry/imports/", {"file": handle, "dry_run": "true"})
    assert response.status_code == 202
    job = client.get(f"/api/jobs/{response.json()['id']}/").json()
    assert job["status"] == "succeeded" and job["result"]["counts"]["households"]["created"] == 2
    assert job["result"]["dry_run"] and not Household.objects.exists()


def test_the_api_refuses_imports_from_read_only_roles(client_for, inspector, small_file):
    with open(small_file, "rb") as handle:
        assert client_for(inspector).post("/api/registry/imports/", {"file": handle}).status_code == 403


def test_a_village_named_with_its_township_only_is_found(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code)
    del household["行政区划代码"]
    household.update({"乡镇": hanbin_village.parent.name, "行政村": hanbin_village.short_name})
    headers = ["乡镇", "行政村", *HOUSEHOLD_HEADERS[1:]]
    path = workbook(tmp_path / "short.xlsx", [household], member_rows(hanbin_village, code), household_headers=headers)
    outcome = run(county_officer, path)
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    assert Household.objects.get().village_id == hanbin_village.code


def test_an_unknown_village_name_is_reported(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code)
    del household["行政区划代码"]
    household.update({"乡镇": "不存在镇", "行政村": "无名村"})
    headers = ["乡镇", "行政村", *HOUSEHOLD_HEADERS[1:]]
    path = workbook(
        tmp_path / "unknown.xlsx", [household], member_rows(hanbin_village, code), household_headers=headers
    )
    outcome = run(county_officer, path)
    assert any("找不到行政村" in str(e) for e in outcome.errors) and not outcome.written


def test_one_sheet_workbook_with_household_fields_on_every_member_row(county_officer, tmp_path, hanbin_village):
    rows = []
    for n in (1, 2):
        code = f"{hanbin_village.code}{n:03d}"
        rows += [{**household_row(hanbin_village, code), **m} for m in member_rows(hanbin_village, code, start=n)]
    headers = list(dict.fromkeys([*HOUSEHOLD_HEADERS, *MEMBER_HEADERS]))
    book = xlsxwriter.Workbook(str(tmp_path / "one.xlsx"))
    sheet = book.add_worksheet("建档立卡")
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            sheet.write(r, c, row.get(header, ""))
    book.close()
    outcome = run(county_officer, tmp_path / "one.xlsx")
    assert outcome.errors == [], [str(e) for e in outcome.errors]
    assert Household.objects.count() == 2 and Member.objects.count() == 4


def test_one_sheet_rows_of_one_household_that_disagree_are_reported(county_officer, tmp_path, hanbin_village):
    code = f"{hanbin_village.code}001"
    household = household_row(hanbin_village, code)
    members = member_rows(hanbin_village, code)
    rows = [{**household, **members[0]}, {**household, **members[1], "主要致贫原因": "因学"}]
    headers = list(dict.fromkeys([*HOUSEHOLD_HEADERS, *MEMBER_HEADERS]))
    path = tmp_path / "disagree.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, headers)
        writer.writeheader()
        writer.writerows(rows)
    outcome = run(county_officer, path)
    assert any("主要致贫原因" in str(e) and "不一致" in str(e) for e in outcome.errors)


def test_a_county_officers_export_holds_only_his_county(
    client_for, county_officer, household_factory, hanbin_village, hanyin_village, django_capture_on_commit_callbacks
):
    mine = household_factory(hanbin_village)
    other = household_factory(hanyin_village)
    client = client_for(county_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("registry:household-export"), {"region": "6109"})
    content = b"".join(client.get(reverse("jobs:download", args=[Job.objects.get().pk])).streaming_content)
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name("户信息").to_python()
    codes = {str(cell) for row in rows[1:] for cell in row}
    assert mine.code in codes and other.code not in codes


def test_an_export_of_one_village_is_named_and_audited_as_that_village(
    client_for, city_officer, household_factory, hanbin_village, django_capture_on_commit_callbacks
):
    household_factory(hanbin_village)
    client = client_for(city_officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("registry:household-export"), {"region": hanbin_village.code})
    job = Job.objects.get()
    assert hanbin_village.name in job.title and "安康市" not in job.title
    assert hanbin_village.name in job.params["output_name"] and job.region_code == hanbin_village.code
    event = AuditEvent.objects.get(action="export", model_label="registry.Household")
    assert event.region_code == hanbin_village.code and hanbin_village.name in event.object_repr


def test_a_household_row_that_fails_for_its_own_reason_brings_no_member_errors(
    county_officer, tmp_path, hanbin_village
):
    households = [household_row(hanbin_village, f"{hanbin_village.code}{n:03d}") for n in (1, 2)]
    households[1]["贫困户属性"] = "不存在的属性"
    members = member_rows(hanbin_village, households[0]["户编号"], start=1) + member_rows(
        hanbin_village, households[1]["户编号"], start=2
    )
    outcome = run(county_officer, workbook(tmp_path / "bad.xlsx", households, members))
    messages = [str(e) for e in outcome.errors]
    assert len(messages) == 1 and "贫困户属性" in messages[0], messages
    assert not any("既不在户信息表中" in m for m in messages)
