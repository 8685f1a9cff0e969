"""Template filters for the way Chinese government documents write numbers and codes."""

from typing import Any

from django import template
from django.utils.html import format_html, json_script

from jingzhun.core import formatting
from jingzhun.core.menu import menu_for
from jingzhun.core.personal import Disclosure, mask_birth_date, mask_id_number, mask_phone, mask_text, personal_fields

register = template.Library()


@register.filter
def wan(value: object, digits: int = 2) -> str:
    """Format a count with 万 / 亿 (12,345 → 1.23万; below 10,000 with thousands commas)."""
    return formatting.large_number(value, digits)


@register.filter
def num(value: object) -> str:
    """Format a whole number with thousands separators (1234567 → 1,234,567)."""
    return formatting.number(value)


@register.filter
def yuan(value: object) -> str:
    """Format money in 元 with two decimals and thousands commas."""
    return formatting.yuan(value)


@register.filter
def wan_yuan(value: object, digits: int = 2) -> str:
    """Format an amount in 元 as 万元 with thousands commas (1234567.8 → 123.46)."""
    return formatting.wan_yuan(value, digits)


@register.filter
def money(value: object) -> str:
    """Format an amount in 元 with the unit that reads best (37.93亿元, 123.46万元, 8,000元)."""
    return formatting.money(value)


@register.filter
def people(value: object) -> str:
    """Format a head count in 人 or 万人 (2.60万人)."""
    return formatting.people(value)


@register.filter
def percent(value: object, digits: int = 2) -> str:
    """Format a fraction (0.0312) as a percentage (3.12%)."""
    return formatting.percent(value, digits)


@register.filter
def cn_date(value: object) -> str:
    """Format a date as 2019年7月31日."""
    return formatting.cn_date(value)


@register.filter
def cn_month(value: object) -> str:
    """Format a date's month as 2019年7月."""
    return formatting.cn_month(value)


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value or "")


@register.filter
def masked_birth_date(value: object) -> str:
    """Show a birth date's year only (1980-**-**)."""
    return mask_birth_date(value)


@register.filter
def region_name(value: object) -> str:
    """Return the name of a division given by its code or code prefix ("61" → 陕西省); the code if unknown."""
    from django.apps import apps

    from jingzhun.core.regioncodes import pad_code, region_prefix

    code = str(value or "").strip()
    prefix = region_prefix(code) if code else None
    if not prefix:
        return code
    region = apps.get_model("regions", "Region")
    name = region.objects.filter(code=pad_code(prefix)).values_list("name", flat=True).first()
    return name or code


@register.filter
def scrubbed(value: object) -> object:
    """Mask ID numbers, phones and bank card numbers quoted in free text."""
    return mask_text(value)


@register.simple_tag(takes_context=True)
def personal(context, instance, field: str):  # type: ignore[no-untyped-def]
    """Show a personal field of ``instance`` as the one rule (``core.personal``) lets the page's user see it.

    Identifiers and the birth date masked; health shown to roles that may reveal personal
    data and hidden from the others. Choice fields show their label.
    """
    kind = personal_fields(instance)[field]
    value = getattr(instance, field)
    if value in (None, ""):
        return "—"
    request = context.get("request")
    disclosure = Disclosure(getattr(request, "user", None), type(instance))
    if not disclosure.shows(kind):
        return disclosure.value(kind, value)
    display = getattr(instance, f"get_{field}_display", None)
    return display() if display else value


@register.filter
def yesno_cn(value: object) -> str:
    return formatting.yes_no(value)


@register.simple_tag
def chart(element_id: str, option: dict[str, Any], label: str = "") -> str:
    """Return a chart's box and its ECharts option (``core.charts``); ``jingzhun/charts.js`` draws it.

    Pages that use it load ``vendor/echarts/echarts.min.js`` and ``jingzhun/charts.js``.
    """
    return format_html(
        '<div id="{}" class="jz-chart" role="img" aria-label="{}" data-chart="{}"></div>{}',
        element_id,
        label,
        f"{element_id}-option",
        json_script(option, f"{element_id}-option"),
    )


@register.simple_tag(takes_context=True)
def querystring_with(context, **kwargs):  # type: ignore[no-untyped-def]
    """Return the current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context: Any) -> dict[str, Any]:
    """The main menu of the logged-in user, the current page's entry marked (``core.menu``)."""
    nav = context.get("nav", "")
    return {"groups": menu_for(context.get("user"), nav), "nav": nav}
