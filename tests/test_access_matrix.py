"""Every URL pattern and API endpoint × every persona, against the access policy.

The test walks the URL resolver, so a new view is walked as soon as it is routed. Each view
must declare what it needs (``core.access.view_access``: a scoped page's model and action,
a DRF view's model, or an ``access`` attribute); an undeclared view, or a URL with an
object in it that has no sample here, fails the test. For each persona the expected answer
follows from the policy table:

- anonymous: a page sends to the login page (302), the API refuses (401/403);
- a role the policy does not allow: 403 (an object outside the scope may answer 404 first);
- an allowed role, object outside its scope: 404;
- an allowed role inside its scope: anything but 401/403/404/500 and the login page.

Pages and API reads are requested with GET; API list and object endpoints that accept
writes are also sent an empty POST / PUT (refused for bad input at worst, never written).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import ANKANG, HANBIN, HANYIN, make_user
from jingzhun.accounts.choices import Role
from jingzhun.core.access import AUTHENTICATED, PUBLIC, allows, view_access
from tests.matrix import app_matrices, ledger_samples

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/",)  # Django's admin: staff only, its own permission system


def url_patterns(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if "<drf_format_suffix" in route or r"\.(?P<format>" in route:
                continue  # the same view again with a ".json" suffix
            yield route, pattern


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village, city_officer, personas):
    """One object of every kind, in the first village of 汉滨区 (the village persona's village)."""
    from django.core.files.base import ContentFile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jingzhun.core.evidence import attachments_add
    from jingzhun.core.models import Job
    from jingzhun.projects import services as project_services
    from jingzhun.projects.models import BudgetChange, Project
    from jingzhun.quality import services as quality_services
    from jingzhun.quality.models import ComparisonList, Finding
    from jingzhun.registry.models import Member
    from jingzhun.standards.models import PovertyLine, Rule
    from jingzhun.standards.tests.world import build_world, official_run

    build_world(household_factory, hanbin_village, hanyin_village)
    household = household_factory(hanbin_village, members=2)
    member = Member.objects.filter(household=household).order_by("code").first()
    project = project_services.project_save(
        user=city_officer,
        project=Project(
            code="XM-MATRIX-01",
            name="矩阵测试公路",
            type="transport",
            sector="transport",
            region=hanbin_village,
            plan_year=2019,
            budget=Decimal(100000),
            responsible_unit="县交通运输局",
            responsible_person="张三",
        ),
    )
    project_services.progress_report_add(user=city_officer, project=project, date=datetime.date(2019, 4, 1), percent=80)
    project_services.acceptance_record(
        user=city_officer,
        project=project,
        date=datetime.date(2019, 7, 1),
        result="passed",
        inspectors="验收组",
        owner="村集体",
        maintainer="村委会",
    )
    budget_change = BudgetChange.objects.create(
        project=project, amount=Decimal(1000), reason="调整", requested_by=city_officer
    )
    quality_run = quality_services.quality_run_execute(
        run=quality_services.quality_run_create(user=None, region_code=HANBIN, year=2019)
    )
    finding = Finding.objects.filter(village_code=hanbin_village.code).first()
    comparison = ComparisonList.objects.create(
        kind="deaths",
        region_code=HANBIN,
        title="死亡名单",
        source="民政局",
        list_date=datetime.date(2019, 6, 30),
        uploaded_by=city_officer,
    )
    run = official_run(city_officer, "household", region_code=HANBIN)
    job = Job.objects.create(kind="registry_export", title="导出", created_by=personas["city"], region_code=ANKANG)
    job.output_file.save("导出.xlsx", ContentFile(b"PK\x03\x04"))
    [attachment] = attachments_add(
        user=city_officer, owner=household, files=[SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 test")]
    )
    world = {
        "village": hanbin_village,
        "household": household,
        "member": member,
        "project": project,
        "budget_change": budget_change,
        "quality_run": quality_run,
        "finding": finding,
        "comparison": comparison,
        "run": run,
        "rule": Rule.objects.filter(ruleset__code="shaanxi-2017-577").first(),
        "poverty_line": PovertyLine.objects.first(),
        "job": job,
        "attachment": attachment,
        "household_year": household.years.first(),
    }
    for matrix in app_matrices():
        if hasattr(matrix, "world_extend"):
            world.update(matrix.world_extend(world, personas))
    return world


@pytest.fixture
def personas(hanbin_village):
    township = hanbin_village.parent_id
    return {
        "anonymous": None,
        "city": make_user("m-city", Role.CITY, ANKANG),
        "county": make_user("m-county", Role.COUNTY, HANBIN),
        "township": make_user("m-township", Role.TOWNSHIP, township),
        "village": make_user("m-village", Role.VILLAGE, hanbin_village.code),
        "sector": make_user("m-sector", Role.SECTOR, ANKANG, sector="transport"),
        "other_sector": make_user("m-water", Role.SECTOR, ANKANG, sector="water"),
        "helping_unit": make_user("m-helper", Role.HELPING_UNIT, HANBIN),
        "cooperation": make_user("m-coop", Role.COOPERATION, ANKANG),
        "inspector": make_user("m-inspector", Role.INSPECTOR, ANKANG),
        "outsider": make_user("m-outsider", Role.COUNTY, HANYIN),
        "admin": make_user("m-admin", Role.ADMIN, None, is_staff=True, is_superuser=True),
    }


# Which object a URL's keyword arguments name, by the route they appear in (first match wins),
# and who may see that object: "place" = anyone whose scope covers the sample village,
# "county" = anyone whose scope covers its county (a county-wide run or list),
# "sector" = that and, for sector departments, the transport sector only, "creator" = the city
# officer who started it, "everyone" = data without a place (standards, the check catalogue).
SAMPLES = [
    (r"^regions/", lambda w: {"code": w["village"].code}, "place"),
    (r"^api/\^regions/", lambda w: {"code": w["village"].code}, "place"),
    (
        r"households/<str:code>/members/<str:member>/",
        lambda w: {"code": w["household"].code, "member": w["member"].code},
        "place",
    ),
    (r"households/<str:code>/years/<int:year>/", lambda w: {"code": w["household"].code, "year": 2019}, "place"),
    (r"^registry/households/<str:code>/", lambda w: {"code": w["household"].code}, "place"),
    (r"^standards/households/<str:code>/", lambda w: {"code": w["household"].code}, "place"),
    (r"^api/\^households/", lambda w: {"code": w["household"].code}, "place"),
    (r"^api/\^members/", lambda w: {"code": w["member"].code}, "place"),
    (r"^api/\^household-years/", lambda w: {"pk": w["household_year"].pk}, "place"),
    (r"^standards/poverty-lines/", lambda w: {"pk": w["poverty_line"].pk}, "everyone"),
    (r"^standards/rulesets/<str:code>/rules/", lambda w: {"code": "shaanxi-2017-577", "pk": w["rule"].pk}, "everyone"),
    (r"^standards/rulesets/", lambda w: {"code": "shaanxi-2017-577"}, "everyone"),
    (r"^standards/runs/<int:pk>/gaps/", lambda w: {"pk": w["run"].pk, "village": w["village"].code}, "place"),
    (r"^standards/runs/", lambda w: {"pk": w["run"].pk}, "place"),
    (r"^standards/gaps/", lambda w: {"village": w["village"].code}, "place"),
    (r"^api/\^standards/poverty-lines/", lambda w: {"pk": w["poverty_line"].pk}, "everyone"),
    (r"^api/\^standards/rulesets/", lambda w: {"code": "shaanxi-2017-577"}, "everyone"),
    (r"^api/\^standards/rules/", lambda w: {"pk": w["rule"].pk}, "everyone"),
    (r"^api/\^standards/runs/", lambda w: {"pk": w["run"].pk}, "place"),
    (r"^projects/<str:code>/", lambda w: {"code": w["project"].code}, "sector"),
    (r"^api/\^projects/", lambda w: {"code": w["project"].code}, "sector"),
    (r"^api/\^(allocations|disbursements|progress-reports)/", lambda w: {"pk": 0}, "missing"),
    (r"^quality/runs/", lambda w: {"pk": w["quality_run"].pk}, "county"),
    *ledger_samples("quality/findings/", "finding", api="quality/findings"),
    (r"^quality/lists/", lambda w: {"pk": w["comparison"].pk}, "county"),
    (r"^api/\^quality/checks/", lambda w: {"pk": "ID-01"}, "everyone"),
    (r"^api/\^quality/runs/", lambda w: {"pk": w["quality_run"].pk}, "county"),
    (r"^api/\^quality/lists/", lambda w: {"pk": w["comparison"].pk}, "county"),
    (r"^parameters/", lambda w: {"name": "quality.vehicle_price", "pk": 0}, "everyone"),
    (r"^api/\^parameters/", lambda w: {"name": "quality.vehicle_price"}, "everyone"),
    (r"^jobs/", lambda w: {"pk": w["job"].pk}, "creator"),
    (r"^api/\^jobs/", lambda w: {"pk": w["job"].pk}, "creator"),
    (r"^attachments/", lambda w: {"pk": w["attachment"].pk}, "place"),
    (
        r"^workflow/<str:model>/<str:pk>/<str:transition>/",
        lambda w: {"model": "quality.finding", "pk": w["finding"].pk, "transition": "escalate"},
        "place",
    ),
    (r"^workflow/<str:model>/<str:pk>/", lambda w: {"model": "quality.finding", "pk": w["finding"].pk}, "place"),
]


def sample_for(route):
    app_samples = [row for matrix in app_matrices() for row in getattr(matrix, "SAMPLES", ())]
    for pattern, kwargs, visibility in app_samples + SAMPLES:
        if re.search(pattern, route):
            return kwargs, visibility
    return None, None


def sees(name, user, visibility, world):
    """Return True if the persona's scope holds the sample object."""
    for matrix in app_matrices():
        answer = matrix.sees(name, user, visibility, world) if hasattr(matrix, "sees") else None
        if answer is not None:
            return answer
    if visibility in (None, "everyone"):
        return True
    if visibility == "missing":
        return False
    if visibility == "creator":
        return name in ("city", "admin")
    if user.is_superuser:
        return True
    code = HANBIN if visibility == "county" else world["village"].code
    inside = code.startswith(user.scope_prefix) if user.scope_prefix != "-" else False
    if visibility == "sector" and user.role == Role.SECTOR:
        return inside and user.sector == world["project"].sector
    return inside


def request_path(route, pattern, kwargs):
    from django.urls import reverse

    if pattern.name and not route.startswith("api/^"):
        namespace = route_namespace(pattern)
        return reverse(f"{namespace}:{pattern.name}" if namespace else pattern.name, kwargs=kwargs)
    # A DRF router pattern: fill the named groups of the regular expression.
    path = route.replace("api/^", "api/").rstrip("$")
    for key, value in (kwargs or {}).items():
        path = re.sub(rf"\(\?P<{key}>[^)]*\)", str(value), path)
    return "/" + path


_NAMESPACES = {}


def route_namespace(target):
    if not _NAMESPACES:

        def walk(patterns, namespace):
            for p in patterns:
                if isinstance(p, URLResolver):
                    walk(p.url_patterns, p.namespace or namespace)
                else:
                    _NAMESPACES[id(p)] = namespace

        walk(get_resolver().url_patterns, "")
    return _NAMESPACES.get(id(target), "")


def judge(name, user, need, visible, response, api):
    """Return a complaint about ``response`` under the policy, or None if it is what the policy says."""
    status = response.status_code
    to_login = status == 302 and "/accounts/login/" in response.get("Location", "")
    if status >= 500:
        return f"{status} (server error)"
    if user is None:
        if need == PUBLIC:
            return None if status == 200 else f"{status}, expected 200 for a public page"
        expected_ok = status in (401, 403) if api else to_login
        return None if expected_ok else f"{status}, expected {'401/403' if api else 'the login page'}"
    if to_login:
        return "sent a logged-in user to the login page"
    if status == 405 and "GET" not in response.get("Allow", "GET").upper():
        return None  # GET of a view that only takes POST
    if need == PUBLIC:
        return None if status == 200 else f"{status}, expected 200 for a public page"
    if need == AUTHENTICATED:
        if not visible:
            return None if status == 404 else f"{status}, expected 404 for another user's object"
        return None if status not in (401, 403, 404) else f"{status}, expected an answer"
    action, target = need
    allowed = allows(user, action, target)
    if allowed and visible:
        return None if status not in (401, 403, 404) else f"{status}, expected an answer ({action} {target})"
    if allowed and not visible:
        return None if status == 404 else f"{status}, expected 404 outside the scope"
    expected = (403,) if visible else (403, 404)
    return None if status in expected else f"{status}, expected 403 ({action} {target} not allowed)"


def test_every_url_answers_every_persona_as_the_policy_says(client, world, personas):
    problems = []
    walked = 0
    for route, pattern in url_patterns():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        kwargs_needed = set(pattern.pattern.regex.groupindex) - {"format"}
        kwargs, visibility = sample_for(route) if kwargs_needed else ({}, None)
        if kwargs_needed and kwargs is None:
            problems.append(f"{route}: no sample object for {sorted(kwargs_needed)} (add one to SAMPLES)")
            continue
        kwargs = kwargs(world) if callable(kwargs) else kwargs
        kwargs = {k: v for k, v in kwargs.items() if k in kwargs_needed}
        path = request_path(route, pattern, kwargs)
        api = route.startswith("api/")
        methods = ["GET"]
        actions = getattr(pattern.callback, "actions", None) or {}
        if api and ("post" in actions or "put" in actions):
            methods += [m.upper() for m in ("post", "put") if m in actions]
        for method in methods:
            need = view_access(pattern.callback, method)
            if need is None:
                problems.append(f"{route}: the view declares no access (core.access.view_access)")
                break
            for name, user in personas.items():
                client.logout()
                if user is not None:
                    client.force_login(user)
                if method == "GET":
                    response = client.get(path)
                else:
                    response = client.generic(method, path, "{}", content_type="application/json")
                visible = sees(name, user, visibility, world) if user is not None else True
                complaint = judge(name, user, need, visible, response, api)
                walked += 1
                if complaint:
                    problems.append(f"{method} {path} as {name}: {complaint}")
    assert walked > 500
    assert not problems, "\n".join(problems)


def test_a_view_without_a_policy_entry_is_caught():
    from django.views import View

    class Undeclared(View):
        def get(self, request):
            raise AssertionError

    assert view_access(Undeclared.as_view()) is None
