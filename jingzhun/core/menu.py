"""The main menu, declared by the apps and filtered by the access policy.

Each app that has pages declares its entries in ``<app>/nav.py`` (found by name at start-up,
like Django's ``admin`` modules, so ``core`` imports no app)::

    from jingzhun.core.menu import MenuItem, menu_register

    menu_register(
        MenuItem("supervision", _("整改督办"), "rectification:problems", access=("view", "rectification")),
    )

Entries gather under the groups of ``GROUPS`` (a group with one visible entry is a plain
link, with more a dropdown), so the bar stays on one line however many apps there are. An
entry is shown only to users the policy lets take its ``access`` action, or to those its
``visible`` callable admits. ``nav`` lists the page keys (a view's ``nav`` attribute) that mark
the entry, and its group, as active.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from jingzhun.core.access import allows
from jingzhun.core.links import url_of

# The groups of the bar, in order. Labels are the office's own words.
GROUPS: dict[str, Any] = {
    "home": _("首页"),
    "registry": _("建档立卡"),
    "exits": _("精准退出"),
    "projects": _("项目资金"),
    "assistance": _("帮扶协作"),
    "supervision": _("考核督查"),
    "command": _("指挥调度"),
    "system": _("系统"),
}


@dataclass(frozen=True)
class MenuItem:
    """One entry of the main menu."""

    group: str
    label: Any
    url: str | Callable[[Any], str]  # a URL name, or a function of the user giving the address
    nav: tuple[str, ...] = ()
    access: tuple[str, str] | None = None  # (action, policy target); None: every logged-in user
    visible: Callable[[Any], bool] | None = None  # instead of ``access`` when the rule is not one policy cell
    order: int = 100

    def shown_to(self, user: Any) -> bool:
        if self.visible is not None:
            return self.visible(user)
        return self.access is None or allows(user, *self.access)

    def href(self, user: Any) -> str:
        return self.url(user) if callable(self.url) else url_of(self.url)


@dataclass
class MenuGroup:
    key: str
    label: Any
    entries: list[tuple[MenuItem, str]] = field(default_factory=list)
    active: bool = False


_ITEMS: list[MenuItem] = []


def menu_register(*items: MenuItem) -> None:
    """Add entries to the main menu (called from an app's ``nav.py``)."""
    for item in items:
        if item.group not in GROUPS:
            raise ValueError(f"unknown menu group {item.group!r}; one of {', '.join(GROUPS)}")
        if item not in _ITEMS:
            _ITEMS.append(item)


def menu_discover() -> None:
    """Import every installed app's ``nav`` module (from ``CoreConfig.ready``)."""
    autodiscover_modules("nav")


def menu_for(user: Any, nav: str = "") -> list[MenuGroup]:
    """Return the groups of entries ``user`` may open, in order; ``nav`` marks the active entry."""
    if not getattr(user, "is_authenticated", False):
        return []
    groups = {key: MenuGroup(key, label) for key, label in GROUPS.items()}
    for item in sorted(_ITEMS, key=lambda i: i.order):
        if not item.shown_to(user):
            continue
        try:
            href = item.href(user)
        except NoReverseMatch:
            continue
        group = groups[item.group]
        group.entries.append((item, href))
        group.active = group.active or nav in item.nav
    return [group for group in groups.values() if group.entries]
