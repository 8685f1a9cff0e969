"""Menu entries of the household measures."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "exits",
        _("产业就业看板"),
        "measures:dashboard",
        nav=("measures-dashboard",),
        access=("view", "measures"),
        order=70,
    ),
    MenuItem(
        "exits",
        _("帮扶措施台账"),
        "measures:householdmeasure-list",
        nav=("measures",),
        access=("view", "measures"),
        order=71,
    ),
)
