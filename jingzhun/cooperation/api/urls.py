"""The API of 东西部协作, mounted under /api/ (router prefixes start with "cooperation/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
