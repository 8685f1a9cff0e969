"""A run is explained with its own parameters: names, deciding values and evidence on pages, Excel and API."""

import io

import pytest
from django.urls import reverse

from jingzhun.standards.tests.world import YEAR, build_world, what_if_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(household_factory, hanbin_village, hanyin_village):
    world = build_world(household_factory, hanbin_village, hanyin_village)
    world["village"] = hanbin_village
    return world


def test_a_what_if_income_line_is_the_deciding_value_on_the_gap_list(client_for, city_officer, world):
    run = what_if_run(city_officer, "household", overrides={"line": 4000})
    client = client_for(city_officer)
    response = client.get(reverse("standards:gap-list", args=[run.pk, world["village"].code]))
    (row,) = response.context["rows"]
    income = next(f for f in row.failures if f.code == "income")
    values = {e.label: e.value for e in income.evidence}
    assert values["扶贫标准（元，留空按当年标准）"] == "4,000"
    assert "3,747" not in values.values()
    assert "4,000" in income.name

    from python_calamine import CalamineWorkbook

    response = client.get(reverse("standards:gap-list-xlsx", args=[run.pk, world["village"].code]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0)
    (income_row,) = [r for r in sheet.to_python()[4:] if r[4].startswith("人均纯收入")]
    assert "4,000" in income_row[6] and "3,747" not in income_row[6]

    api = client.get(f"/api/standards/runs/{run.pk}/results/", {"passed": "false"}).json()
    results = api.get("results", api)
    failures = {f["code"]: f for r in results for f in r["failures"]}
    assert {"label": "扶贫标准（元，留空按当年标准）", "value": "4,000"} in failures["income"]["evidence"]


def test_a_what_if_village_run_names_its_own_incidence_threshold(client_for, city_officer, world):
    run = what_if_run(city_officer, "village", overrides={"incidence.max": 0.02})
    page = client_for(city_officer).get(reverse("standards:run-detail", args=[run.pk])).content.decode()
    assert "贫困发生率低于 2%" in page
    assert "贫困发生率低于 3%" not in page
    assert run.year == YEAR
