"""The rule editor's structured form: conditions as rows (字段 — 比较 — 参数或数值) and parameters as rows.

The JSON expression stays the storage form. A rule whose expression is a comparison, a
yes/no field, or an all/any group of those is edited as rows; anything richer (member
counts, arithmetic) keeps its JSON, shown as an advanced form.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jingzhun.standards.choices import Level
from jingzhun.standards.fields import fields_for

CONDITION_ROWS = 6
PARAMETER_ROWS = 4
COMPARISONS = {
    "gt": _("大于"),
    "ge": _("不低于"),
    "lt": _("低于"),
    "le": _("不高于"),
    "eq": _("等于"),
    "ne": _("不等于"),
}
TRUTH = {"true": _("为“是”"), "false": _("为“否”")}
OPERATORS = {**COMPARISONS, **TRUTH}
COMBINE = {"all": _("以下条件全部满足"), "any": _("以下条件满足任一")}


def field_choices() -> list[tuple[Any, Any]]:
    """The fields of every level, grouped by level, with their Chinese names."""
    groups: list[tuple[Any, Any]] = [("", "—")]
    for level in Level:
        fields = fields_for(level)
        groups.append((f"{level.label}级", [(name, str(f.label)) for name, f in fields.items() if "." not in name]))
    return groups


def _condition(node: Any) -> dict[str, Any] | None:
    if isinstance(node, dict) and len(node) == 1:
        op, args = next(iter(node.items()))
        if op == "var" and isinstance(args, str):
            return {"field": args, "op": "true"}
        if op == "not" and isinstance(args, dict) and set(args) == {"var"}:
            return {"field": args["var"], "op": "false"}
        if op in COMPARISONS and isinstance(args, list) and len(args) == 2:
            left, right = args
            if isinstance(left, dict) and set(left) == {"var"} and isinstance(left["var"], str):
                if isinstance(right, dict) and set(right) == {"param"}:
                    return {"field": left["var"], "op": op, "param": right["param"]}
                if isinstance(right, int | float | str) and not isinstance(right, bool):
                    return {"field": left["var"], "op": op, "value": right}
    return None


def rows_from_expression(expression: Any) -> tuple[str, list[dict[str, Any]]] | None:
    """Return (all|any, rows) for an expression the rows can show, else None (edit it as JSON)."""
    single = _condition(expression)
    if single is not None:
        return "all", [single]
    if isinstance(expression, dict) and len(expression) == 1:
        combine, items = next(iter(expression.items()))
        if combine in COMBINE and isinstance(items, list) and 0 < len(items) <= CONDITION_ROWS:
            rows = [_condition(item) for item in items]
            if all(row is not None for row in rows):
                return combine, rows  # type: ignore[return-value]
    return None


def expression_from_rows(combine: str, rows: list[dict[str, Any]]) -> Any:
    """Return the JSON expression of condition rows (one row: the condition itself)."""
    nodes = []
    for row in rows:
        var = {"var": row["field"]}
        if row["op"] == "true":
            nodes.append(var)
        elif row["op"] == "false":
            nodes.append({"not": var})
        elif row.get("param"):
            nodes.append({row["op"]: [var, {"param": row["param"]}]})
        else:
            nodes.append({row["op"]: [var, row["value"]]})
    if len(nodes) == 1:
        return nodes[0]
    return {combine if combine in COMBINE else "all": nodes}


def parse_literal(raw: str) -> Any:
    text = raw.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text
