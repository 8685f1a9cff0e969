"""Menu entries of relocation and housing safety."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "exits",
        _("搬迁与住房看板"),
        "relocation:dashboard",
        nav=("relocation-dashboard",),
        access=("view", "relocation"),
        order=60,
    ),
    MenuItem(
        "exits",
        _("易地搬迁台账"),
        "relocation:relocation-list",
        nav=("relocation",),
        access=("view", "relocation"),
        order=61,
    ),
    MenuItem(
        "exits",
        _("危房改造台账"),
        "relocation:renovation-list",
        nav=("renovation",),
        access=("view", "relocation.Renovation"),
        order=62,
    ),
)
