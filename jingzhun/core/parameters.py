"""Versioned business parameters (业务参数): thresholds, periods and dates that the offices decide.

An app declares its parameters in its own ``parameters`` module (imported by its AppConfig's
``ready``) and reads them where it uses them::

    from jingzhun.core.parameters import INTEGER, declare, parameter_value

    declare("quality.vehicle_price", type=INTEGER, default=30000, unit="元", label=_("车辆价格上限"), help=…)
    limit = parameter_value("quality.vehicle_price", year=2019, region="610902")

A stored row (``core.Parameter``) sets a value from a year on for a region prefix; reading
takes the most specific region, then the latest start year, and falls back to the declared
default. Reading a name nobody declared raises ``ParameterUndeclared``. Only the city office
and administrators change values, through ``parameter_set``; every change is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _

from jingzhun.core.access import allows
from jingzhun.core.audit import audit_context
from jingzhun.core.models import Parameter
from jingzhun.core.parameter_types import (
    BOOLEAN,
    DATED_LINES,
    DECIMAL,
    INTEGER,
    INTEGER_RANGE,
    MONTH_DAY,
    TEXT,
    Declaration,
    ParameterUndeclared,
    ValueType,
    declaration,
    declarations,
    declare,
)
from jingzhun.core.regioncodes import region_prefix

__all__ = [
    "BOOLEAN",
    "DATED_LINES",
    "DECIMAL",
    "INTEGER",
    "INTEGER_RANGE",
    "MONTH_DAY",
    "TEXT",
    "Declaration",
    "ParameterUndeclared",
    "ValueType",
    "declaration",
    "declarations",
    "declare",
    "parameter_delete",
    "parameter_editor",
    "parameter_rows_in_force",
    "parameter_set",
    "parameter_value",
    "parameter_values",
]


def parameter_editor(user: Any) -> bool:
    """Return True if ``user`` may change business parameters (the access policy's ``change``)."""
    return allows(user, "change", "core.Parameter")


# -- reading ------------------------------------------------------------------------------------


def _in_force(rows: QuerySet[Parameter], year: int | None, region: str) -> QuerySet[Parameter]:
    """Narrow ``rows`` to those in force in ``year`` for ``region``, the one that wins first."""
    if region and not region.isdigit():
        raise ValueError(f"region must be a division code or prefix, got {region!r}")
    year = year if year is not None else timezone.localdate().year
    covering = [region[:digits] for digits in range(len(region) + 1)]  # "", "6", "61", … region itself
    return rows.filter(
        Q(year_to=None) | Q(year_to__gte=year), year_from__lte=year, region_prefix__in=covering
    ).order_by(Length("region_prefix").desc(), "-year_from", "-pk")


def parameter_rows_in_force(*, year: int | None = None, region: str = "", prefix: str = "") -> dict[str, Parameter]:
    """Return the stored row in force for each parameter whose name starts with ``prefix`` (one query).

    Parameters without a row in force (their declared default holds) are left out.
    """
    rows: dict[str, Parameter] = {}
    for row in _in_force(Parameter.objects.filter(name__startswith=prefix).select_related("changed_by"), year, region):
        rows.setdefault(row.name, row)
    return rows


def parameter_value(name: str, *, year: int | None = None, region: str = "") -> Any:
    """Return the value of the declared parameter ``name`` in force in ``year`` (default: this year).

    ``region`` is a division code or prefix ("" = no particular region): a row for a prefix
    of it applies, the longest prefix wins, then the latest start year; without a row, the
    declared default. Raise ParameterUndeclared if no app declares ``name``.
    """
    declared = declaration(name)
    row = _in_force(Parameter.objects.filter(name=name), year, region).first()
    return declared.type.parse(row.value) if row is not None else declared.default


def parameter_values(prefix: str, *, year: int | None = None, region: str = "") -> dict[str, Any]:
    """Return every declared parameter of the group ``prefix`` (e.g. ``"quality"``) in force, in one query.

    Keys are the names without the group (``vehicle_price`` for ``quality.vehicle_price``).
    Raise ParameterUndeclared if the group declares nothing.
    """
    group = prefix.rstrip(".") + "."
    declared = declarations(group)
    if not declared:
        raise ParameterUndeclared(prefix)
    rows = parameter_rows_in_force(year=year, region=region, prefix=group)
    return {
        name[len(group) :]: (spec.type.parse(rows[name].value) if name in rows else spec.default)
        for name, spec in declared.items()
    }


# -- changing ----------------------------------------------------------------------------------


def parameter_set(
    *,
    user: Any,
    name: str,
    value: Any,
    year_from: int,
    year_to: int | None = None,
    region: str = "",
    source: str,
    reason: str,
) -> Parameter:
    """Set the declared parameter ``name`` to ``value`` from ``year_from`` (to ``year_to``) in ``region``.

    ``value`` may be the Python value or the text typed in a form ("16-59", "12-31", "是").
    The row with the same name, region and start year is replaced; otherwise a row is added
    and the older ones keep their years (the latest start year wins where they overlap).
    Return the saved row. Raise PermissionDenied unless ``user`` is the city office or an
    administrator; ValidationError if the name is not declared, the value does not fit its
    type and bounds, the years are out of order, the region is not a division code, or the
    source or reason is empty.
    """
    if not parameter_editor(user):
        raise PermissionDenied(_("只有市级指挥部办公室和系统管理员可以修改业务参数。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明修改原因。")})
    prefix = region_prefix(region) if region.strip() else ""
    if prefix is None:
        raise ValidationError({"region": _("地区应为行政区划代码或其前缀。")})
    with transaction.atomic(), audit_context(actor=user, reason=reason.strip()):
        row = Parameter.objects.select_for_update().filter(
            name=name, region_prefix=prefix, year_from=year_from
        ).first() or Parameter(name=name, region_prefix=prefix, year_from=year_from)
        row.value = value
        row.year_to = year_to
        row.source = source.strip()
        row.changed_by = user
        row.clean()  # the value as its type stores it (JSON), before the field checks look at it
        row.full_clean()
        row.save()
    return row


def parameter_delete(*, user: Any, parameter: Parameter, reason: str) -> None:
    """Delete a stored value (the value in force falls back to an older row or the default).

    Raise PermissionDenied unless ``user`` is the city office or an administrator;
    ValidationError if the reason is empty.
    """
    if not parameter_editor(user):
        raise PermissionDenied(_("只有市级指挥部办公室和系统管理员可以修改业务参数。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明删除原因。")})
    with transaction.atomic(), audit_context(actor=user, reason=reason.strip()):
        parameter.delete()
