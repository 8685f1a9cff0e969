"""The one door of access control: may this user take this action on this kind of row, and which rows.

The table itself (role × action per app or model, and each model's scope kinds) lives in
one module named by the ``JINGZHUN_ACCESS_POLICY`` setting (``jingzhun.accounts.policy``);
this module only reads it, so ``core`` does not import the apps above it. Views, viewsets,
exports, jobs, commands and services all ask here:

- ``allows(user, action, target)`` — may the user's role take ``action`` on ``target``
  (a model, an instance or a label such as ``"projects.Project"`` or ``"registry"``)?
- ``require(user, action, target)`` — the same, raising ``PermissionDenied`` (403) with a
  Chinese message;
- ``ScopedQuerySet.for_user(user, action)`` — the rows the user may take that action on:
  the action must be allowed, then every scope kind of the model narrows the rows
  (``region``: the user's code prefix; ``sector``: a sector department's own sector;
  ``assignment``: rows assigned to the user's unit, through the queryset's
  ``assigned_to(user)``).

A label with no entry in the table is a configuration error, not a silent "no": a
system check (``jingzhun.E003``) refuses to start while a scoped model lacks an entry.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.utils.translation import gettext as _


class Action(StrEnum):
    VIEW = "view"
    ADD = "add"
    CHANGE = "change"
    DELETE = "delete"
    APPROVE = "approve"
    REVEAL = "reveal"  # see personal data (ID numbers, phones, bank cards) unmasked, logged
    EXPORT = "export"


ACTION_LABELS = {
    Action.VIEW: "查看",
    Action.ADD: "新增",
    Action.CHANGE: "修改",
    Action.DELETE: "删除",
    Action.APPROVE: "审核",
    Action.REVEAL: "查看个人敏感信息",
    Action.EXPORT: "导出",
}

SCOPE_KINDS = ("region", "sector", "assignment")


@dataclass(frozen=True)
class Rule:
    """What each role may do with the rows of one app or model, and how its rows are scoped.

    Each action maps to the roles allowed to take it (administrators always may);
    ``scope`` lists the scope kinds that narrow the rows, applied together.
    """

    view: frozenset[str] = frozenset()
    add: frozenset[str] = frozenset()
    change: frozenset[str] = frozenset()
    delete: frozenset[str] = frozenset()
    approve: frozenset[str] = frozenset()
    reveal: frozenset[str] = frozenset()
    export: frozenset[str] = frozenset()
    scope: tuple[str, ...] = ("region",)
    label: str = ""

    def __post_init__(self) -> None:
        unknown = [kind for kind in self.scope if kind not in SCOPE_KINDS]
        if unknown:
            raise ImproperlyConfigured(f"unknown scope kinds {unknown}")

    def roles(self, action: str) -> frozenset[str]:
        return getattr(self, str(Action(action)))


@functools.cache
def _policy_module() -> Any:
    path = getattr(settings, "JINGZHUN_ACCESS_POLICY", "")
    if not path:
        raise ImproperlyConfigured("JINGZHUN_ACCESS_POLICY must name the access policy module.")
    return import_module(path)


def policy_table() -> dict[str, Rule]:
    """Return the table ``POLICY`` of the module named by ``settings.JINGZHUN_ACCESS_POLICY``."""
    return _policy_module().POLICY


def _admin_roles() -> frozenset[str]:
    return frozenset(_policy_module().ADMIN_ROLES)


def target_label(target: Any) -> str:
    """Return the model label (``app.Model``) or app label of ``target``."""
    if isinstance(target, str):
        return target
    if isinstance(target, models.Model) or (isinstance(target, type) and issubclass(target, models.Model)):
        return target._meta.label
    raise TypeError(f"cannot name an access target from {target!r}")


def rule_for(target: Any) -> Rule:
    """Return the rule for a model (its own entry, else its app's); raise ImproperlyConfigured if none."""
    label = target_label(target)
    table = policy_table()
    if label in table:
        return table[label]
    app_label = label.split(".", 1)[0]
    if app_label in table:
        return table[app_label]
    raise ImproperlyConfigured(f"the access policy has no entry for {label!r}")


def is_admin(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") in _admin_roles())


def allows(user: Any, action: str, target: Any) -> bool:
    """Return True if ``user``'s role may take ``action`` on rows of ``target`` (scope aside)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    rule = rule_for(target)
    if is_admin(user):
        return True
    return getattr(user, "role", "") in rule.roles(action)


def role_in(user: Any, roles: Iterable[str] | None) -> bool:
    """Return True if ``roles`` is None (no narrowing), the user is an administrator or his role is listed.

    For the few rules narrower than an action of the table, e.g. a workflow step that only
    the village and township offices take (``Transition(roles=…)``); ask ``allows`` as well.
    """
    if roles is None:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return is_admin(user) or getattr(user, "role", "") in frozenset(roles)


def require(user: Any, action: str, target: Any, message: str | None = None) -> None:
    """Raise PermissionDenied (403) with a Chinese message unless ``allows(user, action, target)``."""
    if not allows(user, action, target):
        rule = rule_for(target)
        what = rule.label or _("该数据")
        raise PermissionDenied(
            message or _("当前角色不能%(action)s%(what)s。") % {"action": ACTION_LABELS[Action(action)], "what": what}
        )


def scope_kinds(model: type[models.Model]) -> tuple[str, ...]:
    return rule_for(model).scope


def restrict(queryset: Any, user: Any, action: str) -> Any:
    """Return ``queryset`` narrowed to the rows ``user`` may take ``action`` on (``none()`` if not allowed)."""
    if not allows(user, action, queryset.model):
        return queryset.none()
    prefix = user.scope_prefix
    if prefix == "-":
        return queryset.none()
    for kind in scope_kinds(queryset.model):
        if kind == "region":
            queryset = queryset.in_region(prefix)
        elif kind == "sector" and getattr(user, "role", "") == "sector":
            sector_field = queryset.model.sector_field
            queryset = queryset.filter(**{sector_field: user.sector}) if user.sector else queryset.none()
        elif kind == "assignment":
            queryset = queryset.assigned_to(user)
    return queryset


class _ActionProxy:
    def __init__(self, user: Any, action: str) -> None:
        self.user = user
        self.action = action

    def __getitem__(self, target: str) -> bool:
        return allows(self.user, self.action, target.replace("__", "."))

    __getattr__ = __getitem__


class May:
    """Templates ask the policy as ``{% if may.change.registry %}`` or ``may.approve.projects``.

    A model label is written with a double underscore: ``may.add.core__Attachment``.
    """

    def __init__(self, user: Any) -> None:
        self.user = user

    def __getattr__(self, action: str) -> _ActionProxy:
        if action not in Action._value2member_map_:
            raise AttributeError(action)
        return _ActionProxy(self.user, action)


def access_context(request: Any) -> dict[str, Any]:
    """Context processor: ``may`` for the logged-in user."""
    return {"may": May(getattr(request, "user", None))}


METHOD_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}

# What a view declares about itself (``access = …`` on the class), besides (action, target):
PUBLIC = "public"  # no login needed (the login page)
AUTHENTICATED = "authenticated"  # any logged-in user; the view shows only the user's own rows (jobs, password)

# Views of the framework, declared here since their classes are not ours.
FRAMEWORK_VIEWS = {
    "django.contrib.auth.views.LoginView": PUBLIC,
    "django.contrib.auth.views.LogoutView": AUTHENTICATED,
    "django.contrib.auth.views.PasswordChangeView": AUTHENTICATED,
    "django.contrib.auth.views.PasswordChangeDoneView": AUTHENTICATED,
    "rest_framework.routers.APIRootView": AUTHENTICATED,
    "drf_spectacular.views.SpectacularAPIView": AUTHENTICATED,
    "drf_spectacular.views.SpectacularSwaggerView": AUTHENTICATED,
    "drf_spectacular.views.SpectacularSwaggerSplitView": AUTHENTICATED,
}


def view_access(callback: Any, method: str = "GET") -> tuple[str, str] | str | None:
    """Return what a URL's view needs: ``(action, target)``, ``PUBLIC``, ``AUTHENTICATED``, or None if undeclared.

    A class declares ``access``; a scoped page (``ScopedViewMixin``) is its ``action`` on its
    ``model``; a DRF view is the method's action on ``policy_model`` or its queryset's model.
    The every-URL test fails on None, so a new view cannot ship without a policy entry.
    """
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if cls is None:
        return getattr(callback, "access", None)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if name in FRAMEWORK_VIEWS:
        return FRAMEWORK_VIEWS[name]
    declared = getattr(cls, "access", None)
    if declared is not None:
        return declared
    if hasattr(callback, "cls"):  # a DRF view
        actions = getattr(callback, "actions", None) or {}
        handler = actions.get(method.lower(), "")
        policy_actions = getattr(cls, "policy_actions", {})
        action = policy_actions.get(handler) or (
            "view"
            if method in ("GET", "HEAD", "OPTIONS")
            else {"POST": "add", "DELETE": "delete"}.get(method, "change")
        )
        queryset = getattr(cls, "queryset", None)
        model = getattr(cls, "policy_model", None) or (queryset.model if queryset is not None else None)
        return (action, target_label(model)) if model is not None else None
    model = getattr(cls, "model", None)
    if model is not None and hasattr(cls, "check_permission"):
        return (cls.action, target_label(model))
    return None
