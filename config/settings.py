"""One settings module, driven by environment variables.

Every value has a default that works on a developer's machine: SQLite in the
project folder, DEBUG on. Production sets DATABASE_URL, SECRET_KEY, DEBUG=0
and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off", "")


def envbool(name: str, default: str) -> bool:
    """A yes/no setting; a value that is neither (``DEBUG=flase``) stops the start-up."""
    value = os.getenv(name, default).strip().lower()
    if value not in TRUE_WORDS + FALSE_WORDS:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a yes/no value: use one of {', '.join(TRUE_WORDS)} "
            f"or {', '.join(w for w in FALSE_WORDS if w)}"
        )
    return value in TRUE_WORDS


def envint(name: str, default: int) -> int:
    """A whole-number setting; anything else stops the start-up with the variable's name."""
    value = os.getenv(name, str(default)).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envheader(name: str) -> tuple[str, str] | None:
    """``X-Forwarded-Proto`` (the header a proxy sets to ``https``) as Django wants it.

    ``X-Forwarded-Proto: https`` names the value too; a bare header name means ``https``.
    """
    value = os.getenv(name, "").strip()
    if not value:
        return None
    header, _sep, expected = value.partition(":")
    header, expected = header.strip(), expected.strip() or "https"
    if not header or not all(c.isalnum() or c == "-" for c in header):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a header name such as X-Forwarded-Proto"
        )
    return "HTTP_" + header.upper().replace("-", "_"), expected


def envorigins(name: str) -> list[str]:
    """Full origins (``https://juesuan.example.gov.cn``), as Django's CSRF check needs them."""
    origins = envlist(name, "")
    for origin in origins:
        if not origin.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                f"{name}: {origin!r} needs its scheme, e.g. https://{origin}"
            )
    return origins


DEBUG = envbool("DEBUG", "1")
SECRET_KEY = os.getenv("SECRET_KEY", "dev-only-insecure-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envorigins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "reports",
    "ingest",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Where the request reads: a replica for anonymous page views (config.routers);
    # does nothing unless DATABASE_REPLICA_URL is set.
    "config.routers.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: turns a locked account into the login page (429).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Uploads are parsed by a worker process while the web server reads:
    # WAL lets readers and the writer proceed together.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.getenv("TEST_DATABASE_NAME") or None

# Read replicas (config.routers, docs/scaling.md): anonymous visitors' page views read
# from one of these; staff, writes and everything else use the primary ("default").
# Each URL becomes an alias: replica, replica2, … Without any, nothing is routed.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(
    envlist("DATABASE_REPLICA_URLS", os.getenv("DATABASE_REPLICA_URL", "")), 1
):
    _alias = "replica" if _number == 1 else f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=envint("CONN_MAX_AGE", 0))
    # Tests read the test database through it, as a replica would show the primary's rows.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
