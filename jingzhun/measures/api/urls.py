"""The API of 产业就业帮扶措施, mounted under /api/ (router prefixes start with "measures/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
