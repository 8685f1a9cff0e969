from django.urls import path

from jingzhun.core.audit_page import AuditListView

app_name = "audit"
urlpatterns = [path("", AuditListView.as_view(), name="list")]
