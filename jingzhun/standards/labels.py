"""Names and explanations of a rule as one run applied it: with the parameter values of that run.

A rule's name is written for its default values ("贫困发生率低于 3%"). A run that changed a
parameter (a what-if at 2 %) must not show the default: its name, the values that decided
and the explanation all come from the run's own parameters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.core import formatting
from jingzhun.standards.fields import fields_for

COMPARISONS = ("lt", "le", "gt", "ge", "eq", "ne", "between")


def percent_parameters(level: str, expression: Any) -> set[str]:
    """Return the parameters compared with a percentage field (their values are fractions, shown as %)."""
    fields = fields_for(level)
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for op, args in node.items():
                if op in COMPARISONS and isinstance(args, list):
                    names = {a.get("var") for a in args if isinstance(a, dict) and "var" in a}
                    if any(fields[n].percent for n in names if isinstance(n, str) and n in fields):
                        found.update(a["param"] for a in args if isinstance(a, dict) and "param" in a)
                walk(args)

    walk(expression)
    return found


def superseded_fields(expression: Any, values: dict[str, Any]) -> set[str]:
    """Return the fields a set parameter replaces (``coalesce: [param, var]`` with the parameter given)."""
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            args = node.get("coalesce")
            if isinstance(args, list):
                given = False
                for arg in args:
                    if isinstance(arg, dict) and "param" in arg and values.get(arg["param"]) is not None:
                        given = True
                    elif given and isinstance(arg, dict) and isinstance(arg.get("var"), str):
                        found.add(arg["var"])
            for value in node.values():
                walk(value)

    walk(expression)
    return found


def format_parameter(value: Any, *, percent: bool) -> str:
    if value is None:
        return _("（空）")
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, int | float | Decimal):
        if percent:
            return f"{formatting.number(Decimal(str(value)) * 100, None).replace('.00', '')}%"
        return formatting.number(value, None)
    return str(value)


def _default_texts(value: Any, *, percent: bool) -> list[str]:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return []
    if percent:
        whole = f"{Decimal(str(value)) * 100:f}".rstrip("0").rstrip(".")
        return [f"{whole}%", f"{whole} %"]
    plain = f"{Decimal(str(value)):f}"
    plain = plain.rstrip("0").rstrip(".") if "." in plain else plain
    return [formatting.number(value, None), plain]


def rule_title(
    *, name: str, level: str, expression: Any, declared: dict[str, dict[str, Any]], values: dict[str, Any]
) -> str:
    """Return ``name`` as the run applied the rule: a changed value replaces the default it names, or is added."""
    percents = percent_parameters(level, expression)
    added = []
    for parameter, value in values.items():
        spec = declared.get(parameter) or {}
        default = spec.get("default")
        if value == default or "default" not in spec:
            continue
        percent = parameter in percents
        texts = [t for t in _default_texts(default, percent=percent) if t and t in name]
        shown = format_parameter(value, percent=percent)
        if texts and value is not None:
            name = name.replace(texts[0], shown.replace("%", " %") if " %" in texts[0] else shown, 1)
        else:
            added.append(f"{spec.get('label') or parameter} {shown}")
    if added:
        name = f"{name}（{_('本次参数')}：{'，'.join(added)}）"
    return name
