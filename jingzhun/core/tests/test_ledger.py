"""The ledger kit: services (scope before and after a write, role, version), generic pages, export, API.

Exercised on the project library (a scoped, versioned, audited model with region and sector
scope) mounted as a generic ledger by ``ledger_site``, and on the quality findings list,
which runs on the kit in production (``FindingTable``: the page and its Excel work list).
"""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.http import Http404
from django.test.utils import isolate_apps
from django.urls import reverse
from python_calamine import CalamineWorkbook

from conftest import make_user
from jingzhun.core.audit import AuditedModel
from jingzhun.core.exceptions import ConflictError
from jingzhun.core.generic import field_rows
from jingzhun.core.ledger import LedgerModel, scope_value
from jingzhun.core.models import AuditEvent
from jingzhun.core.scoping import ScopedQuerySet, ScopeError
from jingzhun.core.services import ledger_delete, ledger_lock, ledger_save
from jingzhun.projects.models import Project

pytestmark = pytest.mark.django_db
KIT = "jingzhun.core.tests.ledger_site"


def new_project(region, code="XM-KIT-01", sector="transport"):
    return Project(
        code=code,
        name="通村公路",
        type="transport",
        sector=sector,
        region=region,
        plan_year=2019,
        budget=Decimal(100000),
        responsible_unit="县交通运输局",
        responsible_person="张三",
    )


@pytest.fixture
def project(county_officer, hanbin_village):
    return ledger_save(user=county_officer, instance=new_project(hanbin_village))


# --- services --------------------------------------------------------------------------------------


def test_saving_a_new_row_validates_and_audits_it_with_the_writer(county_officer, hanbin_village):
    saved = ledger_save(user=county_officer, instance=new_project(hanbin_village), reason="新建")
    event = AuditEvent.objects.get(model_label="projects.Project", object_pk=str(saved.pk))
    assert event.action == "create" and event.actor == county_officer and event.reason == "新建"
    bad = new_project(hanbin_village, code="XM-KIT-02")
    bad.budget = Decimal(0)
    with pytest.raises(ValidationError) as caught:
        ledger_save(user=county_officer, instance=bad)
    assert "budget" in caught.value.message_dict and not Project.objects.filter(code="XM-KIT-02").exists()


def test_a_change_bumps_the_version_and_records_before_and_after(county_officer, project):
    saved = ledger_save(
        user=county_officer, instance=project, data={"name": "通组公路"}, expected_version=1, reason="更名"
    )
    assert saved.version == 2 and Project.objects.get(pk=project.pk).name == "通组公路"
    event = AuditEvent.objects.filter(object_pk=str(project.pk), action="update").get()
    assert event.before["name"] == "通村公路" and event.after["name"] == "通组公路" and event.reason == "更名"


def test_a_stale_version_is_refused_with_a_clear_message(county_officer, project):
    ledger_save(user=county_officer, instance=Project.objects.get(pk=project.pk), data={"name": "甲"})
    with pytest.raises(ConflictError) as caught:
        ledger_save(user=county_officer, instance=project, data={"name": "乙"}, expected_version=1)
    assert "该记录已被他人修改" in caught.value.messages[0] and "第 1 版" in caught.value.messages[0]
    assert Project.objects.get(pk=project.pk).name == "甲"


def test_a_write_that_moves_the_row_out_of_the_writers_scope_is_rolled_back(county_officer, project, hanyin_village):
    with pytest.raises(ScopeError):
        ledger_save(user=county_officer, instance=project, data={"region": hanyin_village})
    assert Project.objects.get(pk=project.pk).region_id.startswith("610902")
    assert not AuditEvent.objects.filter(object_pk=str(project.pk), action="update").exists()


def test_a_row_outside_the_writers_scope_cannot_be_changed(outsider, project):
    with pytest.raises(ScopeError):
        ledger_save(user=outsider, instance=project, data={"name": "越权"})


