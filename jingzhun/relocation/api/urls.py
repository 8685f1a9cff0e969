"""The API of 易地搬迁与住房安全, mounted under /api/ (router prefixes start with "relocation/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.relocation.api import views

router = SimpleRouter()
router.register("relocation/sites", views.SiteViewSet, basename="relocation-site")
router.register("relocation/facilities", views.FacilityViewSet, basename="relocation-facility")
router.register("relocation/households", views.RelocationViewSet, basename="relocation-household")
router.register("relocation/renovations", views.RenovationViewSet, basename="relocation-renovation")

urlpatterns = router.urls
