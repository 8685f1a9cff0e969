"""Template filters for the way Chinese government documents write numbers and codes."""

from decimal import Decimal

from django import template

from jingzhun.core.idnumbers import mask_id_number, mask_phone
from jingzhun.core.parameters import parameter_editor

register = template.Library()


@register.filter
def wan(value: object, digits: int = 2) -> str:
    """Format a count with 万 / 亿 (12,345 → 1.23万; below 10,000 with thousands commas)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    if abs(number) >= 100_000_000:
        return f"{number / 100_000_000:.{digits}f}亿"
    if abs(number) >= 10_000:
        return f"{number / 10_000:.{digits}f}万"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number:,.2f}"


@register.filter
def num(value: object) -> str:
    """Format a whole number with thousands separators (1234567 → 1,234,567)."""
    if value is None or value == "":
        return "—"
    return f"{int(value):,}"  # type: ignore[call-overload]


@register.filter
def yuan(value: object) -> str:
    """Format money in 元 with two decimals and thousands commas."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)):,.2f}"


@register.filter
def percent(value: object, digits: int = 2) -> str:
    """Format a fraction (0.0312) as a percentage (3.12%)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)) * 100:.{digits}f}%"


@register.filter
def masked_id(value: str) -> str:
    return mask_id_number(value or "")


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value or "")


@register.filter
def yesno_cn(value: object) -> str:
    if value is None:
        return "—"
    return "是" if value else "否"


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


@register.filter
def may_edit_parameters(user: object) -> bool:
    """Return True if the user may change business parameters (the menu shows them the parameters page)."""
    return parameter_editor(user)