def test_a_new_row_outside_the_scope_is_refused(county_officer, hanyin_village):
    with pytest.raises(ScopeError):
        ledger_save(user=county_officer, instance=new_project(hanyin_village))
    assert not Project.objects.exists()


def test_a_read_only_role_may_not_write(inspector, project, hanbin_village):
    with pytest.raises(PermissionDenied):
        ledger_save(user=inspector, instance=project, data={"name": "只读"})
    with pytest.raises(PermissionDenied):
        ledger_delete(user=inspector, instance=project)


def test_deleting_keeps_the_last_values_and_the_reason(county_officer, project):
    pk = project.pk
    ledger_delete(user=county_officer, instance=project, reason="重复录入")
    event = AuditEvent.objects.get(object_pk=str(pk), action="delete")
    assert event.reason == "重复录入" and event.before["code"] == "XM-KIT-01" and event.actor == county_officer
    assert not Project.objects.filter(pk=pk).exists()


def test_lock_answers_404_outside_the_scope_and_403_for_a_role_the_policy_refuses(
    county_officer, outsider, inspector, project
):
    with transaction.atomic():
        assert ledger_lock(user=county_officer, model=Project, pk=project.pk).pk == project.pk
        with pytest.raises(Http404):
            ledger_lock(user=outsider, model=Project, pk=project.pk)
        with pytest.raises(Http404):
            ledger_lock(user=county_officer, model=Project, pk="not-a-number")
        with pytest.raises(PermissionDenied):
            ledger_lock(user=inspector, model=Project, pk=project.pk)


def test_lock_outside_a_transaction_is_a_programming_error(county_officer, project, monkeypatch):
    monkeypatch.setattr(transaction.get_connection(), "in_atomic_block", False)
    with pytest.raises(TransactionManagementError):
        ledger_lock(user=county_officer, model=Project, pk=project.pk)


def test_lock_refuses_another_sectors_row_that_the_department_may_see_only_in_its_own_sector(project):
    water = make_user("water", "sector", "610900000000", sector="water")
    with transaction.atomic(), pytest.raises(Http404):
        ledger_lock(user=water, model=Project, pk=project.pk)


# --- generic pages (the project library mounted by ledger_site) -----------------------------------

kit = pytest.mark.urls(KIT)


@kit
def test_the_list_shows_the_rows_in_scope_with_links_to_their_pages(client_for, county_officer, outsider, project):
    response = client_for(county_officer).get(reverse("kit:project-list"))
    html = response.content.decode()
    assert response.status_code == 200 and "XM-KIT-01" in html and "汉滨区" in html
    assert reverse("kit:project-detail", args=[project.pk]) in html
    assert client_for(outsider).get(reverse("kit:project-list")).context["paginator"].count == 0


@kit
def test_the_list_sorts_by_a_column_and_ignores_an_unknown_one(client_for, county_officer, project, hanbin_village):
    ledger_save(user=county_officer, instance=new_project(hanbin_village, code="XM-KIT-00"))
    client = client_for(county_officer)
    codes = [p.code for p in client.get(reverse("kit:project-list"), {"sort": "-code"}).context["object_list"]]
    assert codes == ["XM-KIT-01", "XM-KIT-00"]
    assert client.get(reverse("kit:project-list"), {"sort": "nonsense"}).status_code == 200


@kit
@pytest.mark.parametrize("route", ["detail", "edit", "delete"])
def test_a_row_outside_the_scope_answers_404(client_for, outsider, project, route):
    assert client_for(outsider).get(reverse(f"kit:project-{route}", args=[project.pk])).status_code == 404


@kit
@pytest.mark.parametrize("route", ["edit", "delete"])
def test_a_read_only_role_gets_403_on_the_write_pages(client_for, inspector, project, route):
    assert client_for(inspector).get(reverse(f"kit:project-{route}", args=[project.pk])).status_code == 403
    assert client_for(inspector).get(reverse("kit:project-create")).status_code == 403


