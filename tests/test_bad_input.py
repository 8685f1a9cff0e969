"""Bad input gets a 400 (or 404) with a Chinese message, never a 500: every GET route of the site
walked with hostile query parameters, and the specific cases found (NUL bytes in paths, query
strings and JSON bodies, 20-digit numbers, deeply nested JSON)."""

from __future__ import annotations

import json

import pytest

from tests import test_access_matrix as matrix
from tests.test_access_matrix import SKIPPED_PREFIXES, request_path, sample_for, url_patterns

pytestmark = pytest.mark.django_db

personas = matrix.personas
world = matrix.world

HOSTILE = [
    {"region": "6109\x00", "year": "\x00", "actor": "\x00", "q": "\x00", "page": "\x00"},
    {"year": "9" * 20, "region": "9" * 30, "page": "9" * 20, "page_size": "9" * 20, "exit_year": "9" * 20},
    {"year": "-1", "region": "../../etc", "page": "-1", "identification_year": "abc", "date": "2019-13-45"},
]


def test_no_route_answers_500_to_hostile_query_parameters(client, world, personas):
    client.force_login(personas["city"])
    client.raise_request_exception = False
    problems = []
    walked = 0
    for route, pattern in url_patterns():
        if route.startswith(SKIPPED_PREFIXES):
            continue
        needed = set(pattern.pattern.regex.groupindex) - {"format"}
        kwargs, _ = sample_for(route) if needed else ({}, None)
        if needed and kwargs is None:
            continue
        kwargs = {k: v for k, v in (kwargs(world) if callable(kwargs) else kwargs).items() if k in needed}
        path = request_path(route, pattern, kwargs)
        for params in HOSTILE:
            response = client.get(path, params)
            walked += 1
            if response.status_code >= 500:
                problems.append(f"GET {path} {params!r}: {response.status_code}")
    assert walked > 150
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path",
    [
        "/projects/timeline/?year=99999999999999999999",
        "/?year=99999999999999999999",
        "/regions/6109%00/",
        "/registry/households/%00/",
        "/audit/?actor=%00",
        "/registry/households/?region=%00",
    ],
)
def test_nul_bytes_in_a_path_or_query_get_400_in_chinese(client_for, city_officer, path):
    response = client_for(city_officer).get(path)
    assert response.status_code == 400
    assert "控制字符" in response.content.decode() or "年份" in response.content.decode()


def test_nul_bytes_in_a_json_body_get_400_before_any_lookup(client_for, city_officer):
    body = json.dumps({"ruleset": "shaanxi\x00", "code": "X\x00", "expression": {}})
    response = client_for(city_officer).post("/api/standards/rules/", body, content_type="application/json")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_deeply_nested_json_gets_400(client_for, city_officer):
    body = '{"parameters": ' + "[" * 100_000 + "]" * 100_000 + "}"
    response = client_for(city_officer).post("/api/standards/runs/", body, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套" in response.json()["detail"]


def test_a_form_post_with_a_nul_byte_gets_400(client_for, city_officer):
    response = client_for(city_officer).post(
        "/standards/runs/new/", "ruleset=x%00", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400


def test_a_body_over_the_upload_limit_gets_413_before_it_is_read(client_for, county_officer, settings):
    settings.JINGZHUN_IMPORT_MAX_MB = 1
    settings.JINGZHUN_UPLOAD_MAX_MB = 1
    client = client_for(county_officer)
    big = b"a,b\n" * (3 * 1024 * 1024)  # 12 MB, over the largest upload allowed (photos, 10 MB) and the form
    from django.core.files.uploadedfile import SimpleUploadedFile

    for url in ("/api/registry/imports/", "/registry/import/"):
        response = client.post(url, {"file": SimpleUploadedFile("big.csv", big)})
        assert response.status_code == 413, url
        assert "MB" in response.content.decode()
