"""The API of 考核评估, mounted under /api/ (router prefixes start with "assessments/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