@kit
def test_the_detail_page_shows_fields_evidence_and_history(client_for, county_officer, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(county_officer)
    upload = SimpleUploadedFile("验收纪要.pdf", b"%PDF-1.4 minutes")
    response = client.post(reverse("kit:project-attachments", args=[project.pk]), {"files": [upload]})
    assert response.status_code == 302
    page = client.get(reverse("kit:project-detail", args=[project.pk])).content.decode()
    assert "通村公路" in page and "验收纪要.pdf" in page and "ledger-history" in page


@kit
def test_a_read_only_role_cannot_attach_evidence(client_for, inspector, project):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.pdf", b"%PDF-1.4 x")
    response = client_for(inspector).post(reverse("kit:project-attachments", args=[project.pk]), {"files": [upload]})
    assert response.status_code == 403


@kit
def test_the_edit_page_saves_through_the_service_with_the_version(client_for, county_officer, project):
    client = client_for(county_officer)
    url = reverse("kit:project-edit", args=[project.pk])
    form = client.get(url).context["form"]
    assert form["version"].value() == 1
    data = {"name": "通组公路", "region": project.region_id, "budget": "120000", "responsible_person": "李四"}
    response = client.post(url, {**data, "version": 1, "reason": "调整规模"})
    assert response.status_code == 302 and response["Location"] == reverse("kit:project-detail", args=[project.pk])
    saved = Project.objects.get(pk=project.pk)
    assert saved.name == "通组公路" and saved.version == 2
    stale = client.post(url, {**data, "name": "旧页面", "version": 1})
    assert stale.status_code == 400 and "该记录已被他人修改" in stale.content.decode()
    assert Project.objects.get(pk=project.pk).name == "通组公路"


@kit
def test_the_edit_page_refuses_to_move_a_row_out_of_scope(client_for, county_officer, project, hanyin_village):
    data = {"name": "x", "region": hanyin_village.code, "budget": "1", "responsible_person": "x", "version": 1}
    response = client_for(county_officer).post(reverse("kit:project-edit", args=[project.pk]), data)
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).region_id.startswith("610902")


@kit
def test_the_delete_page_asks_for_a_reason(client_for, county_officer, project):
    client = client_for(county_officer)
    url = reverse("kit:project-delete", args=[project.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "重复录入"})
    assert response.status_code == 302 and not Project.objects.filter(pk=project.pk).exists()


@kit
def test_the_export_is_the_page_and_is_audited(client_for, county_officer, project):
    client = client_for(county_officer)
    page = client.get(reverse("kit:project-list"))
    response = client.get(reverse("kit:project-export"))
    rows = workbook_rows(response)
    assert rows[0] == page.context["table"].page_headers()
    assert rows[1][:3] == ["XM-KIT-01", "通村公路", "汉滨区"] and rows[1][3] == 100000 and rows[1][4] == "储备"
    event = AuditEvent.objects.get(action="export", model_label="projects.Project")
    assert event.actor == county_officer and event.after["count"] == 1


# --- the findings list on the kit: masking, reveal, export = page ------------------------------------


def workbook_rows(response):
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.get_sheet_by_index(0).to_python()


@pytest.fixture
def finding(hanbin_village, household_factory):
    from jingzhun.quality.models import Finding

    household = household_factory(hanbin_village, members=2)
    member = household.members.order_by("code").last()
    from django.utils import timezone

    now = timezone.now()
    return Finding.objects.create(
        check_code="ID-05",
        category="identity",
        severity="error",
        entity="member",
        entity_key=member.code,
        household=household,
        member=member,
        village_code=hanbin_village.code,
        household_code=household.code,
        id_number=member.id_number,
        message="测试问题",
        year=2019,
        first_seen_at=now,
        last_seen_at=now,
    )


