"""API permission: authenticated, and every write asks the access policy for the view's model."""

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from jingzhun.core.access import METHOD_ACTIONS, allows


def view_model(view: Any) -> Any:
    queryset = getattr(view, "queryset", None)
    return getattr(view, "policy_model", None) or (queryset.model if queryset is not None else None)


class ScopedPermission(permissions.BasePermission):
    """Authenticated users read what is in their scope if the policy lets them view; a write needs the policy's action.

    A role the policy does not let view the model at all is refused reads too (403), so
    that the answer says nothing about which rows exist.

    The action is the method's (POST add, PUT/PATCH change, DELETE delete) unless the view
    names it for its action in ``policy_actions`` (e.g. ``{"review": "approve"}``); the
    model is ``policy_model`` or the view's queryset's.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if hasattr(view, "action") and view.action is None and request.method not in permissions.SAFE_METHODS:
            return True  # a method the viewset does not offer: DRF answers 405 for everyone
        model = view_model(view)
        if request.method in permissions.SAFE_METHODS:
            return model is None or allows(user, "view", model)
        if model is None:
            raise ValueError(f"{type(view).__name__} names no model for the access policy")
        action = getattr(view, "policy_actions", {}).get(getattr(view, "action", None)) or METHOD_ACTIONS.get(
            request.method or "", "change"
        )
        return allows(user, action, model)
