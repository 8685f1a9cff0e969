"""Menu entries of 整改督办 (考核督查 group)."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem(
        "supervision",
        _("整改看板"),
        "rectification:dashboard",
        nav=("rectification",),
        access=("view", "rectification.Problem"),
        order=30,
    ),
    MenuItem(
        "supervision", _("整改问题"), "rectification:problem-list", access=("view", "rectification.Problem"), order=31
    ),
    MenuItem("supervision", _("挂牌督办"), "rectification:board", access=("view", "rectification.Problem"), order=32),
    MenuItem("supervision", _("检查批次"), "rectification:inspection-list", access=("view", "rectification"), order=33),
    MenuItem(
        "supervision", _("问责记录"), "rectification:accountability-list", access=("view", "rectification"), order=34
    ),
    MenuItem(
        "supervision", _("一票否决风险"), "rectification:risk-list", access=("view", "rectification.Risk"), order=35
    ),
    MenuItem(
        "supervision", _("信访台账"), "rectification:petition-list", access=("view", "rectification.Petition"), order=36
    ),
)
