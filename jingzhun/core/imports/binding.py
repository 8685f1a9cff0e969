"""Bind a cleaned row to a model instance and check it with the model's own rules, fast.

``assign_values`` sets fields from typed cell values (an empty cell clears a nullable field
and keeps a flag or an amount); ``model_errors`` runs the checks ``full_clean`` runs —
each field's empty/choices/validators, ``Model.clean``, the check constraints — without
its per-row queries, so a 100,000-row file validates in seconds; ``changed_fields``
compares an instance with the values it was loaded with.
"""

from __future__ import annotations

import datetime
import enum
import functools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.db.models import signals
from django.db.models.base import ModelState

M = TypeVar("M", bound=models.Model)
Pairs = list[tuple[str | None, str]]  # (field name or None for the whole row, message)
Evaluator = Callable[[models.Model], Any]  # a check constraint's condition: True, False, None (unknown) or unsupported


def stored_values(instance: models.Model | None) -> dict[str, Any] | None:
    """Return the values of a row as loaded, by attribute name (None for a new row)."""
    if instance is None:
        return None
    return {k: v for k, v in instance.__dict__.items() if k != "_state"}


def changed_fields(instance: models.Model, before: dict[str, Any], fields: Iterable[str]) -> list[str]:
    """Return the fields of ``fields`` whose value differs from ``before`` (9000 and 9000.00 are equal)."""
    return [f for f in fields if _normal(before[attname(type(instance), f)]) != value_of(instance, f)]


def value_of(instance: models.Model, name: str) -> Any:
    return _normal(getattr(instance, attname(type(instance), name)))


