"""Open data pages: the bulk downloads, their data dictionary, and the files themselves."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from reports.api.throttling import rate_text
from reports.datapackage import TABLES
from reports.downloads import download_path, downloads_list


def downloads(request: HttpRequest) -> HttpResponse:
    rate = rate_text(settings.API_RATE_LIMIT) if settings.API_RATE_LIMIT else ""
    return render(request, "reports/downloads.html",
                  {"downloads": downloads_list(), "api_rate": rate})


def data_dictionary(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/data_dictionary.html", {"tables": TABLES})


def download_file(request: HttpRequest, name: str) -> FileResponse:
    path = download_path(name)
    if path is None:
        raise Http404(_("There is no such download. The downloads page lists them."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type="application/zip")
