"""Settings of the benchmark: the project's own, with a cheap password hasher.

The bench database holds only generated accounts, so MD5 hashing (never for real
accounts) keeps generation fast; everything else is production-like (DEBUG off,
manifest static files served by whitenoise, real session and CSRF handling).
"""

from chuangxian.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ROOT_URLCONF = "bench.urls"
# One line per request would cost more than some pages; gunicorn logs errors only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The project's manifest storage stops collectstatic on a vendored file's missing
# source map (static/vendor/chartjs/chart.umd.min.js → chart.umd.min.js.map); static
# files are not what this benchmark measures, so it serves them compressed, unhashed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405  (its manage.py bench_generate)
