"""Error pages in the office's words: 403, 404 and 500 in Chinese, in the site's layout.

Django renders ``403.html``, ``404.html`` and ``500.html`` itself in production; with
DEBUG (the demo) it would show its English technical pages instead. This middleware
renders the same Chinese pages in both modes for every page request (the API keeps its
JSON errors): a refused action, something not found or outside the scope, and an
unexpected error, which is still logged and signalled as Django does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("django.request")


def _message(exc: Exception) -> str:
    """Return the Chinese message a view gave its refusal (never an English or technical one)."""
    text = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else ""
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ""


def error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    html = render_to_string(f"{status}.html", {"message": message}, request=request)
    return HttpResponse(html, status=status)


class ErrorPagesMiddleware:
    """Render the Chinese error pages for page requests, also with DEBUG."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and self._is_page(request)
        ):
            return error_page(request, 404)  # an address that matches no page
        return response

    @staticmethod
    def _is_page(request: HttpRequest) -> bool:
        path = request.path
        return not (path.startswith("/api/") or path.startswith(settings.STATIC_URL or "/static/"))

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not self._is_page(request) or request.headers.get("HX-Request"):
            return None
        if isinstance(exc, Http404):
            return error_page(request, 404, _message(exc))
        if isinstance(exc, PermissionDenied):
            return error_page(request, 403, _message(exc))
        if not settings.DEBUG:
            return None  # production: Django logs it and renders 500.html itself
        logger.error("Internal Server Error: %s", request.path, exc_info=sys.exc_info())
        got_request_exception.send(sender=None, request=request)
        return error_page(request, 500)
