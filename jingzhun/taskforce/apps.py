from django.apps import AppConfig


class TaskforceConfig(AppConfig):
    name = "jingzhun.taskforce"
    verbose_name = "领导小组与专责组"
