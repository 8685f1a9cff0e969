"""Personal data (ID numbers, phones, bank cards, birth dates) never leaks: every page, API response,
export, job result and admin page × every role.

The walk reuses the access matrix's URL walker and sample objects, so a new app's pages and
API are scanned as soon as they are routed. Each answer is read as text (HTML, JSON, CSV,
and the XML inside .xlsx/.docx files; a job's result file too), and searched for the sample
people's real values. A value may appear only if the role may reveal personal data and an
audit event of that read was written by the same request. And no combination of fields
rebuilds a masked value: no full birth date is shown next to a masked ID number, and a
masked ID number never shows more than its address and its last two characters.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile

import pytest

from conftest import HANBIN
from jingzhun.core.access import allows
from jingzhun.core.models import AuditEvent, Job
from tests import test_access_matrix as matrix
from tests.test_access_matrix import SKIPPED_PREFIXES, request_path, sample_for, url_patterns

# The access matrix's personas and its sample object of every kind.
personas = matrix.personas
world = matrix.world

pytestmark = pytest.mark.django_db

# One persona per kind of right and scope: offices that may reveal (the widest and the narrowest
# scope), roles that may not (by region; by sector), the read-only inspector, the administrator.
ROLES = ("city", "village", "sector", "helping_unit", "inspector", "admin")
PERSONAL_READS = ("view_personal", "export_personal")
MASKED_ID = re.compile(r"\d[0-9*]{4,}\*[0-9*]*[0-9Xx*]")
PHONE_OF = "1391234{:04d}"


@pytest.fixture
def people(world, hanbin_village, city_officer):
    """The sample people with every kind of personal data, and traces of them in history, findings and jobs."""
    from django.core.files.base import ContentFile

    from jingzhun.core.audit import audit_context
    from jingzhun.quality.models import ComparisonEntry
    from jingzhun.registry.models import Household, Member

    for n, household in enumerate(Household.objects.filter(village=hanbin_village)):
        with audit_context(actor=city_officer, reason="核实电话"):
            household.phone = PHONE_OF.format(n)
            household.helper_phone = PHONE_OF.format(500 + n)
            household.save()
    for n, member in enumerate(Member.objects.filter(household__village=hanbin_village)):
        with audit_context(actor=city_officer, reason="补录"):
            member.phone = PHONE_OF.format(1000 + n)
            member.health = "2"
            member.save()
    member = world["member"]
    ComparisonEntry.objects.create(
        comparison_list=world["comparison"], row_number=2, id_number=member.id_number, name=member.name
    )
    # A job whose outcome quotes an ID number (an import's row errors do).
    job = Job.objects.create(
        kind="registry_import",
        title="导入",
        created_by=world["job"].created_by,
        region_code=HANBIN,
        status="failed",
        error=f"人员信息, 第 3 行, 证件号码: 证件号码“{member.id_number}”已登记在户 {member.household.code}",
        result={"issues": [f"人员信息, 第 3 行: {member.id_number} 重复"]},
    )
    job.output_file.save("错误.xlsx", ContentFile(b""))
    members = list(Member.objects.filter(household__village=hanbin_village))
    households = list(Household.objects.filter(village=hanbin_village))
    secrets = {}
    for m in members:
        secrets[m.id_number] = "ID number"
        secrets[m.phone] = "phone"
        for text in _date_texts(m.birth_date):
            secrets[text] = "birth date"
    for h in households:
        secrets[h.phone] = "phone"
        secrets[h.helper_phone] = "phone"
    return {k: v for k, v in secrets.items() if k}


def _date_texts(day: datetime.date) -> list[str]:
    return [day.isoformat(), f"{day.year}年{day.month}月{day.day}日", f"{day.year}/{day.month}/{day.day}"]


def body_text(response) -> str:
    """Return everything a response shows as text: HTML, JSON, CSV, or the XML parts of an .xlsx/.docx."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return file_text(data)


