"""Menu entries of the year facts: the village and county facts the exit standards read."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "registry",
        _("村级年度情况"),
        "year_facts:villageyear-list",
        nav=("village-years",),
        access=("view", "regions"),
        order=25,
    ),
    MenuItem(
        "registry",
        _("县级年度情况"),
        "year_facts:countyyear-list",
        nav=("county-years",),
        access=("view", "regions"),
        order=26,
    ),
)
