"""Uploads and the audit log: how a file becomes a report, and who did what."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ingest.errors import UploadTooLargeError

# Beyond the parse time limit, how long before a 'parsing' upload counts as abandoned.
STALE_GRACE_SECONDS = 60


def stale_cutoff() -> datetime:
    """A parse started before this has run far past the time limit: its worker is gone."""
    grace = timedelta(seconds=settings.PARSE_TIME_LIMIT_SECONDS + STALE_GRACE_SECONDS)
    return timezone.now() - grace


def progress_cutoff() -> datetime:
    """An OCR parse whose last page began before this has stopped advancing."""
    grace = timedelta(seconds=settings.OCR_PAGE_TIME_LIMIT_SECONDS
                      + settings.PARSE_TIME_LIMIT_SECONDS + STALE_GRACE_SECONDS)
    return timezone.now() - grace


class UploadQuerySet(models.QuerySet):
    def parsing_now(self) -> UploadQuerySet:
        """Uploads a live worker is parsing at this moment (not abandoned ones)."""
        return self.filter(status=Upload.Status.PARSING).exclude(
            pk__in=self.claimable().values("pk"))

    def claimable(self) -> UploadQuerySet:
        """Uploads a worker may start parsing: queued, or abandoned by a dead worker."""
        return self.filter(
            models.Q(status=Upload.Status.QUEUED)
            | (
                models.Q(status=Upload.Status.PARSING, parse_started_at__lt=stale_cutoff())
                & (models.Q(progress_at__isnull=True)
                   | models.Q(progress_at__lt=progress_cutoff()))
            )
        )


def upload_path(instance: Upload, filename: str) -> str:
    # A generated name: the original name is kept in the row, never trusted on disk.
    return f"uploads/{instance.sha256[:2]}/{instance.sha256}{instance.extension}"


class Upload(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PARSING = "parsing", _("Parsing")
        PARSED = "parsed", _("Parsed, awaiting review")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    extension = models.CharField(max_length=16, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    detected_format = models.CharField(_("detected format"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("error"), blank=True)
    error_code = models.CharField(max_length=32, blank=True)
    result = models.JSONField(_("extracted data"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", models.SET_NULL, null=True, blank=True, related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # A further file of the same report (narrative + tables, 附件), published with it.
    part_of = models.ForeignKey(
        "self", models.CASCADE, null=True, blank=True, related_name="parts",
        verbose_name=_("part of"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="uploads", verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    parsed_at = models.DateTimeField(_("parsed"), null=True, blank=True)
    # When the current parse began: a 'parsing' upload far older than the time
    # limit belongs to a worker that died, and may be parsed again.
    parse_started_at = models.DateTimeField(_("parse started"), null=True, blank=True)
    # Progress of a parse that reads scanned pages by OCR: page N of M, and when the
    # latest page began (a long OCR parse that still advances is not abandoned).
    progress_page = models.PositiveIntegerField(_("page being read"), null=True, blank=True)
    progress_pages = models.PositiveIntegerField(_("pages to read"), null=True, blank=True)
    progress_at = models.DateTimeField(_("progress reported"), null=True, blank=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-created_at"]
        permissions = [
            ("upload_report", _("Can upload report files and review what was extracted")),
            ("publish_report", _("Can publish or reject uploaded reports")),
        ]
        indexes = [
            # Duplicate detection on upload: "have we seen these bytes before?"
            models.Index(fields=["sha256"], name="upload_sha256_idx"),
            # Staff upload list filtered by status.
            models.Index(fields=["status", "-created_at"], name="upload_status_idx"),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("ingest:upload_detail", args=[self.pk])

    @property
    def is_stale(self) -> bool:
        """A parse that has run far past the time limit: its worker is gone."""
        if self.status != self.Status.PARSING or self.parse_started_at is None:
            return False
        if self.progress_at is not None and self.progress_at >= progress_cutoff():
            return False  # reading a scan page by page, still advancing
        return self.parse_started_at < stale_cutoff()

    @property
    def progress(self) -> tuple[int, int] | None:
        """(page, pages) while scanned pages are being read, else None."""
        if self.status != self.Status.PARSING or not self.progress_pages:
            return None
        return self.progress_page or 1, self.progress_pages

    @property
    def queue_position(self) -> int | None:
        """1 for the next file a worker takes (workers take the oldest first); None unless
        this upload is waiting."""
        if self.status != self.Status.QUEUED:
            return None
        ahead = Upload.objects.filter(status=self.Status.QUEUED, created_at__lt=self.created_at)
        return ahead.count() + 1

    @property
    def shown_status(self) -> str:
        """The status as staff should read it: an abandoned parse has failed."""
        return self.Status.FAILED if self.is_stale else self.status

    @property
    def can_retry(self) -> bool:
        """A failed or abandoned parse may run again, unless the file itself was refused."""
        if self.is_stale:
            return True
        return (self.status == self.Status.FAILED and bool(self.file)
                and self.error_code != UploadTooLargeError.code)

    @property
    def awaits_review(self) -> bool:
        return self.status == self.Status.PARSED

    @property
    def is_finished(self) -> bool:
        """Nothing more will happen without a person (the status page stops refreshing)."""
        return self.status not in (self.Status.QUEUED, self.Status.PARSING) or self.is_stale


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        UPLOAD = "upload", _("Uploaded")
        PARSE = "parse", _("Parsed")
        FAIL = "fail", _("Parse failed")
        CORRECT = "correct", _("Corrected")
        PUBLISH = "publish", _("Published")
        REJECT = "reject", _("Rejected")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
        related_name="audit_events", verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    upload = models.ForeignKey(
        Upload, models.SET_NULL, null=True, blank=True, related_name="events"
    )
    report = models.ForeignKey(
        "reports.Report", models.SET_NULL, null=True, blank=True, related_name="events"
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.get_action_display()}"