def jsonable(value: Any) -> Any:
    """Return ``value`` as it goes into an audit event (dates and amounts as text)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _normal(value: Any) -> Any:
    return value.normalize() if isinstance(value, Decimal) else value


@functools.cache
def attname(model: type[models.Model], name: str) -> str:
    """Return the attribute that holds field ``name`` (``village`` → ``village_id``)."""
    return model._meta.get_field(name).attname  # type: ignore[union-attr]


_KEEP = object()


@functools.cache
def _assignment(model: type[models.Model], name: str) -> tuple[str, Any, Decimal | None]:
    """Return how a field is set: its attribute, what an empty cell becomes, the decimal quantum."""
    field = model._meta.get_field(name)
    if field.null:  # type: ignore[union-attr]
        empty: Any = None
    elif isinstance(field, models.CharField | models.TextField):
        empty = ""
    else:
        empty = _KEEP
    quantum = Decimal(1).scaleb(-field.decimal_places) if isinstance(field, models.DecimalField) else None
    return field.attname, empty, quantum  # type: ignore[union-attr]


@functools.lru_cache(maxsize=512)  # one entry per model and set of columns a file has
def _assignments(model: type[models.Model], names: tuple[str, ...]) -> tuple[tuple[str, str, Any, Decimal | None], ...]:
    """Return (name, attribute, what an empty cell becomes, decimal quantum) of each field."""
    return tuple((name, *_assignment(model, name)) for name in names)


# Defaults of these types are immutable: one value can serve every new instance.
_SHARED_DEFAULT_TYPES = frozenset(
    {str, int, float, bool, type(None), Decimal, datetime.date, datetime.datetime, datetime.time, tuple, frozenset}
)


def _shareable(value: Any) -> bool:
    """Return True if ``value`` is immutable, so one default can serve every instance (an enum member is one object)."""
    return type(value) in _SHARED_DEFAULT_TYPES or isinstance(value, enum.Enum)


@functools.cache
def _blank(model: type[models.Model]) -> tuple[tuple[str, Any, Any], ...] | None:
    """Return the attributes a new instance of ``model`` gets, in the constructor's order, with their defaults.

    Each is (attribute, default, field whose default is made per instance or None). None
    when the model's instances must be built by ``Model.__init__`` (its own ``__init__``,
    pre/post-init receivers, private fields such as generic relations).
    """
    if (
        model.__init__ is not models.Model.__init__
        or signals.pre_init.has_listeners(model)
        or signals.post_init.has_listeners(model)
        or model._meta.private_fields
    ):
        return None
    fields = {field.attname: field for field in model._meta.concrete_fields}
    blank = []
    for name, value in model().__dict__.items():  # what the constructor sets (not generated fields)
        if name == "_state":
            continue
        field = fields[name]
        # A field without a default holds NOT_PROVIDED, a class: callable, but nothing to call per instance.
        made = (field.has_default() and callable(field.default)) or not _shareable(value)
        blank.append((name, value, field if made else None))
    return tuple(blank)


def new_instance(model: type[M], **values: Any) -> M:
    """Return a new unsaved instance of ``model`` with ``values`` (attribute names), as ``model(**values)`` does.

    An import creates hundreds of thousands of instances; ``Model.__init__`` looks up every
    field's default each time (10–16 µs for a registry member), this reuses them (a few µs).
    Callable and mutable defaults are still made per instance. Attributes are set in the
    constructor's order, so instances share their attribute keys as usual.
    """
    blank = _blank(model)
    if blank is None or not values.keys() <= _attributes(model):  # e.g. a relation given as an object
        return model(**values)
    instance = model.__new__(model)
    instance._state = ModelState()
    for name, default, made in blank:
        if name in values:
            default = values[name]
        elif made is not None:
            default = made.get_default()
        setattr(instance, name, default)
    return instance


@functools.cache
def _attributes(model: type[models.Model]) -> frozenset[str]:
    return frozenset(name for name, _default, _made in _blank(model) or ())


def blank(value: Any) -> bool:
    """Return True for None and "" (as ``value in (None, "")``, without comparing a Decimal with text: slow)."""
    return value is None or (isinstance(value, str) and not value)


def assign_values(instance: models.Model, values: dict[str, Any], fields: Iterable[str]) -> None:
    """Set ``fields`` from ``values``; an empty cell clears a nullable field and keeps a flag or amount."""
    for name, field_attname, empty, quantum in _assignments(type(instance), tuple(fields)):
        value = values.get(name)
        if value is None or (isinstance(value, str) and not value):  # blank(value), inlined: millions of cells
            if empty is _KEEP:
                continue  # keep the stored value (or the default for a new row)
            value = empty
        elif quantum is not None:
            value = Decimal(str(value)).quantize(quantum)
        setattr(instance, field_attname, value)


# Values known to pass a field's checks are remembered (up to this many per field): a registry
# repeats the same codes, years and flags on every row. Only exact types whose equal values
# pass the same checks (not Decimal: 1.0 and 1.00 differ in digits).
VALID_MEMO_SIZE = 20_000
_MEMO_TYPES = frozenset({str, int, bool, datetime.date, type(None)})


@functools.cache
def _field_rules(
    model: type[models.Model], name: str
) -> tuple[str, Any, frozenset[Any] | None, set[Any], Callable[[Any], bool] | None]:
    """Return the attribute, field, choices, values known valid (a set every caller shares) and text test of a field."""
    field = model._meta.get_field(name)
    choices = frozenset(value for value, _label in field.flatchoices) if field.choices else None  # type: ignore[union-attr]
    return field.attname, field, choices, set(), _text_passes(field, choices)  # type: ignore[union-attr]


def _text_passes(field: Any, choices: frozenset[Any] | None) -> Callable[[Any], bool] | None:
    """Return a quick test that non-empty text passes the field's checks (``_value_error`` gives None), if there is one.

    A text field without choices whose only validators are Django's length limit and the
    ban on NUL characters (every ``CharField``): names, codes and ID numbers, mostly each
    different, so not remembered. A value it does not pass goes through ``_value_error``
    for the message.
    """
    if choices is not None or not isinstance(field, models.CharField | models.TextField):
        return None
    limit = None
    for validator in field.validators:
        if type(validator) is MaxLengthValidator and isinstance(validator.limit_value, int):
            limit = validator.limit_value
        elif type(validator) is not ProhibitNullCharactersValidator:
            return None
    if limit is None:
        return lambda value: value.__class__ is str and value != "" and "\x00" not in value
    return lambda value: value.__class__ is str and 0 < len(value) <= limit and "\x00" not in value


@functools.lru_cache(maxsize=512)  # one entry per model and set of columns a file has
def _fields_rules(
    model: type[models.Model], names: tuple[str, ...]
) -> tuple[tuple[str, str, Any, frozenset[Any] | None, set[Any], Callable[[Any], bool] | None], ...]:
    """Return (name, attribute, field, choices, values known valid, text check) of each field."""
    return tuple((name, *_field_rules(model, name)) for name in names)


@functools.cache
def _check_constraints(model: type[models.Model]) -> tuple[tuple[Any, Evaluator | None], ...]:
    """Return the model's check constraints, each with its condition as a function of the instance (or None)."""
    return tuple(
        (c, _compile(model, c.condition))  # type: ignore[attr-defined]
        for c in model._meta.constraints
        if isinstance(c, models.CheckConstraint)
    )


def _value_error(field: Any, choices: frozenset[Any] | None, value: Any) -> str | None:
    if value is None and not field.null:
        return str(field.error_messages["null"])
    if value in field.empty_values:
        return None if field.blank else str(field.error_messages["blank"])
    if choices is not None and value not in choices:
        return str(field.error_messages["invalid_choice"] % {"value": value})
    for validator in field.validators:
        try:
            validator(value)
        except ValidationError as exc:
            return " ".join(exc.messages)
    return None


def validation_pairs(exc: ValidationError) -> Pairs:
    """Return the (field or None, message) pairs of a ValidationError."""
    if not hasattr(exc, "error_dict"):
        return [(None, message) for message in exc.messages]
    return [
        (None if name == "__all__" else name, message)
        for name, messages in exc.message_dict.items()
        for message in messages
    ]


