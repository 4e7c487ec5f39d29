"""Background work through the Django tasks API (``manage.py db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task

from ingest.models import Upload
from ingest.services import upload_parse


@task()
def parse_upload(upload_id: int) -> None:
    upload_parse(upload=Upload.objects.get(pk=upload_id))
