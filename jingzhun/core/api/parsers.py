"""The API's JSON parser: refuses NUL characters and deep nesting with 400 and a Chinese message.

A NUL in a text reaches the database (PostgreSQL refuses it) or a lookup that runs before
any serializer validates; JSON nested a thousand levels deep overflows Python's recursion
in ``json.loads`` or in whatever walks it afterwards. Neither may become a 500.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32
_TOKENS = re.compile(r'"(?:\\.|[^"\\])*"|[\[\]{}]')


def json_depth(text: str) -> int:
    """Return how deeply the arrays and objects of a JSON text nest (strings skipped)."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
        except UnicodeDecodeError as exc:
            raise ParseError(_("请求内容不是有效的 UTF-8 文本。")) from exc
        if json_depth(text) > MAX_DEPTH:
            raise ParseError(_("JSON 嵌套层数超过 %(depth)s 层，请检查请求内容。") % {"depth": MAX_DEPTH})
        if "\x00" in text or "\\u0000" in text:
            raise ParseError(_("请求内容中含有不允许的 NUL 字符。"))
        try:
            return json.loads(text, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as exc:
            raise ParseError(_("JSON 格式错误：%(error)s") % {"error": exc}) from exc


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")
