"""Validators of free text that people type: phone numbers, and names that a spreadsheet would run.

Models call them from ``clean()``, so pages, the API and spreadsheet imports (which bind
every row to the models) all refuse the same input.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jingzhun.core.excel.writer import FORMULA_STARTS

# Mobile (11 digits from 13–19), a landline with its area code (0xx(x) + 7–8 digits, an
# optional extension after a hyphen), or a local number of 7–8 digits.
_PHONE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?|\d{7,8}")


def validate_phone(value: str) -> None:
    """Raise ValidationError (Chinese) unless ``value`` is a Chinese mobile or landline number."""
    if value and not _PHONE.fullmatch(value.replace(" ", "")):
        raise ValidationError(
            _("电话号码“%(value)s”格式不正确：应为 11 位手机号，或带区号的固定电话（如 0915-3212345）。"),
            code="phone",
            params={"value": value[:30]},
        )


def validate_plain_text(value: str) -> None:
    """Raise ValidationError if ``value`` starts like a spreadsheet formula (= + - @)."""
    if value and value.lstrip(" ").startswith(FORMULA_STARTS):
        raise ValidationError(
            _("“%(value)s”不能以 = + - @ 开头（电子表格会把它当作公式执行）。"),
            code="formula",
            params={"value": value[:30]},
        )


def collect(errors: dict[str, list], field: str, validator: object, value: str) -> None:
    """Run ``validator`` on ``value``; add its message to ``errors[field]`` instead of raising."""
    try:
        validator(value)  # type: ignore[operator]
    except ValidationError as exc:
        errors.setdefault(field, []).extend(exc.messages)