def test_the_findings_page_masks_id_numbers_and_reveals_them_only_when_allowed_and_logged(
    client_for, county_officer, finding
):
    from jingzhun.core.idnumbers import mask_id_number

    client = client_for(county_officer)
    masked = client.get(reverse("quality:finding-list")).content.decode()
    assert mask_id_number(finding.id_number) in masked and finding.id_number not in masked
    revealed = client.get(reverse("quality:finding-list"), {"unmask": "1"}).content.decode()
    assert finding.id_number in revealed
    assert AuditEvent.objects.filter(action="view_personal", model_label="quality.Finding").count() == 1
    sector = make_user("sector-w", "sector", "610900000000", sector="water")
    assert client_for(sector).get(reverse("quality:finding-list"), {"unmask": "1"}).status_code == 403


def test_the_work_list_has_the_columns_and_values_of_the_page(client_for, county_officer, finding):
    from jingzhun.quality.tables import FindingTable

    client = client_for(county_officer)
    page = client.get(reverse("quality:finding-list"))
    table: FindingTable = page.context["table"]
    rows = workbook_rows(client.get(reverse("quality:finding-export")))
    assert rows[0] == [*table.page_headers(), "整改责任人", "完成时限"]  # the work list adds columns to fill
    shown = [[row.get_cell_value(c.name) for c in table.columns] for row in table.page.object_list]
    assert [[("" if v is None else v) for v in row] for row in shown] == [
        [("" if v == "" else v) for v in row[:-2]] for row in rows[1:]
    ]
    assert AuditEvent.objects.filter(action="export", model_label="quality.Finding").count() == 1
    assert not AuditEvent.objects.filter(action="export_personal").exists()


# --- the ledger API (LedgerViewSet on projects and findings, mounted by ledger_site) ----------------


