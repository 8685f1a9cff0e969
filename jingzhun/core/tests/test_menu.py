"""The main menu: declared by the apps, filtered by the access policy, grouped so the bar stays short."""

import pytest
from django.urls import reverse

from jingzhun.core.menu import MenuItem, menu_for, menu_register

pytestmark = pytest.mark.django_db


def labels(user, nav=""):
    return {group.key: [str(item.label) for item, _ in group.entries] for group in menu_for(user, nav)}


def test_every_app_with_pages_has_its_entries_in_groups(city_officer):
    menu = labels(city_officer)
    assert menu["home"] == ["首页"]
    assert menu["registry"] == [
        "贫困户",
        "动态调整",
        "行政区划",
        "村级年度情况",
        "县级年度情况",
        "数据导入",
        "数据质量",
    ]
    assert menu["system"] == ["操作日志", "业务参数", "接口文档"]
    assert "退出评估" in menu["exits"] and "项目资金" in menu["projects"]


def test_entries_follow_the_policy(inspector, village_clerk):
    assert "数据导入" not in labels(inspector)["registry"]  # read-only
    assert "业务参数" not in labels(village_clerk)["system"]  # only the city office sets parameters


def test_the_page_marks_its_group_active(city_officer):
    active = [group.key for group in menu_for(city_officer, "alerts") if group.active]
    assert active == ["projects"]


def test_the_bar_is_rendered_with_dropdowns_and_the_user_menu(client_for, city_officer):
    html = client_for(city_officer).get(reverse("dashboard")).content.decode()
    assert 'data-bs-toggle="dropdown" aria-expanded="false">建档立卡</a>' in html
    assert reverse("parameters:list") in html
    assert "退出登录" in html


def test_an_entry_must_name_a_known_group():
    with pytest.raises(ValueError, match="unknown menu group"):
        menu_register(MenuItem("nowhere", "x", "dashboard"))


def test_anonymous_users_get_no_menu():
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(AnonymousUser()) == []