def model_errors(instance: models.Model, fields: Iterable[str], *, exclude: Iterable[str] = ()) -> Pairs:
    """Run the model's own validation of ``fields``; return (field or None, message) pairs.

    Each field is checked as ``Field.clean`` does (empty values, choices, validators such as
    length and ranges, with Django's own messages) without its per-call overhead — the
    cells are already typed by the cleaning step — then ``Model.clean`` runs. Check
    constraints are evaluated in Python where their condition is simple (Django's own
    ``validate`` runs one query per constraint and row, far too slow for a 100,000-row
    file); the others ask the database, and the database enforces them all again on write.
    ``exclude`` names relations the constraint check must not follow (not yet saved).
    """
    pairs: Pairs = []
    # What Field.clean would say of each value, the values that passed remembered (one loop: millions of cells).
    for name, field_attname, field, choices, valid, text_passes in _fields_rules(type(instance), tuple(fields)):
        value = getattr(instance, field_attname)
        if text_passes is not None and text_passes(value):
            continue
        kind = type(value)
        memo = kind in _MEMO_TYPES
        if memo and (kind, value) in valid:
            continue
        message = _value_error(field, choices, value)
        if message:
            pairs.append((name, message))
        elif memo and len(valid) < VALID_MEMO_SIZE:
            valid.add((kind, value))
    if not pairs:
        try:
            instance.clean()
        except ValidationError as exc:
            pairs.extend(validation_pairs(exc))
    if pairs:
        return pairs
    for constraint, evaluate in _check_constraints(type(instance)):
        holds = _condition_holds(evaluate, instance)
        if holds is None:  # not simple enough to evaluate here: ask the database
            try:
                constraint.validate(type(instance), instance, exclude=set(exclude))  # type: ignore[attr-defined]
            except ValidationError as exc:
                pairs.extend((None, message) for message in exc.messages)
        elif not holds:
            pairs.append((None, str(constraint.get_violation_error_message())))
    return pairs


_LOOKUPS: dict[str, Callable[[Any, Any], bool]] = {
    "exact": lambda a, b: a == b,
    "in": lambda a, b: a in b,
    "isnull": lambda a, b: (a is None) == b,
    "lt": lambda a, b: a is not None and b is not None and a < b,
    "lte": lambda a, b: a is not None and b is not None and a <= b,
    "gt": lambda a, b: a is not None and b is not None and a > b,
    "gte": lambda a, b: a is not None and b is not None and a >= b,
}


def _condition_holds(evaluate: Evaluator | None, instance: models.Model) -> bool | None:
    """Evaluate a compiled condition (``_compile``: plain field lookups, values or F() of the same row).

    Return None if it is not that simple. SQL semantics: a comparison with NULL is not false
    but unknown, and a CHECK passes when its condition is unknown, so such a comparison counts
    as passing at the top.
    """
    result = _UNSUPPORTED if evaluate is None else evaluate(instance)
    return None if result is _UNSUPPORTED else result is not False


_UNSUPPORTED = object()


def _compile(model: type[models.Model], node: Any) -> Evaluator | None:
    """Return the function that evaluates ``node`` for an instance, or None if it is not a plain lookup tree."""
    if isinstance(node, models.Q):
        children = [_compile(model, child) for child in node.children]
        if None in children:
            return None
        both, negated = node.connector == models.Q.AND, node.negated
        functions: list[Evaluator] = children  # type: ignore[assignment]

        def combined(instance: models.Model) -> Any:
            results = [function(instance) for function in functions]
            if _UNSUPPORTED in results:
                return _UNSUPPORTED
            if both:
                value = False if False in results else (None if None in results else True)
            else:
                value = True if True in results else (None if None in results else False)
            return (None if value is None else not value) if negated else value

        return combined
    if not isinstance(node, tuple):
        return None
    path, expected = node
    name, _sep, lookup = path.partition("__")
    lookup = lookup or "exact"
    if "__" in lookup or lookup not in _LOOKUPS:
        return None
    if not isinstance(expected, models.F) and hasattr(expected, "resolve_expression"):
        return None
    try:
        actual_attname = attname(model, name)
    except FieldDoesNotExist:  # a lookup through a relation
        return None
    other = expected.name if isinstance(expected, models.F) else None
    compare, null_is_unknown = _LOOKUPS[lookup], lookup not in ("isnull", "in")

    def leaf(instance: models.Model) -> Any:
        value = expected if other is None else getattr(instance, other, _UNSUPPORTED)
        if value is _UNSUPPORTED:
            return _UNSUPPORTED
        actual = getattr(instance, actual_attname)
        if null_is_unknown and (actual is None or value is None):
            return None  # NULL compared: unknown
        return compare(actual, value)

    return leaf
