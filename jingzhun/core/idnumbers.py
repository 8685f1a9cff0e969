"""Resident ID numbers (居民身份证号码): validation, sex and birth date, masking.

Check digits come from python-stdnum (``stdnum.cn.ric``). Its full ``validate``
also requires the address code to have existed in the birth year, which rejects real IDs
issued later under codes created after the holder's birth, so only the province part of
the address is checked here.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric

# The masks live with the rule of personal data; re-exported for the callers that validate and mask.
from jingzhun.core.masking import mask_id_number, mask_phone  # noqa: F401

PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
_EXCEL_FLOAT = re.compile(r"^\d(\.\d+)?[eE]\+?\d+$")
# Full-width ASCII (！ … ～) to half-width, and the ideographic space to a plain one.
_HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True)
class IdInfo:
    number: str
    birth_date: datetime.date
    sex: str  # "1" male, "2" female (Sex choices)
    legacy: bool  # 15-digit first-generation number


def normalize_id_number(value: str) -> str:
    """Return ``value`` without spaces, full-width digits folded, lowercase x upper-cased."""
    return "".join(value.translate(_HALF_WIDTH).split()).upper()


@functools.lru_cache(maxsize=65536)
def parse_id_number(value: str, *, today: datetime.date | None = None) -> IdInfo:
    """Return the facts encoded in an ID number.

    Raise ValidationError (in Chinese) if it is not a valid 18-digit number, or a valid
    15-digit legacy number, including numbers mangled by Excel (6.10902E+17, or trailing
    zeros where a float lost the last digits).
    """
    number = normalize_id_number(value)
    today = today or datetime.date.today()
    if "*" in number:
        raise ValidationError(
            _("证件号码“%(value)s”为脱敏显示，不能作为证件号码录入，请使用完整的证件号码。"),
            code="masked",
            params={"value": value},
        )
    if _EXCEL_FLOAT.match(number):
        raise ValidationError(
            _("证件号码“%(value)s”被 Excel 转成了科学计数法，后几位已丢失，请按文本格式重新录入。"),
            code="excel_float",
            params={"value": value},
        )
    if len(number) == 18:
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise ValidationError(_("证件号码只能由数字和末位 X 组成。"), code="format")
        try:
            birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            raise ValidationError(_("证件号码中的出生日期无效。"), code="birth_date") from None
        if ric.calc_check_digit(number) != number[17]:
            if number.endswith("000") or number.endswith("00"):
                raise ValidationError(
                    _("证件号码“%(value)s”校验位错误，末几位疑似被 Excel 按数值截断（精度丢失），请核对原始证件。"),
                    code="excel_truncated",
                    params={"value": number},
                )
            raise ValidationError(
                _("证件号码校验位错误（应为 %(digit)s）。"),
                code="checksum",
                params={"digit": ric.calc_check_digit(number)},
            )
        sex = "1" if int(number[16]) % 2 == 1 else "2"
        legacy = False
    elif len(number) == 15:
        if not number.isdigit():
            raise ValidationError(_("15 位证件号码只能由数字组成。"), code="format")
        try:
            birth = datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
        except ValueError:
            raise ValidationError(_("证件号码中的出生日期无效。"), code="birth_date") from None
        sex = "1" if int(number[14]) % 2 == 1 else "2"
        legacy = True
    else:
        raise ValidationError(
            _("证件号码应为 18 位（或旧版 15 位），现为 %(length)s 位。"), code="length", params={"length": len(number)}
        )
    if number[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("证件号码前两位“%(code)s”不是有效的省级代码。"), code="province", params={"code": number[:2]}
        )
    if birth > today or birth.year < 1890:
        raise ValidationError(
            _("证件号码中的出生日期 %(date)s 不合理。"), code="birth_date", params={"date": birth.isoformat()}
        )
    return IdInfo(number=number, birth_date=birth, sex=sex, legacy=legacy)


def make_id_number(address: str, birth: datetime.date, sequence: int) -> str:
    """Return a valid 18-digit number (used by the demo generator and tests)."""
    body = f"{address[:6]}{birth:%Y%m%d}{sequence % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")
