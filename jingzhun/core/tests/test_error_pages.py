"""403, 404 and 500 pages in Chinese in the site's layout, also with DEBUG (the demo)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import override_settings
from django.urls import path

from jingzhun.urls import urlpatterns as site_urls

pytestmark = pytest.mark.django_db


def refused(request):
    raise PermissionDenied("当前角色只能查看，不能修改。")


def missing(request):
    raise Http404("No Household matches the given query.")


def broken(request):
    raise ZeroDivisionError


urlpatterns = [path("refused/", refused), path("missing/", missing), path("broken/", broken), *site_urls]


@pytest.mark.parametrize("debug", [True, False])
def test_error_pages_are_chinese_in_the_layout(client_for, county_officer, settings, debug):
    settings.DEBUG = debug
    client = client_for(county_officer)
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/refused/")
        page = response.content.decode()
        assert response.status_code == 403 and "无权进行此操作" in page and "当前角色只能查看，不能修改。" in page
        assert "jz-navbar" in page
        response = client.get("/missing/")
        page = response.content.decode()
        assert response.status_code == 404 and "找不到您要的页面或数据" in page and "No Household" not in page
        response = client.get("/no-such-page/")
        assert response.status_code == 404 and "找不到您要的页面或数据" in response.content.decode()


def test_an_unexpected_error_in_debug_mode_shows_the_chinese_500_page(client_for, county_officer, settings):
    settings.DEBUG = True
    client = client_for(county_officer)
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=__name__):
        response = client.get("/broken/")
    assert response.status_code == 500 and "系统出错了" in response.content.decode()
