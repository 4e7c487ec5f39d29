"""The site's URLs plus a trivial view: the yardstick the benchmark times pages against."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

TRIVIAL = "/__bench_trivial__/"


def trivial(request: HttpRequest) -> HttpResponse:
    """No database, no template: what the middleware and the server cost alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path(TRIVIAL.strip("/") + "/", trivial),
    path("", include("config.urls")),
]
