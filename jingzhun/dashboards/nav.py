"""Menu entries of the command centre."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("command", _("指挥中心大屏"), "command:screen", nav=("screen",), access=("view", "registry"), order=10),
    MenuItem(
        "command", _("月通报"), "command:bulletin", nav=("bulletin",), access=("view", "dashboards.Bulletin"), order=20
    ),
)
