"""Template filters of the project pages: money in 万元 as government reports write it."""

from decimal import Decimal

from django import template

from jingzhun.core.regioncodes import prefix_of

register = template.Library()


@register.filter
def wan_yuan(value: object, digits: int = 2) -> str:
    """Format an amount in 元 as 万元 with thousands commas (1234567.8 → 123.46)."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(str(value)) / 10_000:,.{digits}f}"


@register.filter
def county_of(names: dict[str, str], code: str) -> str:
    """Return the name of the county of a division code from a {6-digit prefix: name} mapping."""
    county = prefix_of(code or "", "county")
    return names.get(county, county)
