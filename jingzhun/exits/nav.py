"""Menu entries of 退出程序."""

from django.utils.translation import gettext_lazy as _

from jingzhun.core.menu import MenuItem, menu_register

menu_register(
    MenuItem("exits", _("退出进度看板"), "exits:board", nav=("exits-board",), access=("view", "exits")),
    MenuItem("exits", _("贫困户退出"), "exits:exitcase-list", nav=("exits-cases",), access=("view", "exits")),
    MenuItem(
        "exits", _("贫困村出列与县摘帽"), "exits:villageexit-list", nav=("exits-regions",), access=("view", "exits")
    ),
    MenuItem("exits", _("抽样核查"), "exits:sample-list", nav=("exits-samples",), access=("view", "exits.Sample")),
)
