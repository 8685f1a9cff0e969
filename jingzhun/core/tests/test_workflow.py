"""The workflow engine: guards, evidence, roles, four-eyes, scope 404/403, the log, batches, my to-do.

A test workflow is declared on the project model (``projects.Project``: audited, versioned,
scoped by region and sector) for the duration of a test; the real workflows of findings and
budget changes are exercised by their apps' tests and here by the to-do list.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from conftest import ANKANG, HANBIN, make_user
from jingzhun.core import parameter_types
from jingzhun.core.models import AuditEvent, TransitionLog
from jingzhun.core.parameters import INTEGER, declare, parameter_set
from jingzhun.core.todo import todo_for, todo_objects
from jingzhun.core.workflow import (
    ANY,
    Deadline,
    Evidence,
    OutOfScope,
    Transition,
    Workflow,
    four_eyes,
    may_take,
    register,
    stayed,
    transition_run,
    transitions_available,
    transitions_batch,
    workflow_history,
    workflow_start,
)
from jingzhun.core.workflow_registry import REGISTRY
from jingzhun.projects import services as project_services
from jingzhun.projects.choices import ProjectStatus
from jingzhun.projects.models import Project

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAYS_AGO = {n: NOW - datetime.timedelta(days=n) for n in (1, 3, 8, 20)}


def pdf(name="公告.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 evidence", content_type="application/pdf")


def too_dear(project, user):
    return "投资超过 500 万元的项目须报市级暂停。" if project.budget > 5_000_000 else None


@pytest.fixture
def publicity(monkeypatch):
    """A business parameter for the days a project stays in tendering (default 7), for this test only."""
    monkeypatch.setattr(parameter_types, "_DECLARED", dict(parameter_types._DECLARED))
    declare("testing.tender_days", type=INTEGER, default=7, unit="天", label="招标公示天数", minimum=0)
    return "testing.tender_days"


@pytest.fixture
def flow(publicity):
    """A project workflow: tender (evidence) → build (approve, N days later, not by the tenderer) …"""
    workflow = register(
        Workflow(
            Project,
            field="status",
            states=ProjectStatus,
            final=(ProjectStatus.ACCEPTED, ProjectStatus.CANCELLED),
            deadline=Deadline(days=10, states=(ProjectStatus.TENDERING,), label="招标超期"),
            detail_url=lambda p: reverse("projects:detail", args=[p.code]),
            transitions=[
                Transition(
                    "tender",
                    source=ProjectStatus.PLANNED,
                    target=ProjectStatus.TENDERING,
                    label="发布招标",
                    evidence=Evidence("招标公告"),
                ),
                Transition(
                    "build",
                    source=ProjectStatus.TENDERING,
                    target=ProjectStatus.BUILDING,
                    label="批准开工",
                    action="approve",
                    note=True,
                    note_label="审批意见",
                    guards=[
                        stayed(parameter=publicity, message="招标公示须满 %(days)s 天，已公示 %(elapsed)s 天。"),
                        four_eyes("tender"),
                    ],
                ),
                Transition(
                    "suspend",
                    source=ANY,
                    target=ProjectStatus.SUSPENDED,
                    label="暂停",
                    note=True,
                    guards=[too_dear],
                    todo=False,
                ),
                Transition(
                    "accept",
                    source=ProjectStatus.COMPLETED,
                    target=ProjectStatus.ACCEPTED,
                    label="验收",
                    action="approve",
                    roles=frozenset({"city"}),
                ),
            ],
        )
    )
    yield workflow
    REGISTRY.pop(Project._meta.label, None)


@pytest.fixture
def make_project(city_officer, hanbin_village):
    counter = {"n": 0}

    def create(region=None, *, budget="1000000", sector="transport", **fields):
        counter["n"] += 1
        project = Project(
            code=f"WF{counter['n']:04d}",
            name=f"流程测试项目{counter['n']}",
            type="transport" if sector == "transport" else "water",
            sector=sector,
            region=region or hanbin_village,
            plan_year=2019,
            budget=Decimal(budget),
            responsible_unit="县交通运输局",
            responsible_person="张三",
            **fields,
        )
        return project_services.project_save(user=city_officer, project=project)

    return create


@pytest.fixture
def township_officer(hanbin_village):
    return make_user("township", "township", hanbin_village.parent_id)


def tendered(project, user, days_ago=8):
    return transition_run(user=user, obj=project, transition="tender", files=[pdf()], at=DAYS_AGO[days_ago])


# -- one step ----------------------------------------------------------------------------------


def test_a_step_sets_the_state_writes_one_log_entry_with_its_evidence_and_is_audited(
    flow, make_project, county_officer
):
    project = make_project()
    version = project.version
    log = tendered(project, county_officer, days_ago=1)
    project.refresh_from_db()
    assert project.status == ProjectStatus.TENDERING and project.version == version + 1
    assert (log.from_state, log.to_state, log.transition, log.user, log.at) == (
        "planned",
        "tendering",
        "tender",
        county_officer,
        DAYS_AGO[1],
    )
    assert log.region_code == project.region_id and log.subject == project
    [attachment] = log.evidence.all()
    assert attachment.owner_label == "projects.Project" and attachment.owner_pk == str(project.pk)
    assert attachment.label == "招标公告"
    event = AuditEvent.objects.filter(model_label="projects.Project", object_pk=str(project.pk)).latest("id")
    assert event.action == "update" and event.reason == "发布招标"
    assert (event.before["status"], event.after["status"]) == ("planned", "tendering")


def test_missing_evidence_and_a_missing_note_are_refused_in_chinese_and_nothing_is_written(
    flow, make_project, county_officer, city_officer
):
    project = make_project()
    with pytest.raises(ValidationError) as error:
        transition_run(user=county_officer, obj=project, transition="tender")
    assert error.value.message_dict == {"files": ["请上传招标公告。"]}
    tendered(project, county_officer)
    with pytest.raises(ValidationError) as error:
        transition_run(user=city_officer, obj=project, transition="build", note="  ")
    assert error.value.message_dict == {"note": ["请填写审批意见。"]}
    project.refresh_from_db()
    assert project.status == ProjectStatus.TENDERING
    assert TransitionLog.objects.of(project).count() == 1


def test_a_file_of_the_wrong_kind_or_for_a_step_without_evidence_is_refused(flow, make_project, county_officer):
    project = make_project()
    fake = SimpleUploadedFile("公告.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError) as error:
        transition_run(user=county_officer, obj=project, transition="tender", files=[fake])
    assert "files" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        transition_run(user=county_officer, obj=project, transition="suspend", note="汛期", files=[pdf()])
    assert error.value.message_dict["files"] == ["“暂停”不需要上传材料。"]
    assert not TransitionLog.objects.exists()


def test_a_step_from_another_state_is_refused(flow, make_project, county_officer, city_officer):
    project = make_project()
    with pytest.raises(ValidationError) as error:
        transition_run(user=city_officer, obj=project, transition="build", note="同意")
    assert "当前为“储备”，不能办理“批准开工”" in error.value.messages[0]


def test_a_step_cannot_be_dated_in_the_future(flow, make_project, county_officer):
    project = make_project()
    with pytest.raises(ValidationError):
        transition_run(
            user=county_officer, obj=project, transition="tender", files=[pdf()], at=NOW + datetime.timedelta(days=2)
        )


# -- guards ------------------------------------------------------------------------------------


def test_stayed_waits_the_days_of_the_versioned_parameter_for_the_objects_region(
    flow, publicity, make_project, county_officer, city_officer
):
    project = make_project()
    tendered(project, county_officer, days_ago=3)
    with pytest.raises(ValidationError) as error:
        transition_run(user=city_officer, obj=project, transition="build", note="同意")
    assert error.value.messages == ["招标公示须满 7 天，已公示 3 天。"]
    parameter_set(
        user=city_officer,
        name=publicity,
        value=3,
        year_from=2019,
        region=HANBIN[:6],
        source="测试通知",
        reason="缩短",
    )
    transition_run(user=city_officer, obj=project, transition="build", note="同意")
    project.refresh_from_db()
    assert project.status == ProjectStatus.BUILDING


def test_four_eyes_the_one_who_tendered_may_not_approve_the_start(flow, make_project, city_officer, county_officer):
    project = make_project()
    tendered(project, county_officer)
    with pytest.raises(PermissionDenied, match="同一人不能既提交又审核"):
        transition_run(user=county_officer, obj=project, transition="build", note="同意")
    transition_run(user=city_officer, obj=project, transition="build", note="同意")


def test_a_callable_guard_gives_its_reason(flow, make_project, county_officer):
    project = make_project(budget="8000000")
    with pytest.raises(ValidationError) as error:
        transition_run(user=county_officer, obj=project, transition="suspend", note="汛期")
    assert error.value.messages == ["投资超过 500 万元的项目须报市级暂停。"]


def test_a_declaration_with_an_unknown_state_or_the_reserved_name_is_refused():
    with pytest.raises(ImproperlyConfigured):
        Workflow(
            Project, states=ProjectStatus, transitions=[Transition("x", source="nowhere", target="planned", label="x")]
        )
    with pytest.raises(ImproperlyConfigured):
        Workflow(
            Project,
            states=ProjectStatus,
            transitions=[Transition("start", source="planned", target="tendering", label="x")],
        )
    with pytest.raises(ImproperlyConfigured):
        Workflow(Project, field="phase", states=ProjectStatus, transitions=[])


# -- who and where -----------------------------------------------------------------------------


def test_outside_the_scope_is_404_and_a_refused_role_is_403(
    flow, make_project, outsider, inspector, county_officer, city_officer
):
    project = make_project()
    with pytest.raises(OutOfScope) as error:
        tendered(project, outsider)
    assert isinstance(error.value, Http404) and isinstance(error.value, PermissionDenied)
    with pytest.raises(PermissionDenied, match="当前角色不能办理“发布招标”"):
        tendered(project, inspector)
    other_sector = make_user("water", "sector", ANKANG, sector="water")
    with pytest.raises(Http404):
        tendered(project, other_sector)
    own_sector = make_user("roads", "sector", ANKANG, sector="transport")
    tendered(project, own_sector)


def test_roles_narrow_the_policy_action(flow, make_project, county_officer, city_officer):
    project = make_project(status=ProjectStatus.COMPLETED)
    with pytest.raises(PermissionDenied):
        transition_run(user=county_officer, obj=project, transition="accept")  # may approve, but not this step
    transition_run(user=city_officer, obj=project, transition="accept")


def test_transitions_available_says_why_each_other_step_is_blocked(
    flow, make_project, county_officer, city_officer, inspector
):
    project = make_project()
    tendered(project, county_officer, days_ago=3)
    project.refresh_from_db()
    by_name = {a.transition.name: a for a in transitions_available(city_officer, project)}
    assert set(by_name) == {"build", "suspend"}
    assert by_name["build"].reasons == ("招标公示须满 7 天，已公示 3 天。",) and not by_name["build"].allowed
    assert by_name["suspend"].allowed
    mine = {a.transition.name: a for a in transitions_available(county_officer, project)}
    assert mine["build"].refuses
    assert all(a.by_role for a in transitions_available(inspector, project))
    assert may_take(city_officer, project, "suspend") and not may_take(city_officer, project, "build")


# -- log and history ---------------------------------------------------------------------------


def test_the_log_is_append_only_and_the_history_lists_every_step_with_its_files(
    flow, make_project, county_officer, city_officer
):
    project = make_project()
    workflow_start(user=county_officer, obj=project, note="纳入项目库", at=DAYS_AGO[20])
    tendered(project, county_officer)
    transition_run(user=city_officer, obj=project, transition="build", note="同意开工")
    history = workflow_history(project)
    assert [(h.log.transition, h.from_label, h.to_label) for h in history] == [
        ("start", "", "储备"),
        ("tender", "储备", "前期与招投标"),
        ("build", "前期与招投标", "在建"),
    ]
    assert [a.original_name for a in history[1].files] == ["公告.pdf"]
    log = history[2].log
    with pytest.raises(RuntimeError):
        log.save()
    with pytest.raises(RuntimeError):
        log.delete()
    with pytest.raises(DatabaseError), transaction.atomic():
        TransitionLog.objects.update(note="篡改")


def test_the_log_of_an_object_is_visible_to_those_who_see_the_object(
    flow, make_project, county_officer, outsider, hanyin_village
):
    mine = make_project()
    theirs = make_project(hanyin_village)
    tendered(mine, county_officer)
    tendered(theirs, outsider)
    water = make_user("water", "sector", ANKANG, sector="water")
    assert set(TransitionLog.objects.for_user(county_officer).values_list("object_id", flat=True)) == {str(mine.pk)}
    assert not TransitionLog.objects.for_user(water).exists()


def test_a_step_on_a_model_that_is_not_audited_writes_its_own_audit_event(county_officer, hanbin_village):
    from jingzhun.quality.choices import RunStatus
    from jingzhun.quality.models import CheckRun

    workflow = register(
        Workflow(
            CheckRun,
            states=RunStatus,
            transitions=[Transition("fail", source=RunStatus.RUNNING, target=RunStatus.FAILED, label="标记失败")],
        )
    )
    try:
        run = CheckRun.objects.create(region_code=HANBIN, year=2019)
        transition_run(user=county_officer, obj=run, transition="fail", note="中断")
        event = AuditEvent.objects.get(model_label="quality.CheckRun", object_pk=str(run.pk))
        assert (event.before, event.after, event.reason) == (
            {"status": "running"},
            {"status": "failed"},
            "标记失败：中断",
        )
        assert workflow_history(run)[0].log.note == "中断"
    finally:
        REGISTRY.pop(workflow.model._meta.label)


# -- batches -----------------------------------------------------------------------------------


def test_a_batch_is_all_or_nothing_and_names_every_blocked_object(flow, make_project, county_officer):
    good = [make_project(), make_project()]
    bad = make_project(status=ProjectStatus.BUILDING)
    with pytest.raises(ValidationError) as error:
        transitions_batch(user=county_officer, objects=[*good, bad], transition="tender", files=[pdf()])
    assert len(error.value.messages) == 1 and error.value.messages[0].startswith(str(bad))
    assert not TransitionLog.objects.exists()
    assert set(Project.objects.filter(pk__in=[p.pk for p in good]).values_list("status", flat=True)) == {"planned"}
    logs = transitions_batch(user=county_officer, objects=good, transition="tender", files=[pdf("会议纪要.pdf")])
    assert len({log.batch for log in logs}) == 1 and logs[0].batch
    assert set(Project.objects.filter(pk__in=[p.pk for p in good]).values_list("status", flat=True)) == {"tendering"}
    shared = {a.pk for log in logs for a in log.evidence.all()}
    assert len(shared) == 1  # the file is stored once and listed with every step
    assert AuditEvent.objects.filter(batch=logs[0].batch, model_label="projects.Project").count() == 2


def test_a_batch_with_one_object_outside_the_scope_is_refused(flow, make_project, county_officer, hanyin_village):
    mine, theirs = make_project(), make_project(hanyin_village)
    with pytest.raises(Http404):
        transitions_batch(user=county_officer, objects=[mine, theirs], transition="tender", files=[pdf()])
    mine.refresh_from_db()
    assert mine.status == ProjectStatus.PLANNED


# -- my to-do ----------------------------------------------------------------------------------


def test_the_to_do_counts_what_waits_for_a_user_in_one_query_per_workflow(
    flow, make_project, county_officer, city_officer, django_assert_max_num_queries
):
    waiting = make_project()
    tendered(waiting, county_officer, days_ago=8)  # waits for the city: 8 ≥ 7 days
    young = make_project()
    tendered(young, county_officer, days_ago=3)  # not yet: the publicity runs 7 days
    late = make_project()
    tendered(late, county_officer, days_ago=20)  # overdue: 10 days in tendering
    with django_assert_max_num_queries(len(REGISTRY) + 3):  # + the parameters read for the conditions
        items = {item.key: item.count for item in todo_for(city_officer)}
    assert items["projects.project:tendering"] == 2
    assert items["projects.project:overdue"] == 1
    assert "projects.project:tendering" not in {i.key for i in todo_for(county_officer)}  # four-eyes
    item, objects = todo_objects(city_officer, "projects.project:tendering")
    assert set(objects) == {waiting, late} and item.title == "项目 · 前期与招投标"
    _item, overdue = todo_objects(city_officer, "projects.project:overdue")
    assert list(overdue) == [late]


def test_the_to_do_lists_pending_budget_changes_to_the_approvers_but_not_to_the_requester(
    make_project, county_officer, city_officer, village_clerk
):
    project = make_project()
    project_services.budget_change_request(user=county_officer, project=project, amount=Decimal(5000), reason="追加")
    assert {i.key: i.count for i in todo_for(city_officer)}["projects.budgetchange:pending"] == 1
    assert "projects.budgetchange:pending" not in {i.key for i in todo_for(county_officer)}
    assert not [i for i in todo_for(village_clerk) if i.workflow.key == "projects.budgetchange"]


def test_the_to_do_pages_show_counts_and_objects(make_project, client_for, county_officer, city_officer):
    project = make_project()
    change = project_services.budget_change_request(
        user=county_officer, project=project, amount=Decimal(5000), reason="追加"
    )
    client = client_for(city_officer)
    panel = client.get(reverse("workflow:todo-panel")).content.decode()
    assert "预算调整 · 待审批" in panel and "?item=projects.budgetchange:pending" in panel
    page = client.get(reverse("workflow:todo"), {"item": "projects.budgetchange:pending"})
    assert page.status_code == 200 and str(change) in page.content.decode()
    assert reverse("projects:detail", args=[project.code]) in page.content.decode()
    assert client.get(reverse("workflow:todo"), {"item": "nothing:here"}).status_code == 404
    home = client.get(reverse("dashboard")).content.decode()
    assert reverse("workflow:todo-panel") in home


# -- the generic view and the panel ------------------------------------------------------------


def test_the_generic_view_takes_a_step_and_returns_to_the_page(flow, make_project, client_for, county_officer):
    project = make_project()
    url = reverse("workflow:transition", args=["projects.project", project.pk, "tender"])
    back = reverse("projects:detail", args=[project.code]) + "?tab=money"
    response = client_for(county_officer).post(url, {"note": "", "files": [pdf()], "next": back})
    assert response.status_code == 302 and response["Location"] == back
    project.refresh_from_db()
    assert project.status == ProjectStatus.TENDERING
    evil = client_for(county_officer).post(
        reverse("workflow:transition", args=["projects.project", project.pk, "suspend"]),
        {"note": "汛期", "next": "https://evil.example/"},
    )
    assert evil.status_code == 302 and evil["Location"] == reverse("projects:detail", args=[project.code])


def test_the_generic_view_answers_400_with_the_reasons_and_404_for_unknown_things(
    flow, make_project, client_for, county_officer, outsider
):
    project = make_project()
    client = client_for(county_officer)
    url = reverse("workflow:transition", args=["projects.project", project.pk, "tender"])
    response = client.post(url, {"note": ""})
    assert response.status_code == 400 and "请上传招标公告" in response.content.decode()
    for model, pk, step in (
        ("projects.project", project.pk, "fly"),
        ("projects.nothing", project.pk, "tender"),
        ("projects.project", "abc", "tender"),
        ("quality.finding", 1, "except"),  # a step for services only
    ):
        assert client.post(reverse("workflow:transition", args=[model, pk, step])).status_code == 404
    assert client_for(outsider).post(url, {"files": [pdf()]}).status_code == 404


def test_the_panel_shows_the_history_the_offered_steps_and_the_blocked_ones(
    flow, make_project, client_for, county_officer, city_officer, inspector
):
    project = make_project()
    tendered(project, county_officer, days_ago=3)
    page = client_for(city_officer).get(reverse("workflow:object", args=["projects.project", project.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "发布招标" in html and "公告.pdf" in html
    assert 'id="suspend-form"' in html and 'id="build-form"' not in html
    assert "招标公示须满 7 天，已公示 3 天。" in html
    fragment = client_for(inspector).get(
        reverse("workflow:object", args=["projects.project", project.pk]), HTTP_HX_REQUEST="true"
    )
    assert "<form" not in fragment.content.decode() and "workflow-history" in fragment.content.decode()


def test_the_to_do_benchmark_runs_at_its_tiny_size_and_agrees_with_the_per_object_loop(capsys):
    import importlib.util

    from django.conf import settings

    path = settings.BASE_DIR / "benchmarks" / "workflow_todo.py"
    spec = importlib.util.spec_from_file_location("workflow_todo_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.measure(findings=120, changes=8, repeat=1)
    assert [f["role"] for f in figures] == ["city", "county", "village"]
    assert all(f["same"] for f in figures), capsys.readouterr().out
    assert all(f["queries"] <= 2 * len(REGISTRY) for f in figures)  # one count per workflow, plus parameters
    assert "ratio" in capsys.readouterr().out
