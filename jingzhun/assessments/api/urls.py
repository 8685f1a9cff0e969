"""The API of 考核评估, mounted under /api/ (router prefixes start with "assessments/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.assessments.api import views

router = SimpleRouter()
router.register("assessments/rounds", views.RoundViewSet, basename="assessment-round")
router.register("assessments/scores", views.ScoreViewSet, basename="assessment-score")
router.register("assessments/adjustments", views.AdjustmentViewSet, basename="assessment-adjustment")
router.register("assessments/published", views.PublishedResultViewSet, basename="assessment-published")
router.register("assessments/schemes", views.SchemeViewSet, basename="assessment-scheme")

urlpatterns = router.urls
