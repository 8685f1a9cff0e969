"""Every API list answers what the OpenAPI document says: each response validated against its schema.

The schema is generated in process (drf-spectacular), turned from OpenAPI 3.0 into JSON Schema
(``nullable``, ``$ref``) and every GET list endpoint is requested as an administrator over the
access matrix's world (one object of every kind), so a serializer field that the schema
declares wrongly — a null it does not allow, a type, a missing required field — fails here.
"""

from __future__ import annotations

import copy

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from tests.test_access_matrix import personas, world  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def to_json_schema(node, components, seen=()):
    """Return ``node`` with its $refs inlined and OpenAPI's ``nullable`` as a JSON Schema type."""
    if isinstance(node, list):
        return [to_json_schema(item, components, seen) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return {}
        return to_json_schema(copy.deepcopy(components[name]), components, (*seen, name))
    out = {key: to_json_schema(value, components, seen) for key, value in node.items()}
    if out.pop("nullable", False):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def list_endpoints(schema):
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None or "{" in path or any(p.get("required") for p in get.get("parameters", [])):
            continue  # an object's page, or a list that needs parameters (its 400 is tested with it)
        content = get.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if content is not None:
            yield path, content["schema"]


def test_every_list_response_matches_its_schema(client, world, personas):  # noqa: F811
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    client.force_login(personas["admin"])
    problems, checked = [], 0
    for path, response_schema in list_endpoints(schema):
        response = client.get(path)
        if response.status_code != 200:
            problems.append(f"GET {path}: {response.status_code}")
            continue
        validator = jsonschema.Draft7Validator(to_json_schema(response_schema, components))
        for error in validator.iter_errors(response.json()):
            where = "/".join(str(part) for part in error.absolute_path)
            problems.append(f"GET {path} [{where}]: {error.message[:200]}")
        checked += 1
    assert checked > 20
    assert not problems, "\n".join(problems)
