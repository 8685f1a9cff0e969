"""The API of 领导小组与专责组, mounted under /api/ (router prefixes start with "taskforce/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
