"""Menu entries of projects and funds."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "projects",
        _("项目资金"),
        "projects:funds",
        nav=("projects", "funds", "timeline", "alerts"),
        access=("view", "projects"),
    ),
)
