"""API permission: authenticated and scoped by default; writes only for writers."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request


class ScopedPermission(permissions.BasePermission):
    """Authenticated users read what is in their scope; only writers may change it (else 403)."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(getattr(user, "can_write_registry", False))
