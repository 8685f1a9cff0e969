"""The pages of 产业就业帮扶措施, mounted at /measures/."""

from django.urls import URLPattern, URLResolver, path

from jingzhun.core.generic import ledger_urls
from jingzhun.measures import views
from jingzhun.measures.models import (
    BusinessEntity,
    CollectiveEconomy,
    Employment,
    EntityLink,
    HouseholdMeasure,
    Training,
    WelfarePost,
)

app_name = "measures"


def _ledger(prefix: str, model: type, list_view: type, edit_view: type) -> list[URLPattern]:
    return ledger_urls(prefix, model, list=list_view, detail=True, edit=edit_view, delete=True)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("households/<str:code>/", views.HouseholdMeasuresView.as_view(), name="household"),
    path("villages/<str:code>/", views.VillagePanelView.as_view(), name="village"),
    *_ledger("measures", HouseholdMeasure, views.MeasureList, views.MeasureEdit),
    *_ledger("entities", BusinessEntity, views.EntityList, views.EntityEdit),
    *_ledger("links", EntityLink, views.LinkList, views.LinkEdit),
    *_ledger("trainings", Training, views.TrainingList, views.TrainingEdit),
    *_ledger("employment", Employment, views.EmploymentList, views.EmploymentEdit),
    *_ledger("posts", WelfarePost, views.PostList, views.PostEdit),
    *_ledger("collective", CollectiveEconomy, views.CollectiveList, views.CollectiveEdit),
]
