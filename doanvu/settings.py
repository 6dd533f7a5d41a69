"""One settings module. Production differs from development only through environment variables.

Every variable read here is documented in README.md (a test checks that).
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def envbool(name: str, default: str = "False") -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "False")
DATA_DIR = Path(os.getenv("DOANVU_DATA_DIR", str(PROJECT_DIR / "var")))

# SECRET_KEY comes from the environment; `make run` generates one for the demo into var/secret_key.
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY and (DATA_DIR / "secret_key").exists():
    SECRET_KEY = (DATA_DIR / "secret_key").read_text().strip()
if not SECRET_KEY:
    if DEBUG or "PYTEST_VERSION" in os.environ:
        SECRET_KEY = "insecure-development-key-do-not-use-in-production"
    else:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Biến môi trường SECRET_KEY chưa được đặt (hoặc chạy `make run` một lần).")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "treebeard",
    "simple_history",
    "axes",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Listed so the API docs page serves Swagger UI from our own static files, never from a CDN.
    "ninja",
    "doanvu.accounts",
    "doanvu.org",
    "doanvu.members",
    "doanvu.work",
    "doanvu.stats",
    "doanvu.reports",
    "doanvu.evaluation",
    "doanvu.api",
    "doanvu.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Reads of figures from replicas, and the officer's own writes read back from the primary.
    "doanvu.dbrouter.ReadYourWritesMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # What a reading page asks for several times is read once (doanvu/lib/request_memo.py).
    "doanvu.lib.request_memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "doanvu.urls"
WSGI_APPLICATION = "doanvu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "doanvu.accounts.context_processors.officer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'doanvu.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "60"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    )
# Read replicas (docs/scale.md, "Reads from replicas"): PostgreSQL hot standbys of the primary, one URL
# each, comma-separated. Figures, dashboards and report data may be read from one; writes, migrations and every
# other read stay on the primary. Tests reach them under the test database's name (MIRROR).
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(envlist("DATABASE_REPLICA_URLS", ""), start=1):
    _replica = dj_database_url.parse(_url, conn_max_age=envint("DB_CONN_MAX_AGE", "60"))
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"] or "sqlite" in _replica["ENGINE"]:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f"DATABASE_REPLICA_URLS: bản sao thứ {_number} phải là PostgreSQL như DATABASE_URL."
        )
    # A replica that does not answer is skipped after this long rather than holding up the page.
    _replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["doanvu.dbrouter.ReplicaRouter"]
# A replica further behind than this is not read; a browser that saved something reads from the primary for
# this long afterwards, so the officer sees what they saved whichever server answers.
REPLICA_MAX_LAG_SECONDS = envint("REPLICA_MAX_LAG_SECONDS", "30")
# A replica that did not answer is asked again only after this long (the primary answers meanwhile).
REPLICA_RETRY_SECONDS = envint("REPLICA_RETRY_SECONDS", "30")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the officer's seat with the user (doanvu/accounts/backends.py).
    "doanvu.accounts.backends.OfficerBackend",
    # Sessions opened before it came: read back through the backend that opened them.
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: after AXES_FAILURE_LIMIT failed attempts for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", "15") / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = envbool("AXES_ENABLED", "True")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["doanvu.formats"]

STATIC_URL = "/static/"
# The project package is not an installed app, so its static folder is named here.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not os.getenv("PYTEST_VERSION")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

UPLOAD_MAX_MB = envint("UPLOAD_MAX_MB", "50")
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_MB * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Caps on every uploaded table (doanvu.lib.spreadsheets): checked before and while it is parsed, in a
# child process limited to IMPORT_MEMORY_MB of memory and IMPORT_CPU_SECONDS of processor time.
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", "100000")
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", "200")
IMPORT_MAX_CELL_CHARS = envint("IMPORT_MAX_CELL_CHARS", "2000")
IMPORT_MEMORY_MB = envint("IMPORT_MEMORY_MB", "1536")
IMPORT_CPU_SECONDS = envint("IMPORT_CPU_SECONDS", "120")
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

# Heavy work (imports) runs in `doanvu db_worker` processes fed from a table of this database
# (docs/architecture.md, "Background jobs"). JOB_WORKERS is how many `make run` starts.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOB_WORKERS = envint("JOB_WORKERS", "1")
# A running job whose worker has not written its heartbeat for this long has died with it.
JOB_LEASE_SECONDS = envint("JOB_LEASE_SECONDS", "60")
# A member export of more rows than this is made by the worker; a branch's list downloads at once.
EXPORT_INLINE_MAX_ROWS = envint("EXPORT_INLINE_MAX_ROWS", "200")
# While this file exists a running job waits after each chunk of rows (at most JOB_LEASE_SECONDS): lets a
# test or a demonstration watch the progress of a job mid-way. Empty: never.
JOB_HOLD_FILE = os.getenv("JOB_HOLD_FILE", "")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = envint("SESSION_HOURS", "12") * 3600
X_FRAME_OPTIONS = "DENY"
# The Content-Security-Policy of every page (django-csp; Django has its own only from 6.0). No page has an
# inline script or a style attribute; a <style> element carries the request's nonce (`request.csp_nonce`).
# Files sent for download set their own, stricter policy (doanvu/lib/http.py), which the middleware keeps.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# A form sent from a stale page gets the site's own Vietnamese 403 page (doanvu/errors.py).
CSRF_FAILURE_VIEW = "doanvu.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "True")
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "True")
    # The test client speaks plain HTTP; every other production setting stays on under pytest.
    SECURE_SSL_REDIRECT = envbool(
        "SECURE_SSL_REDIRECT", "False" if "PYTEST_VERSION" in os.environ else "True"
    )
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# "Members as they stood on a date" looks up each member's latest history row before that date.
SIMPLE_HISTORY_DATE_INDEX = "composite"

# Figures read from the rollups (doanvu.stats.rollups) instead of being summed from the records at read
# time (docs/architecture.md, "Rollups").
DOANVU_STATS_FROM_ROLLUPS = envbool("STATS_FROM_ROLLUPS", "True")
# Connections that sum the rollups' sources at once in a rebuild or a check on PostgreSQL
# (stats/rollup_parallel.py): one per core by default; 1 sums them one after another.
ROLLUP_WORKERS = envint("ROLLUP_WORKERS", str(os.cpu_count() or 1))

# The Union's rules that change with a charter or guideline: configuration with a default.
DOANVU_RULES = {
    # Admission: from the day after the 15th birthday up to (not including) the 31st birthday.
    "admission_min_age": 15,
    "admission_max_age": 30,
    "coming_of_age": 30,
    "branch_min_members": envint("RULE_BRANCH_MIN_MEMBERS", "3"),
    "grassroots_min_branches": envint("RULE_GRASSROOTS_MIN_BRANCHES", "2"),
    "grassroots_min_members": envint("RULE_GRASSROOTS_MIN_MEMBERS", "30"),
    "bloc_min_members": envint("RULE_BLOC_MIN_MEMBERS", "500"),
    # Party pipeline: probationary membership from 18, full membership after 12 months.
    "party_min_age": 18,
    "party_probation_months": 12,
    # The removal rule (a warning list): missed meetings or unpaid months within a year.
    "removal_missed_meetings": envint("RULE_REMOVAL_MISSED_MEETINGS", "3"),
    "removal_unpaid_months": envint("RULE_REMOVAL_UNPAID_MONTHS", "3"),
    "dues_arrears_months": envint("RULE_DUES_ARREARS_MONTHS", "3"),
    # Attendance by QR: members may check in from this many minutes before a meeting's start.
    "checkin_early_minutes": 30,
    # The awareness-course certificate is valid this many years.
    "party_course_valid_years": 5,
    # Member evaluation defaults, where no unit up the tree has set its own rules for the year
    # (evaluation.EvaluationPolicy): percentages of meetings attended, the training result outstanding needs,
    # the largest share of outstanding members (None: no quota).
    "evaluation": {
        "outstanding_min_attendance_pct": 90,
        "outstanding_training_result": "outstanding",
        "good_min_attendance_pct": 70,
        "completed_min_attendance_pct": 50,
        "max_unpaid_dues_months": 3,
        "outstanding_max_share_pct": None,
        "discipline_caps_level": True,
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A server error's log line starts with the reference its page shows (doanvu/lib/error_reference.py).
    "filters": {"error_reference": {"()": "doanvu.lib.error_reference.ErrorReferenceFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["error_reference"]}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# E-mail (reminders to units late with a report): Django's console backend unless an SMTP server is named.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "true")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "doanvu@localhost")
