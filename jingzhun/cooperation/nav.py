"""Menu entries of East–West cooperation (帮扶协作 group)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "assistance", _("东西部协作"), "cooperation:dashboard", nav=("cooperation",), access=("view", "cooperation")
    ),
)
