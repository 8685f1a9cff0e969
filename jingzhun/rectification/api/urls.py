"""The API of 整改督办, mounted under /api/ (router prefixes start with "rectification/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.rectification.api import views

router = SimpleRouter()
router.register("rectification/inspections", views.InspectionViewSet, basename="rectification-inspection")
router.register("rectification/problems", views.ProblemViewSet, basename="rectification-problem")
router.register("rectification/progress", views.ProgressReportViewSet, basename="rectification-progress")
router.register("rectification/accountability", views.AccountabilityViewSet, basename="rectification-accountability")
router.register("rectification/risks", views.RiskViewSet, basename="rectification-risk")
router.register("rectification/petitions", views.PetitionViewSet, basename="rectification-petition")

urlpatterns = router.urls
