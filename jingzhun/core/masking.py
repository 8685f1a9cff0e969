"""Masks of personal data (pure functions): ID numbers, phones, bank cards, birth dates, health.

The rule of who sees what, and the logging of unmasked reads, is ``core.personal``; this
module only knows how each kind is masked, so that the audit trail can mask object names
without importing the access policy.
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BANK_CARD = "bank_card"
    BIRTH_DATE = "birth_date"
    HEALTH = "health"


# Masked unless revealed (and logged); the rest are attributes hidden from roles without ``reveal``.
IDENTIFIERS = frozenset({Kind.ID_NUMBER, Kind.PHONE, Kind.BANK_CARD, Kind.BIRTH_DATE})
ATTRIBUTES = frozenset({Kind.HEALTH})
HIDDEN = "***"


def _keep_ends(text: str, head: int, tail: int) -> str:
    """Return ``text`` with all but ``head`` leading and ``tail`` trailing characters starred.

    At least four characters, and at least a third of them, are always hidden: short
    values give up their ends first.
    """
    hide = max(4, -(-len(text) // 3))
    while head + tail > len(text) - hide and (head or tail):
        if head >= tail and head:
            head -= 1
        else:
            tail -= 1
    hidden = len(text) - head - tail
    return text[:head] + "*" * hidden + (text[-tail:] if tail else "")


def mask_id_number(number: str) -> str:
    """Return the ID number with only the address (6 digits) and the last two characters shown.

    610902198004123318 → 610902**********18; a 15-digit number likewise keeps 6 + 2.
    """
    number = number or ""
    if len(number) < 10:
        return "*" * len(number)
    return _keep_ends(number, 6, 2)


def mask_phone(phone: str) -> str:
    """Return a phone with its first three and last four digits (138****1234); short numbers show less."""
    phone = phone or ""
    return _keep_ends(phone, 3, 4)


def mask_bank_card(number: str) -> str:
    """Return a card number with its first and last four digits (6222***********1234)."""
    number = (number or "").replace(" ", "")
    return _keep_ends(number, 4, 4)


def mask_birth_date(value: Any) -> str:
    """Return the year of a birth date only: 1980-04-12 → 1980-**-**."""
    if not value:
        return ""
    if isinstance(value, datetime.date):
        return f"{value.year:04d}-**-**"
    text = str(value)
    return f"{text[:4]}-**-**" if len(text) >= 4 and text[:4].isdigit() else HIDDEN


_MASKS = {
    Kind.ID_NUMBER: mask_id_number,
    Kind.PHONE: mask_phone,
    Kind.BANK_CARD: mask_bank_card,
    Kind.BIRTH_DATE: mask_birth_date,
}


def mask_value(kind: Kind | str, value: Any) -> Any:
    """Return ``value`` masked as its kind is (empty values stay empty)."""
    if value in (None, ""):
        return value
    kind = Kind(kind)
    if kind in ATTRIBUTES:
        return HIDDEN
    return _MASKS[kind](value if kind == Kind.BIRTH_DATE else str(value))


# --- free text --------------------------------------------------------------------------------

# An 18-digit ID number (address, a birth date of 19xx/20xx, sequence, check) or a 15-digit one.
_ID_18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx]"
_ID_15 = r"[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
_ID_TEXT = re.compile(rf"(?<![0-9A-Za-z])(?:{_ID_18}|{_ID_15})(?![0-9A-Za-z])")
_PHONE_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_CARD_TEXT = re.compile(r"(?<!\d)(?:62|4|5)\d{14,18}(?!\d)")
_ELEVEN_DIGITS = re.compile(r"\d{11}")


def luhn_valid(number: str) -> bool:
    """Return True if ``number`` passes the Luhn check of bank card numbers."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def mask_text(text: Any) -> Any:
    """Return ``text`` with every ID number, mobile phone and bank card number in it masked."""
    if not isinstance(text, str) or not _ELEVEN_DIGITS.search(text):
        return text  # each of the three has at least 11 digits in a row
    text = _ID_TEXT.sub(lambda m: mask_id_number(m.group(0)), text)
    text = _PHONE_TEXT.sub(lambda m: mask_phone(m.group(0)), text)
    return _CARD_TEXT.sub(lambda m: mask_bank_card(m.group(0)) if luhn_valid(m.group(0)) else m.group(0), text)


def mask_data(value: Any) -> Any:
    """Return ``value`` (text, or lists and dicts of it, as in a job's result) with ``mask_text`` applied throughout."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list | tuple):
        return [mask_data(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_data(item) for key, item in value.items()}
    return value
