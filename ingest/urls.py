from django.urls import path

from ingest import views

app_name = "ingest"

urlpatterns = [
    path("", views.upload_list, name="upload_list"),
    path("upload/", views.upload_new, name="upload_new"),
    path("uploads/batch/", views.upload_batch, name="upload_batch"),
    path("uploads/<int:pk>/parts/", views.upload_part_add_view, name="upload_part_add"),
    path("uploads/<int:pk>/", views.upload_detail, name="upload_detail"),
    path("uploads/<int:pk>/retry/", views.upload_retry_view, name="upload_retry"),
    path("uploads/<int:pk>/review/", views.upload_review, name="upload_review"),
    path("uploads/<int:pk>/reject/", views.upload_reject_view, name="upload_reject"),
    path("uploads/<int:pk>/pages/<int:page>.png", views.upload_page, name="upload_page"),
    path("audit-log/", views.audit_log, name="audit_log"),
]
