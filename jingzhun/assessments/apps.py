from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "jingzhun.assessments"
    verbose_name = "考核评估"
