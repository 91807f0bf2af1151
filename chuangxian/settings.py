"""Settings for chuangxian, read from the environment.

No variable set gives the embedded default: SQLite and Celery's filesystem broker, both
under ``var/``. ``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` to Redis. The
helpers below are strict: a malformed value stops start-up with a message that names it.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PLAN_CACHE_MODES = ("force_generic_plan", "auto", "force_custom_plan")


def database_from_url(url: str) -> dict:
    """Turn ``postgres://user:pass@host:port/name?opt=…`` into a DATABASES entry."""
    parts = urlparse(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres://, not {parts.scheme}://"
        )
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database")
    options: dict = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if "prepare_threshold" in options:  # psycopg: none turns preparing off (PgBouncer)
        value = options["prepare_threshold"].lower()
        if value != "none" and not value.isdigit():
            raise ImproperlyConfigured(
                "DATABASE_URL's prepare_threshold must be a number or none"
            )
        options["prepare_threshold"] = None if value == "none" else int(value)
    # psycopg prepares a statement it has run this many times on a connection, so
    # PostgreSQL plans it once (planning was most of its time for the pages' queries);
    # Django turns that off unless it is set. ?prepare_threshold=none behind a pooler
    # that cannot keep prepared statements.
    options.setdefault("prepare_threshold", 5)
    # A prepared statement is planned once for any parameters (a generic plan).
    # PostgreSQL's default (auto) planned a statement again on every run whenever the
    # actual parameters looked cheaper: four of a secretary's home's queries, a third
    # of PostgreSQL's CPU for that page; their plans were no faster for it (indexed
    # lookups of a few rows). ?plan_cache_mode=auto restores the default. Not sent
    # when nothing is prepared (a pooler may refuse startup options).
    mode = options.pop("plan_cache_mode", "force_generic_plan")
    if mode not in PLAN_CACHE_MODES:
        raise ImproperlyConfigured(
            f"DATABASE_URL's plan_cache_mode must be one of {', '.join(PLAN_CACHE_MODES)}"
        )
    if options["prepare_threshold"] is not None and mode != "auto":
        setting = f"-c plan_cache_mode={mode}"
        options["options"] = " ".join(filter(None, [options.get("options"), setting]))
    return {
        # Django's backend with a health check that polls the socket instead of
        # running SELECT 1 on every request (core/postgresql/base.py).
        "ENGINE": "core.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
        # Server-side parameter binding: live queries (pg_stat_activity, the slow-query
        # log) show $1, $2 …, never a voter id, an answer or a code (DESIGN.md).
        "OPTIONS": {"connect_timeout": 5, "server_side_binding": True, **options},
        "TEST": {"NAME": env_str("DATABASE_TEST_NAME", f"test_{name}")},
    }


VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and env_bool("DJANGO_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set in production")
    # Embedded default: a key kept under var/ so sessions survive restarts.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "organizations",
    "pledges",
    "evaluations",
    "chuangxian",
]

# Modules listing each feature's navigation entries (NAV), home panels (PANELS) and unit
# figures (ROLE_UNIT_FIGURES), read by organizations.navigation and .homes at first use.
# Each home shows its panels in this order.
NAVIGATION_MODULES = [
    "organizations.nav",
    "pledges.nav",
    "pledges.activity.nav",
    "pledges.leadership.nav",
    "evaluations.inspections.nav",
    "evaluations.scoring.nav",
    "evaluations.awards.nav",
    "evaluations.assessment.nav",
    "evaluations.ballots.nav",
    "chuangxian.dashboards.nav",
    "chuangxian.academy.nav",
]

# The demo data of each capability (seed_demo), run in this order after the demo
# institute is built; each is a ``seed(institute)`` function.
DEMO_SEEDERS = [
    "pledges.demo.commitments.seed",
    "pledges.demo.activity.seed",
    "pledges.leadership.demo.seed",
    "evaluations.demo.ballots.seed",
    "evaluations.demo.inspections.seed",
    "evaluations.demo.mass_supervision.seed",
    "evaluations.demo.scoring.seed",
    "evaluations.demo.awards.seed",
    "evaluations.demo.assessment.seed",
    "pledges.demo.academy.seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_cache.RequestCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "organizations.middleware.InstituteWritesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a lockout into the page below.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chuangxian.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Django's cached loader, compiled once per language: fixed translations
            # become text, URLs are kept (core/template_loader.py).
            "loaders": [
                (
                    "core.template_loader.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "organizations.context_processors.navigation",
                "organizations.notifications.context_processors.unread_count",
                "pledges.context_processors.current_phase",
            ],
            "libraries": {"page": "core.page_tags"},
        },
    },
]