if DATABASE_REPLICAS and DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL to be PostgreSQL")
DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"] if DATABASE_REPLICAS else []
# After a write, the browser reads the primary this long (longer than replicas lag).
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", 15)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The login limit (django-axes, see ingest/login.py): failures are counted per account
# in the database, so every web worker and the admin's login share one count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_MAX_FAILURES", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCK_MINUTES", 15))
# Per account only: an address-based lock would lock out a whole office behind one
# proxy, and the address is the proxy's. Hence axes.W006 is silenced below.
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "ingest.login.login_username"  # NFKC + case folded
AXES_LOCKOUT_CALLABLE = "ingest.login.login_locked"  # the login page, status 429
AXES_RESET_ON_SUCCESS = True
# The lock ends a fixed time after the last counted failure; tries while locked do
# not extend it, so nobody can keep an account locked forever by trying.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",  # AXES_LOCKOUT_PARAMETERS without ip_address: deliberate, see above
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
# One catalogue per area of the product, so each can be translated on its own;
# Django merges them, the first listed winning where two translate one string.
LOCALE_PATHS = [
    BASE_DIR / "locale" / area for area in ("core", "upload", "public", "audit")
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploads: the per-file limit staff see on the upload page, enforced while the body
# streams in (ingest.uploads): a file past it is not stored and is recorded as too large.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 50) * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "ingest.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A parse runs in a child process with these limits (see ingest.isolation).
PARSE_TIME_LIMIT_SECONDS = envint("PARSE_TIME_LIMIT_SECONDS", 120)
PARSE_MEMORY_LIMIT_MB = envint("PARSE_MEMORY_LIMIT_MB", 2048)
# Scanned pages are read by OCR (ingest.readers.ocr): each page rendered at OCR_DPI, each
# within its own time limit (0: none), which adds to the parse's limit for every scanned page.
OCR_ENABLED = envbool("OCR_ENABLED", "1")
OCR_DPI = envint("OCR_DPI", 200)
OCR_PAGE_TIME_LIMIT_SECONDS = envint("OCR_PAGE_TIME_LIMIT_SECONDS", 120)
OCR_CACHE_DIR = os.getenv("OCR_CACHE_DIR", "")  # recognised text by page-image hash; empty: none

TASKS = {
    "default": {
        "BACKEND": os.getenv(
            "TASKS_BACKEND", "django_tasks_db.DatabaseBackend"
        ),
    }
}

CACHES = {
    # Pages kept per data version (menus, comparisons, search results) are many small
    # values: at Django's default of 300 a few hundred searches would push out the
    # menus every list page needs.
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 20_000)}},
    # Shared by every web worker: the API's per-client request counts. The table
    # is made by `manage.py createcachetable` (make run, docker compose, tests).
    "api": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "juesuan_cache",
            # One entry per client: culling at the default 300 would forget counts.
            "OPTIONS": {"MAX_ENTRIES": 100_000}},
}

# The read-only open data API (reports/api): Django REST framework, documented
# by drf-spectacular; Swagger UI's files come from drf-spectacular-sidecar.
API_CACHE = "api"
# Requests one client (address) may make, e.g. "120/minute"; empty for no limit.
API_RATE_LIMIT = os.getenv("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Anonymous and read only: no session, so no CSRF and nothing personal.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["reports.api.throttling.ClientRateThrottle"],
    # Proxies in front of the site whose X-Forwarded-For is trusted (0: none).
    "NUM_PROXIES": envint("API_TRUSTED_PROXIES", 0),
    "DEFAULT_PAGINATION_CLASS": "reports.api.pagination.KeysetPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "reports.api.throttling.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "juesuan open data API",
    "DESCRIPTION": (
        "Published Chinese government department final accounts (部门决算), budgets and "
        "performance self-evaluations (绩效自评), as read from the reports: read only, no key. "
        "Amounts are decimal strings in 万元, each with its form as printed and the page it "
        "was printed on. Lists are paged with a cursor: follow `next`. Each client may make "
        "`API_RATE_LIMIT` requests (120 a minute unless the site says otherwise); for "
        "everything at once use the bulk downloads at `/data/`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "displayOperationId": False},
    "ENUM_NAME_OVERRIDES": {
        "ReportKind": "reports.models.Report.Kind",
        "RegionLevel": "reports.models.Region.Level",
        "ClassificationLevel": "reports.models.StatementRow.Level",
    },
}
# Any web page may read the API (GET only, no cookies).
CORS_URLS_REGEX = r"^/api/v1/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD")
CORS_ALLOW_CREDENTIALS = False

# HTTPS (README, "Deploying"). Cookies are Secure only when the site is served over
# HTTPS: a plain-HTTP site (docker compose on a laptop) could not log anyone in otherwise.
HTTPS = envbool("HTTPS", "0")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1" if HTTPS else "0")
# Behind a proxy that ends TLS: the header it sets, e.g. "X-Forwarded-Proto".
# Only set it when the proxy overwrites that header on every request.
SECURE_PROXY_SSL_HEADER = envheader("PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = envint("HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "0")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "0")
if not HTTPS and (SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS):
    raise ImproperlyConfigured(
        "SECURE_SSL_REDIRECT and HSTS_SECONDS need HTTPS=1 (the site must be served over HTTPS)"
    )
SESSION_COOKIE_HTTPONLY = True
# Content Security Policy (django-csp): the site's pages run only the site's own
# scripts and styles (static/js, static/css; no inline code). Images may also be
# data: URIs (Swagger UI's icons, ECharts' "save as image"). The admin keeps its own
# inline scripts, so it is left out; an original file sets its own "sandbox" policy.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
