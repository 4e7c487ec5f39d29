from django.contrib import admin

from ingest.models import AuditEvent, Upload


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    list_display = [
        "original_name", "status", "detected_format", "size", "uploaded_by", "created_at",
    ]
    list_filter = ["status", "detected_format"]
    search_fields = ["original_name", "sha256", "error"]
    readonly_fields = ["uuid", "sha256", "size", "created_at", "parsed_at"]
    raw_id_fields = ["duplicate_of", "uploaded_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "upload", "report"]
    list_filter = ["action"]
    search_fields = ["actor__username", "upload__original_name", "report__department__name"]
    raw_id_fields = ["actor", "upload", "report"]
    date_hierarchy = "created_at"
