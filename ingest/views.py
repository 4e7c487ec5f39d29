"""Staff pages: upload, follow parsing, review, publish or reject, and the audit log.

Thin views: a form parses the request, a service does the work.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from ingest.doubts import Doubt, identity_doubts
from ingest.errors import UnsureIdentityError
from ingest.forms import (
    BatchForm,
    PartForm,
    RejectForm,
    ReviewForm,
    UploadForm,
)
from ingest.models import AuditEvent, Upload
from ingest.review import (
    department_suggestions,
    upload_page_count,
    upload_page_png,
    version_changes,
)
from ingest.services import (
    PartsNotReadyError,
    UploadInterruptedError,
    UploadStateError,
    parsed_from_result,
    parsed_merge,
    upload_create,
    upload_enqueue,
    upload_part_add,
    upload_parts,
    upload_publish,
    upload_reject,
    upload_retry,
)
from reports.models import Report
from reports.services import department_find

PAGE_SIZE = 50


def staff_required(permission: str):
    """Anonymous users go to the login page; signed-in users without the permission get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


@staff_required("ingest.upload_report")
@require_http_methods(["GET", "POST"])
def upload_new(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploads = [upload_create(file=f, user=request.user) for f in form.cleaned_data["files"]]
        for upload in uploads:
            upload_enqueue(upload=upload)
        messages.success(request, _("%(count)d file(s) received.") % {"count": len(uploads)})
        if len(uploads) == 1:
            return redirect(uploads[0])
        ids = ",".join(str(upload.pk) for upload in uploads)
        return redirect(f"{reverse('ingest:upload_batch')}?{urlencode({'ids': ids})}")
    context = {"form": form, "max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}
    return render(request, "ingest/upload_new.html", context)


@staff_required("ingest.upload_report")
def upload_batch(request: HttpRequest) -> HttpResponse:
    """Each file of one upload with its status, refreshing itself until all are parsed."""
    form = BatchForm(request.GET)
    ids = form.cleaned_data["ids"] if form.is_valid() else []
    uploads = list(Upload.objects.filter(pk__in=ids).select_related("duplicate_of")
                   .order_by("pk"))
    context = {
        "uploads": uploads,
        "finished": all(upload.is_finished for upload in uploads),
        "counts": Counter(upload.shown_status for upload in uploads),
    }
    return render(request, "ingest/upload_batch.html", context)


@staff_required("ingest.upload_report")
def upload_list(request: HttpRequest) -> HttpResponse:
    uploads = Upload.objects.select_related("uploaded_by", "duplicate_of")
    status = request.GET.get("status")
    if status in Upload.Status.values:
        uploads = uploads.filter(status=status)
    if status == Upload.Status.PARSED:  # the review queue: parts are reviewed with their file
        uploads = uploads.filter(part_of__isnull=True)
    page = Paginator(uploads, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "statuses": Upload.Status.choices, "status": status}
    return render(request, "ingest/upload_list.html", context)


@staff_required("ingest.upload_report")
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(
        Upload.objects.select_related("uploaded_by", "duplicate_of", "part_of"), pk=pk)
    context = {
        "upload": upload,
        "unclaimed_seconds": _unclaimed_seconds(upload),
        "interrupted_message": UploadInterruptedError.default_message,
        "reports": upload.reports.select_related("department", "fiscal_year"),
        "events": upload.events.select_related("actor")[:20],
    }
    return render(request, "ingest/upload_detail.html", context)


# A queued upload that no worker has claimed after this long: say that the worker is missing.
UNCLAIMED_AFTER_SECONDS = 10


def _unclaimed_seconds(upload: Upload) -> int | None:
    """How long a queued upload has waited for a worker, once that is past the threshold."""
    if upload.status != Upload.Status.QUEUED:
        return None
    if Upload.objects.parsing_now().exists():
        return None  # a worker is there, busy with a file ahead of this one
    queued = upload.events.filter(action__in=[AuditEvent.Action.UPLOAD, AuditEvent.Action.CORRECT]
                                  ).aggregate(at=Max("created_at"))["at"] or upload.created_at
    waited = int((timezone.now() - queued).total_seconds())
    return waited if waited >= UNCLAIMED_AFTER_SECONDS else None


@staff_required("ingest.upload_report")
@require_POST
def upload_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = upload_retry(upload=get_object_or_404(Upload, pk=pk), user=request.user)
    upload_enqueue(upload=upload)
    return redirect(upload)


def _review_initial(upload: Upload, doubts: list[Doubt]) -> dict:
    """What the parser read, leaving blank each part it was unsure of: the reviewer enters it."""
    assert upload.result is not None  # a parsed upload has its result
    report = upload.result["report"]
    unsure = {doubt.part for doubt in doubts}
    match = department_find(name=report["department"] or "")
    initial = {
        "department": match.name if match else report["department"],
        "fiscal_year": report["fiscal_year"],
        "kind": report["kind"],
        "scope": report.get("scope") or "",
    }
    return {key: ("" if key in unsure else value) for key, value in initial.items()}


@staff_required("ingest.upload_report")
@require_http_methods(["GET", "POST"])
def upload_review(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(Upload, pk=pk)
    if upload.part_of_id:  # a part is reviewed and published with its main file
        return redirect("ingest:upload_review", upload.part_of_id)
    if upload.status != Upload.Status.PARSED:
        return redirect(upload)
    assert upload.result is not None  # a parsed upload has its result
    parsed = parsed_from_result(upload.result)
    doubts = identity_doubts(parsed)
    initial = _review_initial(upload, doubts)
    parts = upload_parts(upload=upload)
    form = ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.user.has_perm("ingest.publish_report"):
            raise PermissionDenied
        if form.is_valid():
            try:
                return _publish(request, upload, form)
            except UnsureIdentityError as error:
                form.add_error(None, str(error))
    report = upload.result["report"]
    context = {
        "upload": upload,
        "form": form,
        "doubts": doubts,
        "reject_form": RejectForm(),
        "part_form": PartForm(),
        "parts": parts,
        "parsed": report,
        "parsed_kind": _kind_label(report["kind"]),
        "parsed_scope": _scope_label(report.get("scope")),
        "suggestions": department_suggestions(name=report["department"] or ""),
        "pages": range(1, upload_page_count(upload=upload) + 1),
        "text": upload.result.get("text", ""),
        "findings": upload.result.get("findings", []),
        "changes": version_changes(
            parsed=parsed_merge(parsed, [parsed_from_result(p.result) for p in parts
                                         if p.status == Upload.Status.PARSED and p.result]),
            findings=upload.result.get("findings", []),
            department=department_find(name=form.data.get("department") or initial["department"]),
        ),
    }
    return render(request, "ingest/upload_review.html", context)


def _kind_label(kind: str | None) -> StrOrPromise:
    return Report.Kind(kind).label if kind in Report.Kind.values else (kind or "—")


def _scope_label(scope: str | None) -> StrOrPromise:
    return Report.Scope(scope).label if scope in Report.Scope.values else (scope or "—")


def _publish(request: HttpRequest, upload: Upload, form: ReviewForm) -> HttpResponse:
    data = form.cleaned_data
    try:
        report = upload_publish(
            upload=upload, user=request.user, department_name=data["department"],
            region=data["region"], fiscal_year=data["fiscal_year"], kind=data["kind"],
            scope=data["scope"] or None,
        )
    except PartsNotReadyError as error:
        messages.error(request, _("Nothing was published: these parts are not parsed yet: "
                                  "%(names)s. Wait for them, or reject them.")
                       % {"names": "、".join(part.original_name for part in error.parts)})
        return redirect("ingest:upload_review", upload.pk)
    except UploadStateError:
        messages.error(request, _("This upload can no longer be published."))
        return redirect(upload)
    messages.success(request, _("Published as version %(version)d.") % {"version": report.version})
    return redirect(report)


@staff_required("ingest.upload_report")
@require_POST
def upload_part_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a further file of the same report to a parsed upload, and parse it."""
    upload = get_object_or_404(Upload, pk=pk)
    form = PartForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to add as a part."))
        return redirect("ingest:upload_review", upload.pk)
    try:
        part = upload_part_add(upload=upload, file=form.cleaned_data["file"], user=request.user)
    except UploadStateError:
        messages.error(request, _("A part can only be added to an upload awaiting review."))
        return redirect(upload)
    if part.status == Upload.Status.DUPLICATE:
        messages.error(request, _("%(name)s was not added: the same file was uploaded before "
                                  "(upload #%(pk)d).")
                       % {"name": part.original_name, "pk": part.duplicate_of_id})
    else:
        upload_enqueue(upload=part)
        messages.success(request, _("%(name)s was added as a part; it is read now.")
                         % {"name": part.original_name})
    return redirect("ingest:upload_review", upload.pk)


@staff_required("ingest.publish_report")
@require_POST
def upload_reject_view(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(Upload, pk=pk)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        upload_reject(upload=upload, user=request.user, reason=reason)
    except UploadStateError:
        messages.error(request, _("This upload can no longer be rejected."))
    else:
        messages.success(request, _("The upload was rejected."))
    return redirect(upload)


@staff_required("ingest.upload_report")
def upload_page(request: HttpRequest, pk: int, page: int) -> FileResponse:
    path = upload_page_png(upload=get_object_or_404(Upload, pk=pk), page=page)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), content_type="image/png")


@staff_required("ingest.view_auditevent")
def audit_log(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.select_related("actor", "upload", "report__department")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ingest/audit_log.html", {"page": page})
