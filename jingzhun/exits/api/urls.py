"""The API of 退出程序, mounted under /api/ (router prefixes start with "exits/")."""

from rest_framework.routers import SimpleRouter

router = SimpleRouter()

urlpatterns = router.urls
