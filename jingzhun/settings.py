"""Jingzhun settings: one module, configured from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url

from jingzhun.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("JINGZHUN_DEBUG", False)
# The demo and the tests run with DEBUG; a production deployment must set its own key.
SECRET_KEY = env_str("JINGZHUN_SECRET_KEY", "insecure-dev-key-change-me" if DEBUG else None)
ALLOWED_HOSTS = env_list("JINGZHUN_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("JINGZHUN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "django_tables2",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "jingzhun.core",
    "jingzhun.accounts",
    "jingzhun.regions",
    "jingzhun.registry",
    "jingzhun.standards",
    "jingzhun.projects",
    "jingzhun.quality",
    "jingzhun.exits",
    "jingzhun.assistance",
    "jingzhun.assessments",
    "jingzhun.rectification",
    "jingzhun.cooperation",
    "jingzhun.taskforce",
    "jingzhun.relocation",
    "jingzhun.measures",
    "jingzhun.monitoring",
    "jingzhun.dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jingzhun.core.middleware.SecurityHeadersMiddleware",
    "jingzhun.core.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "jingzhun.core.audit.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "jingzhun.core.errorpages.ErrorPagesMiddleware",
]

if not DEBUG:
    # In production WhiteNoise serves the collected static files (manage.py collectstatic).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "jingzhun.urls"
WSGI_APPLICATION = "jingzhun.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jingzhun" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jingzhun.core.access.access_context",
            ],
            "builtins": ["jingzhun.core.templatetags.jz"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'jingzhun.sqlite3'}"),
        conn_max_age=env_int("JINGZHUN_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker write while pages read; a busy timeout instead of
    # "database is locked" errors under concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if DEBUG:
        # The development server runs each request in a new thread, which a kept connection cannot outlive.
        DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The one table of who may do what (core.access reads it): role × action per app or model.
JINGZHUN_ACCESS_POLICY = "jingzhun.accounts.policy"
# The region picker (county → township → village, scoped) that the kit's filters and forms use.
JINGZHUN_REGION_WIDGET = "jingzhun.regions.forms.RegionPickerWidget"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures per user name and address lock out for 30 minutes.
AXES_FAILURE_LIMIT = env_int("JINGZHUN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: failures from one address over all user names (accounts.forms.LoginForm).
JINGZHUN_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("JINGZHUN_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "zh-hans"
# The UI speaks Simplified Chinese whatever the browser asks for (no LocaleMiddleware): dates,
# numbers and the framework's own messages are formatted the Chinese way for every user.
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "jingzhun" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("JINGZHUN_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "jingzhun" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("JINGZHUN_MEDIA_ROOT", str(BASE_DIR / "media")))
# Uploaded and produced files (evidence, imports, exports with personal data) are readable by
# the server's own account only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Upload limits (core.uploads): evidence, and spreadsheets for import (packed and unpacked).
JINGZHUN_UPLOAD_MAX_MB = env_int("JINGZHUN_UPLOAD_MAX_MB", 20)
JINGZHUN_IMPORT_MAX_MB = env_int("JINGZHUN_IMPORT_MAX_MB", 100)
JINGZHUN_IMPORT_MAX_UNPACKED_MB = env_int("JINGZHUN_IMPORT_MAX_UNPACKED_MB", 200)
# Parquet snapshot of the registry for the columnar rule engine (manage.py snapshot).
SNAPSHOT_DIR = Path(env_str("JINGZHUN_SNAPSHOT_DIR", str(BASE_DIR / "snapshot")))

# Background jobs run in `manage.py db_worker` (bin/demo starts one); tests run them inline.
TASKS = {"default": {"BACKEND": env_str("JINGZHUN_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Answers 401 (with WWW-Authenticate) to the unauthenticated, not 403.
        "jingzhun.core.api.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PARSER_CLASSES": [
        # JSON without NUL characters or deep nesting (400, not a 500 further in).
        "jingzhun.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["jingzhun.core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "jingzhun.core.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "jingzhun.core.api.errors.exception_handler",
    "PAGE_SIZE": 50,
    # Per worker process (the default in-memory cache).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("JINGZHUN_API_ANON_RATE", "30/minute"),
        "user": env_str("JINGZHUN_API_USER_RATE", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "精准 Jingzhun API",
    "DESCRIPTION": "脱贫攻坚指挥部信息系统：行政区划、建档立卡贫困户登记。所有数据按用户的行政区划范围过滤。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CauseEnum": "jingzhun.registry.choices.Cause",
        "RegionLevelEnum": "jingzhun.regions.choices.Level",
        "EvaluationLevelEnum": "jingzhun.standards.choices.Level",
        "FundSourceEnum": "jingzhun.projects.choices.FundSource",
        "AssessmentSourceEnum": "jingzhun.assessments.choices.Source",
    },
}

# Production hardening; the demo (DEBUG) runs over plain http on 127.0.0.1.
SECURE = not DEBUG
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("JINGZHUN_SESSION_SECONDS", 8 * 3600)
SECURE_SSL_REDIRECT = env_bool("JINGZHUN_SSL_REDIRECT", SECURE)
SECURE_HSTS_SECONDS = env_int("JINGZHUN_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("JINGZHUN_BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JINGZHUN_LOG_LEVEL", "WARNING")},
}
