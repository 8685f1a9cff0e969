"""The API of 易地搬迁与住房安全, mounted under /api/ (router prefixes start with "relocation/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
