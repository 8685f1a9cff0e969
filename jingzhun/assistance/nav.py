"""Menu entries of 驻村帮扶."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "assistance",
        _("驻村工作（手机）"),
        "assistance:field",
        nav=("assistance-field",),
        access=("add", "assistance"),
        order=10,
    ),
    MenuItem(
        "assistance",
        _("我的帮扶村"),
        "assistance:my-villages",
        nav=("assistance",),
        access=("view", "assistance"),
        order=20,
    ),
    MenuItem("assistance", _("帮扶干部"), "assistance:cadre-list", access=("view", "assistance"), order=30),
    MenuItem("assistance", _("结对帮扶"), "assistance:pairing-list", access=("view", "assistance"), order=40),
    MenuItem("assistance", _("驻村考勤"), "assistance:attendance", access=("view", "assistance"), order=50),
    MenuItem("assistance", _("干部考核"), "assistance:scorecard", access=("view", "assistance"), order=60),
    MenuItem("assistance", _("帮扶单位"), "assistance:helpingunit-list", access=("view", "assistance"), order=70),
    MenuItem("assistance", _("帮扶全覆盖"), "assistance:gaps", access=("view", "assistance"), order=80),
    MenuItem("assistance", _("评选表彰"), "assistance:awards", access=("view", "assistance"), order=90),
)
