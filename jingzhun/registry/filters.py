"""Filters of the household list, shared by the page, its export and the API."""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from jingzhun.core.audit import audit_context, record_event
from jingzhun.core.choices import AuditAction
from jingzhun.core.filters import LedgerFilterSet, within_region
from jingzhun.core.idnumbers import normalize_id_number
from jingzhun.core.personal import mask_id_number, may_reveal
from jingzhun.core.regioncodes import text_prefix_q
from jingzhun.registry.choices import Attribute, Cause, Status
from jingzhun.registry.models import Household, HouseholdYear, Member

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})

# An ID-number prefix up to here (address and birth year) tells no more than a masked number
# and the birth year shown beside it; a longer one asks whether a person's number exists.
ID_PREFIX_SHOWN = 10
HOUSEHOLD_CODE_LENGTH = 16


def id_search(request: Any, text: str) -> bool:
    """Return True if ``text`` may be matched against ID numbers for the user of ``request``.

    A term longer than ``ID_PREFIX_SHOWN`` is a personal-data read: allowed to the roles that
    may reveal personal data, and logged. For the other roles it matches only household and
    member codes; a term that can only be an ID number (17 or 18 characters) is refused with
    403, so that a search never tells them whether a guessed number exists.
    """
    text = normalize_id_number(text)
    if len(text) <= ID_PREFIX_SHOWN:
        return True
    user = getattr(request, "user", None)
    if not may_reveal(user, Member):
        if len(text) > HOUSEHOLD_CODE_LENGTH:
            raise PermissionDenied(gettext_now("当前角色无权按完整证件号码查询，请按姓名或户编号查询。"))
        return False
    with audit_context(actor=user):
        record_event(
            action=AuditAction.VIEW_PERSONAL,
            model_label=Member._meta.label,
            object_pk="*",
            object_repr=gettext_now("按证件号码查询 %(number)s") % {"number": mask_id_number(text)},
            region_code=getattr(user, "region_id", None) or "",
            after={"query": text},
            reason="",
        )
    return True


class HouseholdFilter(LedgerFilterSet):
    """Filter households by place (the region picker), status, attribute, cause, years and free text."""

    status = django_filters.ChoiceFilter(
        label=_("脱贫状态"), choices=Status.choices, empty_label=_("全部"), widget=SELECT
    )
    attribute = django_filters.ChoiceFilter(
        label=_("贫困户属性"), choices=Attribute.choices, empty_label=_("全部"), widget=SELECT
    )
    main_cause = django_filters.ChoiceFilter(
        label=_("主要致贫原因"), choices=Cause.choices, empty_label=_("全部"), widget=SELECT
    )
    identification_year = django_filters.NumberFilter(label=_("识别年度"))
    exit_year = django_filters.NumberFilter(label=_("脱贫年度"))
    planned_exit_year = django_filters.NumberFilter(label=_("计划脱贫年度"))
    q = django_filters.CharFilter(label=_("搜索"), method="filter_search")

    class Meta:
        model = Household
        fields = [
            "region",
            "status",
            "attribute",
            "main_cause",
            "identification_year",
            "exit_year",
            "planned_exit_year",
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Household code, or a member's name or ID number (prefixes match; long ID terms see ``id_search``)."""
        text = value.strip()
        return queryset.search(text, id_numbers=id_search(self.request, text))  # type: ignore[attr-defined]


class MemberFilter(django_filters.FilterSet):
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")
    region = django_filters.CharFilter(label=_("行政区划代码（前缀）"), method="filter_region")
    deceased = django_filters.BooleanFilter(label=_("已死亡"))
    q = django_filters.CharFilter(label=_("姓名或证件号码（前缀）"), method="filter_search")

    class Meta:
        model = Member
        fields = ["household", "region", "deceased", "q"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return within_region(queryset, value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = normalize_id_number(value)
        if not text:
            return queryset
        if text[:-1].isdigit() and (text[-1].isdigit() or text[-1] == "X"):
            if not id_search(self.request, text):
                return queryset.filter(text_prefix_q("code", text))
            return queryset.filter(text_prefix_q("id_number", text))
        return queryset.filter(text_prefix_q("name", value.strip()))


class HouseholdYearFilter(django_filters.FilterSet):
    household = django_filters.CharFilter(label=_("户编号"), field_name="household__code")
    year = django_filters.NumberFilter(label=_("年度"))

    class Meta:
        model = HouseholdYear
        fields = ["household", "year"]
