"""The login limit (django-axes): failures counted per account in the database.

Every gunicorn worker sees the same counts, the admin's login shares them, and a
username typed in full width or another case (``ｒｌ1``, ``RL1``) counts against
the same account. A locked account is shown the login page with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.text import fold_key


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account a login attempt counts against (AXES_USERNAME_CALLABLE)."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    raw = (credentials or {}).get(field)
    if raw is None:
        raw = getattr(request, "POST", {}).get(field, "")
    return fold_key(str(raw or ""))


def login_locked(request: HttpRequest, original_response: HttpResponse | None = None,
                 credentials: dict | None = None) -> HttpResponse:
    """The login page, saying why it refuses (AXES_LOCKOUT_CALLABLE), with status 429."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    context = {
        # Unbound: validating it would authenticate, and count, once more.
        "form": AuthenticationForm(request, initial={"username": username}),
        "locked": _("Too many failed login attempts. Wait %(minutes)d minutes and try again.")
        % {"minutes": minutes},
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "registration/login.html", context,
                  status=getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429))
