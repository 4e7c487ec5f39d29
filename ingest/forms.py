"""Forms for the staff pages: they parse the request; services do the work."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from ingest.doubts import department_doubts
from ingest.errors import ParseError
from ingest.readers.archive import zip_members
from ingest.services import ACCEPTED_EXTENSIONS
from reports.models import Region, Report
from reports.services import department_find


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files; the size and format are judged per file later."""

    def __init__(self, *args, **kwargs) -> None:
        accept = ",".join((*ACCEPTED_EXTENSIONS, *self.containers))
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    default_error_messages = {
        "not_a_report": _(
            "“%(name)s” is not a report file: upload PDF, Word (DOC, DOCX), "
            "Excel (XLS, XLSX) or text (TXT) files."
        ),
        "not_a_report_or_scan": _(
            "“%(name)s” is not a report file: upload PDF, Word (DOC, DOCX), "
            "Excel (XLS, XLSX), text (TXT) or scanned pages (PNG, JPEG, TIFF)."
        ),
    }

    # Containers the form itself unpacks (UploadForm: a zip of report files).
    containers: tuple[str, ...] = ()

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            return [super().clean(None, initial)]  # raises "required"
        cleaned = [super(MultipleFileField, self).clean(item, initial) for item in files]
        # The content decides the format later; a name that is not a report's
        # (.html, .svg, .exe) is refused here, so no such name is ever kept.
        refused = [f.name for f in cleaned if Path(f.name or "").suffix.lower()
                   not in (*ACCEPTED_EXTENSIONS, *self.containers)]
        if refused:
            scans = getattr(settings, "OCR_ENABLED", False)
            message = "not_a_report_or_scan" if scans else "not_a_report"
            raise forms.ValidationError(
                [forms.ValidationError(self.error_messages[message], code="not_a_report",
                                       params={"name": name}) for name in refused]
            )
        return cleaned


class ZipOrFilesField(MultipleFileField):
    containers = (".zip",)


class UploadForm(forms.Form):
    # The metaclass moves declared fields to base_fields: Form.files (the request's files) stays.
    files = ZipOrFilesField(  # type: ignore[assignment]
        label=_("Report files"),
        # Empty files must reach the service, which records them as failed uploads.
        allow_empty_file=True,
        help_text=_("Several files at once, or one .zip of a folder's files: each file becomes "
                    "its own upload."),
    )

    def clean_files(self) -> list[File]:
        """The files chosen, each zip replaced by the report files inside it."""
        files: list[File] = []
        for file in self.cleaned_data["files"]:
            if not (file.name or "").lower().endswith(".zip"):
                files.append(file)
                continue
            try:
                members = [SimpleUploadedFile(name, data) for name, data
                           in zip_members(file, extensions=ACCEPTED_EXTENSIONS)]
            except ParseError as error:
                raise forms.ValidationError(
                    _("%(name)s: %(reason)s"), code="archive",
                    params={"name": file.name, "reason": error},
                ) from error
            if not members:
                raise forms.ValidationError(
                    _("%(name)s holds no report files (PDF, Word, Excel, text or images)."),
                    code="empty_archive", params={"name": file.name},
                )
            files.extend(members)
        return files


class PartForm(forms.Form):
    """A further file of the same report: its tables, or an 附件."""

    file = MultipleFileField(
        label=_("Add a part"), allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
        help_text=_("Another file of this same report (e.g. its tables, or an 附件). It is read "
                    "like any upload and published with this one, as one report."),
    )

    def clean_file(self) -> File:
        return self.cleaned_data["file"][0]  # one file, its name judged as on the upload page


class BatchForm(forms.Form):
    """The uploads of one batch, as the upload page lists them after sending."""

    ids = forms.CharField(max_length=5000)

    def clean_ids(self) -> list[int]:
        try:
            ids = [int(part) for part in self.cleaned_data["ids"].split(",") if part.strip()]
        except ValueError as error:
            raise forms.ValidationError(_("Not a list of uploads."), code="invalid") from error
        return ids[:1000]


class ReviewForm(forms.Form):
    """The reviewer's corrections to what the parser read."""

    department = forms.CharField(
        label=_("Department"), max_length=128,
        help_text=_("An existing department's name or alias, or a new official name."),
    )
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.order_by("level", "name"), required=False,
        empty_label=_("(unchanged)"),
    )
    fiscal_year = forms.IntegerField(label=_("Fiscal year"), min_value=1990, max_value=2100)
    # A blank first choice: where the parser was unsure nothing is chosen for the reviewer.
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Report.Kind.choices])
    scope = forms.ChoiceField(
        label=_("Scope"), choices=[("", "—"), *Report.Scope.choices], required=False,
        help_text=_("A department's consolidated report and one unit's report are never "
                    "versions of each other."),
    )

    new_department = forms.BooleanField(
        label=_("This is a new department: create it"), required=False,
        help_text=_("Only when no suggestion is the same body. A department is never created "
                    "without this."),
    )

    def clean(self) -> dict:
        cleaned = super().clean() or self.cleaned_data
        name = cleaned.get("department")
        if name and not cleaned.get("new_department") and department_find(name=name) is None:
            self.add_error("department", forms.ValidationError(
                _("No department is called “%(name)s”. Choose a suggestion, or tick “new "
                  "department” to create it."), code="unknown", params={"name": name},
            ))
        return cleaned

    def clean_department(self) -> str:
        name = self.cleaned_data["department"]
        if doubts := department_doubts(name):
            raise forms.ValidationError(
                _("Enter the department's official name: %(reason)s."),
                code="unsure", params={"reason": doubts[0]},
            )
        return name


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)
