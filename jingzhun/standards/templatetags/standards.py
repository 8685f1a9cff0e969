"""Template helpers of the standards pages: a rule's JSON expression as Chinese text."""

import json
from typing import Any

from django import template
from django.utils.translation import gettext as _

from jingzhun.standards.fields import MEMBER_FIELDS, fields_for

register = template.Library()

SYMBOLS = {
    "gt": ">",
    "ge": "≥",
    "lt": "<",
    "le": "≤",
    "eq": "=",
    "ne": "≠",
    "add": "+",
    "sub": "−",
    "mul": "×",
    "div": "÷",
}


def _short(label: object) -> str:
    """Return a field label without its explanation in brackets (人均纯收入（元…） → 人均纯收入)."""
    return str(label).split("（")[0]


class _Writer:
    def __init__(self, level: str, parameters: dict[str, Any]) -> None:
        self.fields = fields_for(level)
        self.parameters = parameters or {}

    def literal(self, value: Any) -> str:
        if value is None:
            return _("空")
        if isinstance(value, bool):
            return _("是") if value else _("否")
        if isinstance(value, str):
            return f"“{value}”"
        return f"{value:g}" if isinstance(value, float) else str(value)

    def param(self, name: str) -> str:
        spec = self.parameters.get(name)
        if isinstance(spec, dict):
            label = _short(spec.get("label") or name)
            return f"{label}〔{self.literal(spec.get('default'))}〕"
        if name in self.parameters:
            return f"{name}〔{self.literal(spec)}〕"
        return name

    def var(self, name: str) -> str:
        if name.startswith("member."):
            spec = MEMBER_FIELDS.get(name.removeprefix("member."))
            return _("成员%(label)s") % {"label": _short(spec.label)} if spec else name
        spec = self.fields.get(name)
        return _short(spec.label) if spec else name

    def write(self, node: Any, top: bool = False) -> str:
        if not isinstance(node, dict) or len(node) != 1:
            return self.literal(node) if not isinstance(node, dict | list) else str(node)
        ((operator, argument),) = node.items()
        if operator == "var":
            return self.var(argument)
        if operator == "param":
            return self.param(argument)
        if operator in SYMBOLS and isinstance(argument, list) and len(argument) == 2:
            text = f"{self.write(argument[0])} {SYMBOLS[operator]} {self.write(argument[1])}"
            return text if top or operator not in ("add", "sub", "mul", "div") else f"({text})"
        if operator == "between" and isinstance(argument, list) and len(argument) == 3:
            value, low, high = (self.write(a) for a in argument)
            return _("%(value)s 在 %(low)s 至 %(high)s 之间") % {"value": value, "low": low, "high": high}
        if operator == "in" and isinstance(argument, list) and len(argument) == 2:
            options = "、".join(self.literal(o) for o in argument[1]) if isinstance(argument[1], list) else ""
            return _("%(value)s 属于 {%(options)s}") % {"value": self.write(argument[0]), "options": options}
        if operator == "is_null":
            return _("%(value)s 未填写") % {"value": self.write(argument)}
        if operator in ("all", "any") and isinstance(argument, list):
            joiner = _("，且 ") if operator == "all" else _("，或 ")
            text = joiner.join(self.write(item) for item in argument)
            return text if top or len(argument) == 1 else f"（{text}）"
        if operator == "not":
            return _("并非（%(text)s）") % {"text": self.write(argument, top=True)}
        if operator == "coalesce" and isinstance(argument, list):
            return _("首个已填写的值（%(items)s）") % {"items": "、".join(self.write(a) for a in argument)}
        if operator == "count_members":
            return _("满足〔%(condition)s〕的在世成员人数") % {"condition": self.write(argument, top=True)}
        return str(node)


@register.simple_tag
def expression_text(expression: Any, level: str, parameters: Any = None) -> str:
    """Return a rule expression as Chinese text, e.g. ``人均纯收入 > 扶贫标准``.

    ``parameters`` are the rule's declarations (label, default) or a run's recorded values.
    """
    try:
        return _Writer(level, parameters or {}).write(expression, top=True)
    except (KeyError, ValueError):
        return str(expression)


@register.filter
def param_value(spec: Any) -> Any:
    """Return the default of a parameter declaration, or the recorded value itself."""
    return spec.get("default") if isinstance(spec, dict) else spec


@register.filter
def pretty_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@register.filter
def get_item(mapping: Any, key: str) -> Any:
    return mapping.get(key) if hasattr(mapping, "get") else None
