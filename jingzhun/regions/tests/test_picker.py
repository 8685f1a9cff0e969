"""The region picker: cascading county → township → village selects inside the user's scope."""

import pytest
from django import forms
from django.urls import reverse

from conftest import ANKANG, HANBIN, make_user
from jingzhun.regions.forms import RegionField, RegionPickerWidget, bind_region_pickers, picker_selects
from jingzhun.regions.models import Region

pytestmark = pytest.mark.django_db


def options(select):
    return [code for code, _name in select["options"]]


def test_a_city_officer_picks_any_county_of_his_city_then_its_townships_and_villages(
    city_officer, hanbin_village, django_assert_num_queries
):
    township = hanbin_village.parent_id
    with django_assert_num_queries(1):
        county, town, village = picker_selects(city_officer, hanbin_village.code)
    assert set(options(county)) == set(
        Region.objects.filter(level="county", code__startswith="6109").values_list("code", flat=True)
    )
    assert county["selected"] == HANBIN and not county["fixed"]
    assert town["selected"] == township and township in options(town)
    assert all(code.startswith(HANBIN[:6]) for code in options(town))
    assert village["selected"] == hanbin_village.code
    assert set(options(village)) == set(Region.objects.filter(parent_id=township).values_list("code", flat=True))


def test_the_levels_of_the_users_own_region_are_fixed(hanbin_village):
    officer = make_user("town", "township", hanbin_village.parent_id)
    county, town, village = picker_selects(officer, "")
    assert county["fixed"] and options(county) == [HANBIN]
    assert town["fixed"] and options(town) == [hanbin_village.parent_id]
    assert not village["fixed"] and hanbin_village.code in options(village) and village["selected"] == ""


def test_nothing_chosen_leaves_the_lower_levels_empty(county_officer):
    county, town, village = picker_selects(county_officer, "")
    assert county["fixed"] and options(county) == [HANBIN]
    assert options(town) and all(code.startswith("610902") for code in options(town))
    assert options(village) == []


def test_without_a_user_the_picker_offers_nothing(db):
    assert all(select["options"] == [] for select in picker_selects(None, ""))


def test_the_children_endpoint_lists_the_divisions_under_a_parent_in_scope(client_for, county_officer, outsider):
    client = client_for(county_officer)
    response = client.get(reverse("region_picker:children"), {"parent": HANBIN})
    html = response.content.decode()
    townships = Region.objects.filter(parent_id=HANBIN)
    assert response.status_code == 200 and html.count("<option") == townships.count() + 1
    assert "全部乡镇（街道）" in html
    assert client_for(outsider).get(reverse("region_picker:children"), {"parent": HANBIN}).status_code == 404
    assert client.get(reverse("region_picker:children"), {"parent": "61"}).status_code == 404


def test_without_a_parent_the_endpoint_lists_the_counties_in_scope(client_for, county_officer):
    html = client_for(county_officer).get(reverse("region_picker:children")).content.decode()
    assert HANBIN in html and html.count("<option") == 2


def test_the_endpoint_needs_a_login(client):
    response = client.get(reverse("region_picker:children"), {"parent": HANBIN})
    assert response.status_code == 302 and reverse("login") in response["Location"]


class PlaceForm(forms.Form):
    region = RegionField(required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        bind_region_pickers(self, user)


def test_the_field_takes_a_code_in_scope_and_refuses_one_outside(county_officer, hanbin_village, hanyin_village):
    assert PlaceForm({"region": hanbin_village.code}, user=county_officer).is_valid()
    assert PlaceForm({"region": ""}, user=county_officer).is_valid()
    outside = PlaceForm({"region": hanyin_village.code}, user=county_officer)
    assert not outside.is_valid() and "不在您的管辖范围内" in outside.errors["region"][0]
    assert "请选择地区" in PlaceForm({"region": "汉滨"}, user=county_officer).errors["region"][0]


def test_the_widget_posts_one_value_under_the_fields_name(county_officer, hanbin_village):
    widget = RegionPickerWidget()
    widget.bind_user(county_officer)
    html = widget.render("region", hanbin_village.code, {"id": "id_region"})
    assert f'name="region" id="id_region" value="{hanbin_village.code}"' in html
    assert html.count("<select") == 3 and "name=" not in html.split("<select", 1)[1]


def test_list_pages_filter_by_the_picked_division(client_for, household_factory, hanbin_village, hanbin_village_2):
    household_factory(hanbin_village)
    household_factory(hanbin_village_2)
    client = client_for(make_user("city2", "city", ANKANG))
    response = client.get(reverse("registry:household-list"), {"region": hanbin_village.code})
    assert [h.village_id for h in response.context["object_list"]] == [hanbin_village.code]
    assert 'class="jz-region-picker' in response.content.decode()
