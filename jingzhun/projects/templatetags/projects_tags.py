"""Template filters of the project pages (money in 万元: ``wan_yuan`` of the ``jz`` library)."""

from django import template

from jingzhun.core.regioncodes import prefix_of

register = template.Library()


@register.filter
def county_of(names: dict[str, str], code: str) -> str:
    """Return the name of the county of a division code from a {6-digit prefix: name} mapping."""
    county = prefix_of(code or "", "county")
    return names.get(county, county)
