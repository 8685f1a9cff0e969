"""The API of 驻村帮扶, mounted under /api/ (router prefixes start with "assistance/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
