"""The Celery app: one worker pool and exactly one beat run the campaign calendar."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chuangxian.settings")

app = Celery("chuangxian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
