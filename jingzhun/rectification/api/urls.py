"""The API of 整改督办, mounted under /api/ (router prefixes start with "rectification/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
