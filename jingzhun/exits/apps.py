from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "jingzhun.exits"
    verbose_name = "退出程序"
