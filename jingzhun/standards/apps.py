from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "jingzhun.standards"
    verbose_name = _("退出标准")

    def ready(self) -> None:
        from jingzhun.standards import jobs  # noqa: F401  (registers the evaluation job)
