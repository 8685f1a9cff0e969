"""Template filters of 退出程序 pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ counts|get_item:status }}``: a dictionary's value (None if absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def share(value: float | None) -> str:
    """A fraction as a percentage with two decimals (— when unknown)."""
    return "—" if value is None else f"{value * 100:.2f}%"
