from django.urls import path

from jingzhun.core.workflow_views import TodoPanelView, TodoView, TransitionView, WorkflowObjectView

app_name = "workflow"
urlpatterns = [
    path("todo/", TodoView.as_view(), name="todo"),
    path("todo/panel/", TodoPanelView.as_view(), name="todo-panel"),
    path("<str:model>/<str:pk>/", WorkflowObjectView.as_view(), name="object"),
    path("<str:model>/<str:pk>/<str:transition>/", TransitionView.as_view(), name="transition"),
]
