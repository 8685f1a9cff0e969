"""The API of 产业就业帮扶措施, mounted under /api/ (router prefixes start with "measures/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.measures.api import views

router = SimpleRouter()
router.register("measures/measures", views.MeasureViewSet, basename="measures-measure")
router.register("measures/entities", views.EntityViewSet, basename="measures-entity")
router.register("measures/links", views.LinkViewSet, basename="measures-link")
router.register("measures/trainings", views.TrainingViewSet, basename="measures-training")
router.register("measures/employment", views.EmploymentViewSet, basename="measures-employment")
router.register("measures/posts", views.PostViewSet, basename="measures-post")
router.register("measures/collective", views.CollectiveViewSet, basename="measures-collective")

urlpatterns = router.urls
