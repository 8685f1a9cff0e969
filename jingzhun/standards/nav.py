"""Menu entry of the exit standards and their evaluation."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("exits", _("退出评估"), "standards:run-list", nav=("standards",), access=("view", "standards"), order=10),
)
