"""The region picker (地区选择): county → township → village cascading selects, inside the user's scope.

The picker posts one value, the 12-digit code of the deepest division chosen ("" = the whole
scope), under the field's name, so filters and forms that took a typed code keep their
parameter (``?region=610902001000``). Levels at or above the user's own region are shown
fixed (a township officer sees his county and township, and picks a village); the first
level below it lists the divisions in scope; each choice loads the next level's divisions
from ``/region-picker/children/`` (``regions.views.RegionChildrenView``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from jingzhun.core.forms import LedgerForm
from jingzhun.core.regioncodes import LEVEL_DIGITS, code_at, pad_code, region_prefix, significant_prefix
from jingzhun.core.scoping import user_may_see_code
from jingzhun.regions.models import COUNTY_FACT_FIELDS, VILLAGE_FACT_FIELDS, CountyYear, Region, VillageYear

PICKER_LEVELS = ("county", "township", "village")


def empty_label(level: str) -> str:
    """Return the "all" choice of a level's select (全部乡镇（街道）)."""
    labels = {"county": _("全部县（区）"), "township": _("全部乡镇（街道）"), "village": _("全部村（社区）")}
    return labels.get(level, _("全部"))


def level_label(level: str) -> str:
    labels = {"county": _("县（区）"), "township": _("乡镇（街道）"), "village": _("村（社区）")}
    return labels.get(level, level)


def picker_selects(user: Any, value: str | None, levels: tuple[str, ...] = PICKER_LEVELS) -> list[dict[str, Any]]:
    """Return the selects of a picker showing ``value`` for ``user``: level, options, choice, fixed (one query).

    Levels at or above the user's region are fixed to the user's own divisions; the first
    free level offers the divisions of that level in scope, each later one the children of
    the choice above it (empty until something is chosen there).
    """
    scope = getattr(user, "scope_prefix", "-") if user is not None else "-"
    own = getattr(user, "region_id", None) or ""
    prefix = region_prefix(value or "")
    code = pad_code(prefix) if prefix else ""
    depth = len(significant_prefix(code)) if code else 0
    fixed = {level for level in levels if scope not in ("", "-") and len(scope) >= LEVEL_DIGITS[level]}
    chosen: dict[str, str] = {}
    for level in levels:
        if level in fixed:
            chosen[level] = code_at(own, level)
        elif code and depth >= LEVEL_DIGITS[level]:
            chosen[level] = code_at(code, level)
    above = dict(zip(levels[1:], levels[:-1], strict=True))
    wanted = Q()
    for level in levels:
        if level in fixed:
            continue
        if level not in above:
            wanted |= Q(level=level)
        elif chosen.get(above[level]):
            wanted |= Q(level=level, parent_id=chosen[above[level]])
    rows = Region.objects.filter(code__in=[chosen[level] for level in fixed])
    if wanted:
        rows = rows | Region.objects.for_user(user).filter(wanted)
    found = list(rows.order_by("code").values_list("code", "name", "level", "parent_id")) if fixed or wanted else []
    selects = []
    for level in levels:
        if level in fixed:
            options = [(c, _short(n)) for c, n, _lv, _p in found if c == chosen[level]]
        elif level not in above:
            options = [(c, _short(n)) for c, n, lv, _p in found if lv == level]
        elif chosen.get(above[level]):
            options = [(c, _short(n)) for c, n, lv, p in found if lv == level and p == chosen[above[level]]]
        else:
            options = []
        selects.append(
            {
                "level": level,
                "label": level_label(level),
                "empty_label": empty_label(level),
                "options": options,
                "selected": chosen.get(level, ""),
                "fixed": level in fixed,
            }
        )
    return selects


def _short(name: str) -> str:
    return Region(name=name).short_name


class RegionPickerWidget(forms.Widget):
    """County → township → village selects posting the deepest choice's 12-digit code (a hidden input)."""

    template_name = "regions/region_picker.html"

    def __init__(
        self, attrs: dict[str, Any] | None = None, *, levels: tuple[str, ...] = PICKER_LEVELS, small: bool = True
    ) -> None:
        super().__init__(attrs)
        self.levels = levels
        self.small = small
        self.user: Any = None

    def bind_user(self, user: Any) -> None:
        """Show the divisions of ``user``'s scope (called by LedgerFilterSet, LedgerForm and bind_region_pickers)."""
        self.user = user

    def format_value(self, value: Any) -> str:
        return "" if value is None else str(value).strip()

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            selects=picker_selects(self.user, self.format_value(value), self.levels),
            children_url=reverse("region_picker:children"),
            small=self.small,
        )
        return context


def bind_region_pickers(form: forms.BaseForm, user: Any) -> None:
    """Bind every region picker of a plain form (not a LedgerForm) to ``user``."""
    for field in form.fields.values():
        bind = getattr(field.widget, "bind_user", None)
        if bind is not None:
            bind(user)


class RegionField(forms.CharField):
    """A division picked with the region picker: its 12-digit code, which must lie in the user's scope.

    Bind the user (``bind_region_pickers(form, user)``, or a LedgerForm does it); an empty
    value means the user's whole scope unless ``required``. With ``check_scope=False`` a
    code outside the scope passes the form, for a service that refuses it itself (403).
    """

    def __init__(
        self, *, levels: tuple[str, ...] = PICKER_LEVELS, small: bool = False, check_scope: bool = True, **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_length", 12)
        kwargs.setdefault("widget", RegionPickerWidget(levels=levels, small=small))
        super().__init__(**kwargs)
        self.check_scope = check_scope

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if not value:
            return value
        prefix = region_prefix(value)
        if prefix is None:
            raise forms.ValidationError(_("请选择地区（或填写 12 位区划代码）。"))
        user = getattr(self.widget, "user", None)
        if self.check_scope and user is not None and not user_may_see_code(user, pad_code(prefix)):
            raise forms.ValidationError(_("该地区不在您的管辖范围内。"))
        return value


class _PlaceYearForm(LedgerForm):
    """A year-fact form whose place (``place_field``) is picked with the region picker."""

    place_field = "village"
    place_level = "village"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial[self.place_field] = getattr(self.instance, f"{self.place_field}_id")
        if self.instance.pk:  # the place and year are the row's key: a new row for another one
            self.fields[self.place_field].disabled = True
            self.fields["year"].disabled = True

    def _place(self) -> Region:
        value = self.cleaned_data.get(self.place_field)
        if isinstance(value, Region):
            return value
        place = Region.objects.filter(code=value, level=self.place_level).first()
        if place is None:
            level = _("行政村") if self.place_level == "village" else _("县（区）")
            raise forms.ValidationError(_("请选择%(level)s。") % {"level": level})
        return place


class VillageYearForm(_PlaceYearForm):
    """村级年度情况 as the city office edits it."""

    village = RegionField(label=_("行政村"), levels=("county", "township", "village"))

    class Meta:
        model = VillageYear
        fields = ["village", "year", *VILLAGE_FACT_FIELDS]

    def clean_village(self) -> Region:
        return self._place()


class CountyYearForm(_PlaceYearForm):
    """县级年度情况 (incl. 三率一度 sample results) as the city office edits it."""

    place_field = place_level = "county"
    county = RegionField(label=_("县（区）"), levels=("county",))

    class Meta:
        model = CountyYear
        fields = ["county", "year", *COUNTY_FACT_FIELDS]

    def clean_county(self) -> Region:
        return self._place()
