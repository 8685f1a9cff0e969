from django.urls import path

from jingzhun.core.views import AttachmentDownloadView

app_name = "attachments"
urlpatterns = [path("<uuid:pk>/", AttachmentDownloadView.as_view(), name="download")]
