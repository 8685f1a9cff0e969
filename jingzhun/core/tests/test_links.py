"""Addresses reversed once (core.links) are the addresses ``reverse`` gives."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from jingzhun.core.links import url_for, url_of


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("registry:household-detail", ["610902001001001"]),
        ("registry:member-edit", ["610902001001001", "61090200100100101"]),
        ("registry:household-detail", ["a b·c"]),  # not a plain code: reversed as usual, quoted
        ("registry:year-edit", ["610902001001001", 2019]),  # an <int:…> converter
    ],
)
def test_url_for_gives_what_reverse_gives(name, args):
    assert url_for(name, *args) == reverse(name, args=args)
    assert url_for(name, *args) == reverse(name, args=args)  # from the cache the second time


def test_url_of_follows_the_script_prefix():
    assert url_of("registry:household-list") == reverse("registry:household-list")
    set_script_prefix("/jz/")
    try:
        assert url_of("registry:household-list") == reverse("registry:household-list")
        assert url_of("registry:household-list").startswith("/jz/")
        assert url_for("registry:household-detail", "1").startswith("/jz/")
    finally:
        set_script_prefix("/")


def test_a_value_a_converter_refuses_is_refused_as_by_reverse():
    with pytest.raises(NoReverseMatch):
        url_for("registry:year-edit", "610902001001001", "abc")


@override_settings(ROOT_URLCONF="jingzhun.urls")
def test_the_caches_are_emptied_when_the_urlconf_changes():
    assert url_of("registry:household-list") == reverse("registry:household-list")
