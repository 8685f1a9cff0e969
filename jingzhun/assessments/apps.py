from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "jingzhun.assessments"
    verbose_name = "考核评估"

    def ready(self) -> None:
        from jingzhun.assessments import imports, parameters, workflows  # noqa: F401
