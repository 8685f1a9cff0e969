"""The OpenAPI document is valid, complete and served only to logged-in users."""

import pytest
import yaml
from django.core.management import call_command


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("openapi") / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return path


def test_the_schema_validates_without_warnings(schema_file):
    assert schema_file.stat().st_size > 0


def test_the_schema_documents_every_endpoint_with_unmask_reason_and_conflict(schema_file):
    schema = yaml.safe_load(schema_file.read_text(encoding="utf-8"))
    paths = schema["paths"]
    assert set(paths) >= {
        "/api/regions/",
        "/api/regions/{code}/",
        "/api/households/",
        "/api/households/{code}/",
        "/api/members/",
        "/api/members/{code}/",
        "/api/household-years/",
        "/api/household-years/{id}/",
    }
    for path in ("/api/households/{code}/", "/api/members/{code}/", "/api/household-years/{id}/"):
        assert "409" in paths[path]["put"]["responses"]
        assert "409" in paths[path]["patch"]["responses"]
        reason = [p for p in paths[path]["delete"]["parameters"] if p["name"] == "reason"]
        assert reason and reason[0]["required"] is True
    for path in ("/api/households/", "/api/households/{code}/", "/api/members/", "/api/members/{code}/"):
        assert "unmask" in {p["name"] for p in paths[path]["get"]["parameters"]}
    household_filters = {p["name"] for p in paths["/api/households/"]["get"]["parameters"]}
    assert household_filters >= {"region", "status", "attribute", "main_cause", "q", "exit_year"}


def test_the_schema_is_served_to_a_logged_in_user(client_for, inspector):
    response = client_for(inspector).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/households/" in response.content


def test_the_swagger_ui_is_served_to_a_logged_in_user(client_for, inspector):
    response = client_for(inspector).get("/api/docs/")
    assert response.status_code == 200
    assert b"swagger-ui" in response.content


@pytest.mark.parametrize("url", ["/api/docs/", "/api/schema/"])
def test_the_api_documentation_is_refused_to_anonymous_users(client, db, url):
    response = client.get(url)
    assert response.status_code in (302, 401, 403)
    assert b"/api/households/" not in response.content
