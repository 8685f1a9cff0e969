"""The API of 退出程序, mounted under /api/ (router prefixes start with "exits/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.exits.api import views

router = SimpleRouter()
router.register("exits/cases", views.ExitCaseViewSet, basename="exits-case")
router.register("exits/objections", views.ObjectionViewSet, basename="exits-objection")
router.register("exits/village-exits", views.VillageExitViewSet, basename="exits-village-exit")
router.register("exits/county-exits", views.CountyExitViewSet, basename="exits-county-exit")
router.register("exits/samples", views.SampleViewSet, basename="exits-sample")
router.register("exits/results", views.SampleItemViewSet, basename="exits-result")

urlpatterns = router.urls
