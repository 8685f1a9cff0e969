from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from jingzhun.accounts.forms import LoginForm

urlpatterns = [
    path("", include("jingzhun.registry.urls_dashboard")),
    path(
        "accounts/login/",
        login_not_required(auth_views.LoginView.as_view(authentication_form=LoginForm)),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("jingzhun.accounts.urls")),
    path("regions/", include("jingzhun.registry.urls_regions")),
    path("region-picker/", include("jingzhun.regions.urls")),
    path("year-facts/", include("jingzhun.regions.urls_years")),
    path("registry/", include("jingzhun.registry.urls")),
    path("standards/", include("jingzhun.standards.urls")),
    path("projects/", include("jingzhun.projects.urls")),
    path("quality/", include("jingzhun.quality.urls")),
    path("exits/", include("jingzhun.exits.urls")),
    path("assistance/", include("jingzhun.assistance.urls")),
    path("assessments/", include("jingzhun.assessments.urls")),
    path("rectification/", include("jingzhun.rectification.urls")),
    path("cooperation/", include("jingzhun.cooperation.urls")),
    path("taskforce/", include("jingzhun.taskforce.urls")),
    path("relocation/", include("jingzhun.relocation.urls")),
    path("measures/", include("jingzhun.measures.urls")),
    path("monitoring/", include("jingzhun.monitoring.urls")),
    path("command/", include("jingzhun.dashboards.urls")),
    path("audit/", include("jingzhun.core.urls")),
    path("jobs/", include("jingzhun.core.urls_jobs")),
    path("attachments/", include("jingzhun.core.urls_attachments")),
    path("parameters/", include("jingzhun.core.urls_parameters")),
    path("workflow/", include("jingzhun.core.urls_workflow")),
    path("api/", include("jingzhun.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
