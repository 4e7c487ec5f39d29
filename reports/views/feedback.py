"""「Report a data problem」 on a report page: a short form, limited per sender."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from reports.forms import DataProblemForm
from reports.models import Report
from reports.services import DATA_PROBLEMS_PER_HOUR, DataProblemLimitError, data_problem_report


def client_address(request: HttpRequest) -> str:
    """The sender's address, as the API counts it (trusted proxies: API_TRUSTED_PROXIES)."""
    proxies = int(str(settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")


@require_http_methods(["GET", "POST"])
def report_problem(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.visible().select_related(
        "department", "fiscal_year"), pk=pk)
    form = DataProblemForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if form.is_spam():  # a bot: it is told what a person is told, nothing is kept
                messages.success(request, _("Thank you: the note was sent to the editors."))
                return redirect(report.get_absolute_url())
            try:
                data_problem_report(report=report, description=form.cleaned_data["description"],
                                    contact=form.cleaned_data["contact"],
                                    address=client_address(request))
            except DataProblemLimitError:
                status = 429
                form.add_error(None, _(
                    "You have sent %(count)d notes in the last hour, as many as one sender "
                    "may. Please try again later; nothing was lost from your text."
                ) % {"count": DATA_PROBLEMS_PER_HOUR})
            else:
                messages.success(request, _("Thank you: the note was sent to the editors."))
                return redirect(report.get_absolute_url())
    return render(request, "reports/report_problem.html",
                  {"report": report, "form": form}, status=status)
