"""Request guards and security headers, applied to every page and API call in one place.

- ``RequestGuardMiddleware`` answers bad input before any view runs: NUL or other control
  characters in the path, the query string or a form field (the database refuses them, and
  lookups run before forms validate) get 400, so does a ``year`` (or ``…_year``) parameter
  that is not a year (a 20-digit number overflows the date and integer types), and a body larger than the largest upload
  allowed (``core.uploads.request_limit_bytes``) gets 413 before it is read — for page forms
  and API imports alike. Both with a Chinese message (JSON under ``/api/``).
- ``SecurityHeadersMiddleware`` sets ``Content-Security-Policy`` (scripts and styles from the
  site only; no inline scripts) and ``Permissions-Policy`` (no camera, microphone,
  geolocation …) on every answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.utils.translation import gettext as _

from jingzhun.core.uploads import request_limit_bytes

# Control characters other than tab, newline and carriage return.
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR = re.compile(r"(19|20)\d\d|2100")

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
DEFAULT_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), interest-cohort=()"
)


def bad_request(request: HttpRequest, message: str, status: int = 400) -> HttpResponse:
    """Return ``message`` as the API's JSON error or as a plain Chinese page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    body = f'<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>{status}</title><p>{escape(message)}</p>'
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = request.META.get("CONTENT_LENGTH") or "0"
        limit = request_limit_bytes()
        if not length.isdigit() or int(length) > limit:
            return bad_request(
                request,
                _("上传的内容超过 %(mb)s MB 的上限，请拆分后分批上传。") % {"mb": limit // (1024 * 1024)},
                status=413,
            )
        raw_path = request.META.get("PATH_INFO", "").encode("utf-8", "surrogateescape")
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        if _CONTROL.search(raw_path) or _CONTROL.search(unquote_to_bytes(query.replace(b"+", b" "))):
            return bad_request(request, _("请求地址中含有不允许的控制字符（如 NUL），请检查输入。"))
        for name, value in request.GET.items():
            text = str(value).strip()
            if (name == "year" or name.endswith("_year")) and text and not _YEAR.fullmatch(text):
                return bad_request(
                    request,
                    _("参数 %(name)s 应为 1900–2100 之间的年份（收到：%(value)s）。")
                    % {"name": name, "value": text[:20]},
                )
        form = request.method == "POST" and request.content_type == "application/x-www-form-urlencoded"
        if form and any(_CONTROL.search(v.encode()) for _key, values in request.POST.lists() for v in values):
            return bad_request(request, _("提交的内容中含有不允许的控制字符（如 NUL），请检查输入。"))
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = getattr(settings, "JINGZHUN_CSP", DEFAULT_CSP)
        self.permissions = getattr(settings, "JINGZHUN_PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response