WSGI_APPLICATION = "chuangxian.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "chuangxian.sqlite3")),
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue on the
            # busy timeout instead of failing with "database is locked" mid-transaction.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                ),
            },
            # One file per test run, so parallel runs on one machine never share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the signed-in user and their scope in one query.
    "organizations.auth.Backend",
    # Sessions opened before organizations.auth.Backend name this one: still honoured.
    "core.auth.Backend",
    # Sessions opened before core.auth.Backend name this one: still honoured.
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout after repeated failed sign-ins, per user name from one address (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.errors.locked_out"
# The client's address (X-Forwarded-For's last entry behind the proxy, BEHIND_PROXY).
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Uploaded files live outside the web root and are served by views that check scope.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Uploads: roster files and evidence are read in memory up to this size.
ROSTER_MAX_BYTES = env_int("ROSTER_MAX_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Celery: Redis when REDIS_URL is set, else the filesystem transport under var/.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # A dead or hung Redis must fail a publish fast, never hang a web request.
        "socket_timeout": 1.5,
        "socket_connect_timeout": 1.5,
        "max_retries": 0,
        # An unacknowledged task (its worker died) is redelivered after this long.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        # Look for such messages every 10 s (kombu 5.7 otherwise scans only every
        # 10th sweep, so a redelivery could wait 100 s past the visibility timeout).
        "unacked_restore_interval": 10,
        "unacked_restore_throttle": 1,
    }
    # Shared figures (core.versioned_cache) and their versions, in the broker's Redis
    # (keys prefixed cx:<database>: every web process and worker sees one version,
    # and two deployments or databases sharing a Redis never read each other's
    # figures). Never cache.clear() here: it would empty the broker's database too.
    _db = DATABASES["default"]
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"cx:{_db.get('HOST') or ''}:{_db.get('PORT') or ''}:"
            f"{_db['NAME']}",
            "OPTIONS": {"socket_timeout": 1.5, "socket_connect_timeout": 1.5},
        },
    }
    CACHES["versions"] = CACHES["default"]
else:
    # Embedded default: figures in this process's memory; their versions in files
    # under var/, so a write in the Celery worker reaches the web process too.
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "versions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / "versions"),
        },
    }
    BROKER_DIR = VAR_DIR / "broker"
    for sub in ("out", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "data_folder_processed": str(BROKER_DIR / "processed"),
        # Broadcast (pidbox) exchanges; kombu's default is ./control in the working directory.
        "control_folder": str(BROKER_DIR / "control"),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TICK_SECONDS = env_int("CELERY_TICK_SECONDS", 15 * 60)
CELERY_BEAT_SCHEDULE = {
    # The campaign calendar: one short, idempotent tick (chuangxian.calendar.engine).
    "calendar-tick": {
        "task": "chuangxian.calendar_tick",
        "schedule": CELERY_TICK_SECONDS,
    },
    # Export jobs whose message was lost while the broker was down are sent again.
    "exports-requeue": {
        "task": "chuangxian.exports_requeue_stale",
        "schedule": 300,
    },
    # Finished exports are kept a week (chuangxian.exports.jobs.exports_purge).
    "exports-purge": {
        "task": "chuangxian.exports_purge",
        "schedule": crontab(hour=3, minute=15),
    },
    # Uploads whose transaction rolled back leave a file no row refers to.
    "uploads-purge-orphans": {
        "task": "chuangxian.uploads_purge_orphans",
        "schedule": crontab(hour=3, minute=30),
    },
    # At most one digest email per person per day (organizations.notifications.services.digest_send).
    "daily-digests": {
        "task": "organizations.tasks.send_daily_digests",
        "schedule": crontab(hour=17, minute=30),
    },
}

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "chuangxian@localhost")

# Production hardening: on when DEBUG is off and not explicitly relaxed.
SECURE_HTTPS = env_bool("SECURE_HTTPS", False)
# A lost database is 503, not "session deleted"; with Redis, sessions are read
# through the shared cache (one query less a page), never a per-process one.
SESSION_ENGINE = "core.cached_sessions" if REDIS_URL else "core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind nginx terminating TLS: trust its X-Forwarded-Proto and the address it appends
# to X-Forwarded-For (core.clientip; set only behind a proxy).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Idle limit: the session lives SESSION_COOKIE_AGE seconds after its last save, and an
# active one is saved again at most once a SESSION_TOUCH_SECONDS (core.middleware),
# not on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = env_int("SESSION_TOUCH_SECONDS", 60)
# Absolute limit from sign-in, however active the session (core.middleware).
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 3600)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

PAGE_SIZE = 50

# REST API at /api/v1/ (djangorestframework + drf-spectacular).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chuangxian API",
    "DESCRIPTION": "Organisations, people, campaigns, plans, pledges, rounds and results.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "FiledStatusEnum": "pledges.models.Status",
        "RoundStatusEnum": "evaluations.models.Round.Status",
        "RoundKindEnum": "evaluations.models.Round.Kind",
        "UnitKindEnum": "organizations.models.Organization.Kind",
    },
}
PRODUCT_NAME = _("Strive to Excel")