def file_text(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") and len(data) > 22:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))]
        return "\n".join(re.sub(r"<[^>]+>", " ", part.decode("utf-8", "replace")) for part in parts)
    return data.decode("utf-8", "replace")


def leaks(text: str, secrets: dict[str, str]) -> list[str]:
    """Return what personal data ``text`` shows, and any masked ID number that shows too much."""
    found = [f"{kind} {value}" for value, kind in secrets.items() if value in text]
    for masked in MASKED_ID.findall(text):
        visible = sum(ch != "*" for ch in masked)
        if len(masked) in (15, 18) and visible > 8:
            found.append(f"a masked ID number showing {visible} characters: {masked}")
    return found


def judge(user, text, secrets, logged) -> list[str]:
    found = leaks(text, secrets)
    if not found:
        return []
    if allows(user, "reveal", "registry") and logged:
        return []
    why = "without an audit event" if allows(user, "reveal", "registry") else "to a role that may not see it"
    return [f"{item} shown {why}" for item in found]


def walk_paths(world):
    """Yield every GET path of the site with a sample object (the access matrix's walk)."""
    for route, pattern in url_patterns():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        needed = set(pattern.pattern.regex.groupindex) - {"format"}
        kwargs, _visibility = sample_for(route) if needed else ({}, None)
        if needed and kwargs is None:
            continue  # the access matrix fails on it
        kwargs = {k: v for k, v in (kwargs(world) if callable(kwargs) else kwargs).items() if k in needed}
        yield request_path(route, pattern, kwargs)


def read(client, user, path, secrets):
    """GET ``path`` as ``user``; return the problems with what it shows (and with any file it produced),
    and whether it shows masked values."""
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    jobs_before = set(Job.objects.values_list("pk", flat=True))
    response = client.get(path)
    if response.status_code >= 500:
        return [f"{response.status_code}"], False
    logged = AuditEvent.objects.filter(pk__gt=last_event, actor=user, action__in=PERSONAL_READS)
    text = body_text(response)
    problems = judge(user, text, secrets, logged.exists())
    for job in Job.objects.exclude(pk__in=jobs_before).exclude(output_file=""):  # an export run by this request
        with job.output_file.open("rb") as handle:
            problems += [f"(export file) {p}" for p in judge(user, file_text(handle.read()), secrets, logged.exists())]
    return problems, "**" in text


def test_no_page_api_export_or_job_shows_personal_data_a_role_may_not_see_or_without_a_log(
    client, world, personas, people
):
    assert len(people) > 20
    paths = list(walk_paths(world))
    problems = []
    for name in ROLES:
        user = personas[name]
        client.force_login(user)
        for path in paths:
            found, masked = read(client, user, path, people)
            problems += [f"GET {path} as {name}: {p}" for p in found]
            if masked:  # the page shows masked data: ask for it unmasked too
                unmasked = path + ("&" if "?" in path else "?") + "unmask=1"
                problems += [f"GET {unmasked} as {name}: {p}" for p in read(client, user, unmasked, people)[0]]
    assert len(paths) > 60
    assert not problems, "\n".join(problems)


def test_admin_pages_mask_personal_data(client, world, personas, people):
    from django.contrib import admin

    client.force_login(personas["admin"])
    problems = []
    for model in admin.site._registry:
        opts = model._meta
        paths = [f"/admin/{opts.app_label}/{opts.model_name}/"]
        for row in {model._default_manager.order_by("pk").first(), model._default_manager.order_by("-pk").first()}:
            if row is not None:
                paths.append(f"/admin/{opts.app_label}/{opts.model_name}/{row.pk}/change/")
        for path in paths:
            response = client.get(path)
            if response.status_code >= 500:
                problems.append(f"{path}: {response.status_code}")
            found = leaks(body_text(response), people)
            problems += [f"{path}: {item}" for item in found]
    assert not problems, "\n".join(problems)
