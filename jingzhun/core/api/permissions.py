"""API permission: authenticated, and every write asks the access policy for the view's model."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from jingzhun.core.access import METHOD_ACTIONS, allows


def view_model(view: Any) -> Any:
    queryset = getattr(view, "queryset", None)
    return getattr(view, "policy_model", None) or (queryset.model if queryset is not None else None)


class ScopedPermission(permissions.BasePermission):
    """Authenticated users read what is in their scope; a write needs the policy's action (else 403).

    The action is the method's (POST add, PUT/PATCH change, DELETE delete) unless the view
    names it for its action in ``policy_actions`` (e.g. ``{"review": "approve"}``); the
    model is ``policy_model`` or the view's queryset's.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if hasattr(view, "action") and view.action is None:
            return True  # a method the viewset does not offer: DRF answers 405 for everyone
        action = getattr(view, "policy_actions", {}).get(getattr(view, "action", None)) or METHOD_ACTIONS.get(
            request.method or "", "change"
        )
        model = view_model(view)
        if model is None:
            raise ValueError(f"{type(view).__name__} names no model for the access policy")
        return allows(user, action, model)
