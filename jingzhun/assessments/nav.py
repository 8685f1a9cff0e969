"""Menu entries of 考核评估."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "supervision", _("考核排名"), "assessments:home", nav=("assessments",), access=("view", "assessments"), order=20
    ),
)