@kit
def test_the_api_creates_and_changes_rows_through_the_service(client_for, county_officer, hanbin_village):
    client = client_for(county_officer)
    data = {
        "code": "XM-API-01",
        "name": "饮水工程",
        "region": hanbin_village.code,
        "budget": "50000.00",
        "type": "water",
        "sector": "water",
        "plan_year": 2019,
        "responsible_unit": "县水利局",
        "responsible_person": "王五",
    }
    created = client.post("/kit-api/kit-projects/", data, content_type="application/json")
    assert created.status_code == 201, created.content
    project = Project.objects.get(code="XM-API-01")
    assert created.json()["version"] == 1
    assert AuditEvent.objects.get(object_pk=str(project.pk), action="create").actor == county_officer
    url = f"/kit-api/kit-projects/{project.pk}/"
    changed = client.patch(
        url, {"name": "安全饮水工程", "version": 1, "reason": "更名"}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = client.patch(url, {"name": "旧名称", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and "该记录已被他人修改" in stale.json()["detail"]
    assert Project.objects.get(pk=project.pk).name == "安全饮水工程"


@kit
def test_the_api_answers_404_outside_the_scope_403_for_read_only_and_for_a_move_out(
    client_for, county_officer, outsider, inspector, project, hanyin_village
):
    url = f"/kit-api/kit-projects/{project.pk}/"
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).patch(url, {"name": "x"}, content_type="application/json").status_code == 404
    assert client_for(inspector).patch(url, {"name": "x"}, content_type="application/json").status_code == 403
    moved = client_for(county_officer).patch(url, {"region": hanyin_village.code}, content_type="application/json")
    assert moved.status_code == 403
    assert Project.objects.get(pk=project.pk).region_id.startswith("610902")
    invalid = client_for(county_officer).patch(url, {"budget": "0"}, content_type="application/json")
    assert invalid.status_code == 400 and "budget" in invalid.json()


@kit
def test_the_api_deletes_through_the_service(client_for, county_officer, inspector, project):
    url = f"/kit-api/kit-projects/{project.pk}/"
    assert client_for(inspector).delete(url).status_code == 403
    assert client_for(county_officer).delete(url + "?reason=重复").status_code == 204
    assert AuditEvent.objects.get(object_pk=str(project.pk), action="delete").reason == "重复"


@kit
def test_the_api_masks_personal_data_unless_revealed_and_logs_the_reveal(client_for, county_officer, finding):
    from jingzhun.core.idnumbers import mask_id_number

    client = client_for(county_officer)
    [row] = client.get("/kit-api/kit-findings/").json()["results"]
    assert row["id_number"] == mask_id_number(finding.id_number)
    [row] = client.get("/kit-api/kit-findings/", {"unmask": "1"}).json()["results"]
    assert row["id_number"] == finding.id_number
    assert AuditEvent.objects.filter(action="view_personal", model_label="quality.Finding").count() == 1
    helper = make_user("helper", "helping_unit", "610902000000")
    assert client_for(helper).get("/kit-api/kit-findings/", {"unmask": "1"}).status_code == 403


# --- the base model ------------------------------------------------------------------------------


@isolate_apps("jingzhun.core")
def test_a_domain_ledger_needs_only_its_fields_its_scope_field_and_meta(hanbin_village):
    class Visit(LedgerModel):
        """走访记录 (a ledger as a domain app would declare it)."""

        scope_field = "village_code"
        personal_fields = {"phone": "phone"}

        village_code = models.CharField("行政村代码", max_length=12)
        phone = models.CharField("联系电话", max_length=20, blank=True)

        class Meta(LedgerModel.Meta):
            app_label = "core"

    names = {field.name for field in Visit._meta.get_fields()}
    assert {"version", "created_at", "updated_at", "created_by", "village_code", "phone"} <= names
    assert issubclass(Visit, AuditedModel) and not Visit._meta.abstract
    assert isinstance(Visit.objects.all(), ScopedQuerySet)
    assert Visit._meta.get_field("version").default == 1 and not Visit._meta.get_field("version").editable
    assert Visit.audit_exclude == ("updated_at", "version")


def test_the_scope_code_follows_the_scope_field(project, finding):
    assert scope_value(project) == project.region_id
    assert scope_value(finding, "household__village_id") == finding.village_code


def test_the_detail_rows_mask_personal_fields_unless_revealed(finding):
    from jingzhun.core.idnumbers import mask_id_number

    assert field_rows(finding, ["id_number"], reveal=False) == [("证件号码", mask_id_number(finding.id_number))]
    assert field_rows(finding, ["id_number"], reveal=True) == [("证件号码", finding.id_number)]


def test_a_rows_attachments_are_its_evidence(county_officer, finding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jingzhun.core.evidence import attachments_add, attachments_for

    [added] = attachments_add(user=county_officer, owner=finding, files=[SimpleUploadedFile("a.pdf", b"%PDF-1.4")])
    assert list(attachments_for(finding)) == [added] and added.region_code == finding.village_code


def test_the_work_list_holds_the_cells_of_the_export_it_replaced(finding):
    """The baseline of benchmarks/ledger_export.py, run tiny: the same cells (the local first-seen date aside)."""
    from benchmarks.ledger_export import OLD_HEADERS, old_findings_workbook_write
    from jingzhun.core.tables import table_workbook_write
    from jingzhun.quality.models import Finding
    from jingzhun.quality.tables import FindingTable

    ordered = Finding.objects.order_by("village_code", "check_code", "entity_key")
    new, old = io.BytesIO(), io.BytesIO()
    assert table_workbook_write(FindingTable(ordered), new) == old_findings_workbook_write(ordered, old) == 1
    assert "首次发现" in OLD_HEADERS

    def cells(out):
        rows = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_index(0).to_python()
        day = rows[0].index("首次发现")
        return [row[:day] + row[day + 1 :] for row in rows]

    # The work list has since gained the person's name, the head's and two columns to fill in.
    added = {"姓名", "户主", "整改责任人", "完成时限"}
    current = cells(new)
    keep = [i for i, header in enumerate(current[0]) if header not in added]
    assert [[row[i] for i in keep] for row in current] == cells(old)
