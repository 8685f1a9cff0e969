"""The rule expression language: a small JSON form, validated against whitelisted fields.

An expression is JSON, never evaluated as code. Its forms:

- literals: numbers, strings, ``true``/``false``, ``null``;
- ``{"var": "income_per_capita"}``: a whitelisted field of the rule's level (see ``fields``);
- ``{"param": "line"}``: a parameter the rule declares (``{"line": {"default": 3747}}``);
- comparisons ``{"gt"|"ge"|"lt"|"le"|"eq"|"ne": [a, b]}``, ``{"between": [x, low, high]}``
  (inclusive), ``{"in": [x, [v1, v2, …]]}``, ``{"is_null": x}``;
- logic ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": e}``;
- arithmetic ``{"add"|"sub"|"mul"|"div": [a, b]}`` (division by zero gives null), ``{"coalesce": [a, b, …]}``;
- on the household level, ``{"count_members": condition}``: how many living members meet a
  condition over member fields (``{"var": "member.age"}`` …).

``rule_validate`` type-checks an expression and says what is wrong and where;
``SqlWriter`` turns a valid expression into SQL text with named placeholders. A rule that
evaluates to null (missing data) fails: nothing is taken for granted.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from jingzhun.standards.fields import HOUSEHOLD_FIELDS, MEMBER_FIELDS, Field, fields_for

COMPARISONS = {"gt": ">", "ge": ">=", "lt": "<", "le": "<=", "eq": "=", "ne": "<>"}
ARITHMETIC = {"add": "+", "sub": "-", "mul": "*", "div": "/"}
OPERATORS = {*COMPARISONS, *ARITHMETIC, "between", "in", "is_null", "all", "any", "not", "coalesce", "count_members"}
PARAMETER_TYPES = {"number", "bool", "text"}
NUMBER, BOOL, TEXT, NULL = "number", "bool", "text", "null"
TYPE_NAMES = {NUMBER: "数值", BOOL: "是/否", TEXT: "文本", NULL: "空值"}


class RuleError(ValueError):
    """An invalid rule: the message says what is wrong and where (e.g. ``all[1].gt[0]``)."""

    def __init__(self, message: str, path: str = "") -> None:
        self.path = path
        super().__init__(f"{path}：{message}" if path else message)


def literal_type(value: Any) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int | float):
        return NUMBER
    if isinstance(value, str):
        return TEXT
    raise RuleError(_("不支持的值 %(value)r（只能是数字、文本、是/否或 null）") % {"value": value})


def parameters_validate(parameters: Any) -> dict[str, dict[str, Any]]:
    """Return the parameter declarations of a rule, or raise RuleError if they are malformed."""
    if not isinstance(parameters, dict):
        raise RuleError(_("参数必须是“名称 → 定义”的对象"), "parameters")
    for name, spec in parameters.items():
        path = f"parameters.{name}"
        if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
            raise RuleError(_("参数名 %(name)r 只能由英文字母、数字和下划线组成") % {"name": name}, "parameters")
        if not isinstance(spec, dict) or "default" not in spec:
            raise RuleError(_("参数定义必须包含 default（默认值）"), path)
        kind = spec.get("type", NUMBER)
        if kind not in PARAMETER_TYPES:
            raise RuleError(_("参数类型必须是 number、bool 或 text"), path)
        if spec["default"] is not None and literal_type(spec["default"]) != kind:
            raise RuleError(_("默认值与参数类型 %(type)s 不符") % {"type": kind}, path)
    return parameters


@dataclass
class Checker:
    """Type-checks an expression of one level; collects the fields and parameters it uses."""

    fields: dict[str, Field]
    parameters: dict[str, dict[str, Any]]
    used_fields: set[str] = field(default_factory=set)
    used_parameters: set[str] = field(default_factory=set)
    in_members: bool = False

    def check(self, node: Any, path: str) -> str:
        if not isinstance(node, dict):
            if isinstance(node, list):
                raise RuleError(_("这里需要一个表达式，不能是列表"), path)
            return literal_type(node)
        if len(node) != 1:
            raise RuleError(_("每个表达式对象只能有一个运算符，这里有 %(count)d 个") % {"count": len(node)}, path)
        ((operator, argument),) = node.items()
        here = f"{path}.{operator}" if path else operator
        if operator == "var":
            return self._var(argument, here)
        if operator == "param":
            return self._param(argument, here)
        if operator not in OPERATORS:
            raise RuleError(
                _("未知的运算符 “%(op)s”（可用：%(ops)s）") % {"op": operator, "ops": ", ".join(sorted(OPERATORS))},
                path,
            )
        return getattr(self, f"_{operator}" if operator in {"in", "not"} else f"_{_family(operator)}")(
            operator, argument, here
        )

    def _var(self, name: Any, path: str) -> str:
        if not isinstance(name, str):
            raise RuleError(_("字段名必须是文本"), path)
        if name.startswith("member."):
            if not self.in_members:
                raise RuleError(_("成员字段 “%(name)s” 只能用在 count_members 的条件里") % {"name": name}, path)
            spec = MEMBER_FIELDS.get(name.removeprefix("member."))
        else:
            if self.in_members:
                raise RuleError(_("count_members 的条件里只能用成员字段（member.…）"), path)
            spec = self.fields.get(name)
        if spec is None:
            available = MEMBER_FIELDS if self.in_members else self.fields
            prefix = "member." if self.in_members else ""
            raise RuleError(
                _("未知字段 “%(name)s”（本层级可用：%(names)s）")
                % {"name": name, "names": ", ".join(prefix + n for n in sorted(available))},
                path,
            )
        if not self.in_members:
            self.used_fields.add(name)
        return spec.type

    def _param(self, name: Any, path: str) -> str:
        if not isinstance(name, str) or name not in self.parameters:
            declared = ", ".join(sorted(self.parameters)) or _("无")
            raise RuleError(_("未声明的参数 “%(name)s”（已声明：%(names)s）") % {"name": name, "names": declared}, path)
        self.used_parameters.add(name)
        return str(self.parameters[name].get("type", NUMBER))

    def _arguments(self, operator: str, argument: Any, path: str, count: int | None = None) -> list[Any]:
        if not isinstance(argument, list) or (count is not None and len(argument) != count):
            expected = _("%(n)d 个操作数的列表") % {"n": count} if count else _("操作数列表")
            raise RuleError(_("“%(op)s” 需要 %(expected)s") % {"op": operator, "expected": expected}, path)
        return argument

    def _comparison(self, operator: str, argument: Any, path: str) -> str:
        left, right = self._arguments(operator, argument, path, 2)
        types = {self.check(left, f"{path}[0]"), self.check(right, f"{path}[1]")} - {NULL}
        if len(types) > 1:
            raise RuleError(
                _("不能比较%(a)s和%(b)s") % dict(zip("ab", (TYPE_NAMES[t] for t in sorted(types)), strict=True)), path
            )
        if operator not in ("eq", "ne") and types - {NUMBER}:
            raise RuleError(_("“%(op)s” 只能比较数值") % {"op": operator}, path)
        return BOOL

    def _between(self, operator: str, argument: Any, path: str) -> str:
        for i, item in enumerate(self._arguments(operator, argument, path, 3)):
            if self.check(item, f"{path}[{i}]") not in (NUMBER, NULL):
                raise RuleError(_("between 的三个操作数都必须是数值"), f"{path}[{i}]")
        return BOOL

    def _in(self, operator: str, argument: Any, path: str) -> str:
        value, options = self._arguments(operator, argument, path, 2)
        kind = self.check(value, f"{path}[0]")
        if not isinstance(options, list) or not options:
            raise RuleError(_("in 的第二个操作数必须是非空的取值列表"), f"{path}[1]")
        for i, option in enumerate(options):
            if isinstance(option, dict | list) or literal_type(option) != kind:
                raise RuleError(
                    _("取值必须是与字段同类型的常量（%(type)s）") % {"type": TYPE_NAMES[kind]}, f"{path}[1][{i}]"
                )
        return BOOL

    def _is_null(self, operator: str, argument: Any, path: str) -> str:
        self.check(argument, path)
        return BOOL

    def _logic(self, operator: str, argument: Any, path: str) -> str:
        items = self._arguments(operator, argument, path)
        if not items:
            raise RuleError(_("“%(op)s” 至少需要一个条件") % {"op": operator}, path)
        for i, item in enumerate(items):
            if self.check(item, f"{path}[{i}]") != BOOL:
                raise RuleError(_("这里需要一个条件（是/否）"), f"{path}[{i}]")
        return BOOL

    def _not(self, operator: str, argument: Any, path: str) -> str:
        if self.check(argument, path) != BOOL:
            raise RuleError(_("not 的操作数必须是条件（是/否）"), path)
        return BOOL

    def _arithmetic(self, operator: str, argument: Any, path: str) -> str:
        for i, item in enumerate(self._arguments(operator, argument, path, 2)):
            if self.check(item, f"{path}[{i}]") not in (NUMBER, NULL):
                raise RuleError(_("“%(op)s” 只能用于数值") % {"op": operator}, f"{path}[{i}]")
        return NUMBER

    def _coalesce(self, operator: str, argument: Any, path: str) -> str:
        types = {self.check(item, f"{path}[{i}]") for i, item in enumerate(self._arguments(operator, argument, path))}
        types -= {NULL}
        if len(types) > 1:
            raise RuleError(_("coalesce 的操作数类型必须一致"), path)
        return types.pop() if types else NULL

    def _count(self, operator: str, argument: Any, path: str) -> str:
        if self.in_members or self.fields is not HOUSEHOLD_FIELDS:
            raise RuleError(_("count_members 只能用在户层级的指标里，且不能嵌套"), path)
        self.in_members = True
        try:
            if self.check(argument, path) != BOOL:
                raise RuleError(_("count_members 的条件必须是是/否"), path)
        finally:
            self.in_members = False
        return NUMBER


def _family(operator: str) -> str:
    if operator in COMPARISONS:
        return "comparison"
    if operator in ARITHMETIC:
        return "arithmetic"
    if operator in ("all", "any"):
        return "logic"
    if operator == "count_members":
        return "count"
    return operator


@dataclass(frozen=True)
class CheckedRule:
    fields: frozenset[str]
    parameters: frozenset[str]


def rule_validate(*, level: str, expression: Any, parameters: Any) -> CheckedRule:
    """Return the fields and parameters a rule uses; raise RuleError saying what is wrong."""
    declared = parameters_validate(parameters)
    checker = Checker(fields=fields_for(level), parameters=declared)
    if checker.check(expression, "") != BOOL:
        raise RuleError(_("整个表达式必须是一个条件（结果为是/否）"))
    return CheckedRule(fields=frozenset(checker.used_fields), parameters=frozenset(checker.used_parameters))


@dataclass
class SqlWriter:
    """Writes a valid expression as SQL with named placeholders ``{p:NAME}``.

    Values (parameters and literals) never enter the SQL text: each becomes a placeholder
    bound at execution. Member conditions of ``count_members`` are handed to
    ``member_aggregate`` (as SQL, and as the expression they were written from), which
    returns the column that holds the count.
    """

    bind: Any  # Callable[[Any], str]: registers a value, returns its placeholder
    field_sql: Any  # Callable[[str], str]: SQL of a whitelisted field
    parameters: dict[str, Any]
    member_aggregate: Any = None  # Callable[[str, Any], str]
    in_members: bool = False

    def write(self, node: Any) -> str:
        if not isinstance(node, dict):
            return "NULL" if node is None else self.bind(node)
        ((operator, argument),) = node.items()
        if operator == "var":
            if self.in_members:
                return MEMBER_FIELDS[argument.removeprefix("member.")].sql
            return str(self.field_sql(argument))
        if operator == "param":
            value = self.parameters[argument]
            return "NULL" if value is None else self.bind(value)
        if operator in COMPARISONS:
            left, right = argument
            return f"({self.write(left)} {COMPARISONS[operator]} {self.write(right)})"
        if operator in ARITHMETIC:
            left, right = argument
            if operator == "div":
                return f"({self.write(left)} * 1.0 / NULLIF({self.write(right)}, 0))"
            return f"({self.write(left)} {ARITHMETIC[operator]} {self.write(right)})"
        if operator == "between":
            value, low, high = (self.write(item) for item in argument)
            return f"({value} BETWEEN {low} AND {high})"
        if operator == "in":
            value, options = argument
            return f"({self.write(value)} IN ({', '.join(self.bind(option) for option in options)}))"
        if operator == "is_null":
            return f"({self.write(argument)} IS NULL)"
        if operator in ("all", "any"):
            joiner = " AND " if operator == "all" else " OR "
            return "(" + joiner.join(self.write(item) for item in argument) + ")"
        if operator == "not":
            return f"(NOT {self.write(argument)})"
        if operator == "coalesce":
            return f"COALESCE({', '.join(self.write(item) for item in argument)})"
        if operator == "count_members":
            self.in_members = True
            try:
                condition = self.write(argument)
            finally:
                self.in_members = False
            return str(self.member_aggregate(condition, argument))
        raise RuleError(_("未知的运算符 “%(op)s”") % {"op": operator})
