"""Filters of ledger lists (django-filter), shared by the page, its Excel export and the API.

``LedgerFilterSet`` gives every ledger a ``region`` filter on its ``scope_field`` (the
division a user picked: a 12-digit code or its significant prefix) and styles its widgets
the site's way. Widgets that need to know the user (the region picker shows only the
user's scope) get it through ``bind_user(user)``, from the request the view passes.

The region picker lives in the ``regions`` app, above this kit: the widget is named by the
``JINGZHUN_REGION_WIDGET`` setting (as the access policy is named by
``JINGZHUN_ACCESS_POLICY``), so ``core`` does not import the app.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from jingzhun.core.regioncodes import CODE_LENGTH, region_prefix


def within_region(queryset: QuerySet, value: str) -> QuerySet:
    """Return the rows of ``queryset`` inside the region a user picked or typed (none if it is no code).

    A village is an equality on its code, not a range: the queryset is already scoped by a
    range on the same column, and SQLite, which cannot tell which of two ranges on a column
    is narrower, reads the first (the scope's); an equality it always prefers.
    """
    prefix = region_prefix(value)
    if prefix is None:
        return queryset.none()
    if len(prefix) == CODE_LENGTH:
        return queryset.filter(**{queryset.model.scope_field: prefix})  # type: ignore[attr-defined]
    return queryset.in_region(prefix)  # type: ignore[attr-defined]


def region_widget() -> forms.Widget:
    """Return the widget that picks a region: ``settings.JINGZHUN_REGION_WIDGET``, else a text input."""
    path = getattr(settings, "JINGZHUN_REGION_WIDGET", "")
    if path:
        return import_string(path)()
    return forms.TextInput(attrs={"placeholder": "610902"})


class RegionPrefixFilter(django_filters.CharFilter):
    """地区: the rows inside the division picked (on the model's ``scope_field``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("地区"))
        super().__init__(*args, **kwargs)

    @property
    def field(self) -> forms.Field:
        if "widget" not in self.extra:
            self.extra["widget"] = region_widget()
        return super().field

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        if not value or not value.strip():
            return qs
        return within_region(qs, value)


YES_NO = [("", _("全部")), ("true", _("是")), ("false", _("否"))]


def yes_no(label: Any, **kwargs: Any) -> django_filters.BooleanFilter:
    """A yes/no filter whose blank choice reads 全部 (django-filter's own says 未知)."""
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=YES_NO), **kwargs)  # type: ignore[arg-type]


def style_widgets(form: forms.BaseForm, *, small: bool = True) -> None:
    """Give every widget without a class the site's Bootstrap class (small in filter bars)."""
    size = "-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput) or "class" in widget.attrs:
            continue
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = f"form-select form-select{size}"
        elif isinstance(widget, forms.widgets.Input | forms.Textarea):
            widget.attrs["class"] = f"form-control form-control{size}"


def bind_user(form: forms.BaseForm, user: Any) -> None:
    """Tell the widgets that show the user's scope (``bind_user``) who the user is."""
    for field in form.fields.values():
        bind = getattr(field.widget, "bind_user", None)
        if bind is not None:
            bind(user)


class LedgerFilterSet(django_filters.FilterSet):
    """Base of ledger filters: a ``region`` filter on the scope field, styled widgets, the user bound.

    Views build it with ``request=`` so that widgets know the user.
    """

    region = RegionPrefixFilter()

    @property
    def form(self) -> forms.Form:
        form = super().form
        if not getattr(form, "_ledger_prepared", False):
            style_widgets(form)
            bind_user(form, getattr(self.request, "user", None))
            form._ledger_prepared = True  # type: ignore[attr-defined]
        return form
