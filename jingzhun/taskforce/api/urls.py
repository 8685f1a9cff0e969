"""The API of 领导小组与专责组, mounted under /api/ (router prefixes start with "taskforce/")."""

from rest_framework.routers import SimpleRouter

from jingzhun.taskforce.api.views import MeetingViewSet, TaskGroupViewSet, TaskViewSet

router = SimpleRouter()
router.register("taskforce/groups", TaskGroupViewSet, basename="api-taskforce-group")
router.register("taskforce/tasks", TaskViewSet, basename="api-taskforce-task")
router.register("taskforce/meetings", MeetingViewSet, basename="api-taskforce-meeting")

urlpatterns = router.urls
