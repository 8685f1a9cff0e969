"""API authentication: the site's session, answering 401 (not 403) to a request without one."""

import drf_spectacular.authentication
from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """Django's session (and its CSRF check). Without a session the API answers 401 with
    ``WWW-Authenticate: Session``: log in at /accounts/login/ (or use HTTP Basic)."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="jingzhun", login="/accounts/login/"'


class SessionScheme(drf_spectacular.authentication.SessionScheme):
    """The OpenAPI document names the session cookie for this class as for DRF's."""

    target_class = "jingzhun.core.api.authentication.SessionAuthentication"
