"""The API of 驻村帮扶, mounted under /api/ (router prefixes start with "assistance/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.assistance.api.views import VIEWSETS
from jingzhun.assistance.urls import LEDGERS

router = SimpleRouter()
for prefix, model in LEDGERS:
    router.register(f"assistance/{prefix}", VIEWSETS[model], basename=f"assistance-{model._meta.model_name}")

urlpatterns = router.urls
