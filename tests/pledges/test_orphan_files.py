"""Uploaded files whose transaction rolled back (or whose process died before the
commit) are removed by the nightly sweep once they are a day old; files a row still
refers to, and fresh ones whose transaction may still be open, are kept."""

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from chuangxian.celery import app
from pledges import services
from pledges.models import Evidence, Status
from pledges.uploads import purge_orphan_files
from tests.pledges.builders import make_pledge
from tests.pledges.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media):
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


class Rollback(Exception):
    pass


def test_the_sweep_removes_files_left_by_a_rolled_back_upload(inst, campaign, media):
    pledge = make_pledge(
        campaign,
        inst.branch,
        inst.people["member"],
        inst.user("member"),
        state=Status.PUBLISHED,
        approver=inst.user("secretary"),
    )
    item = pledge.items.first()
    kept = services.progress_report(
        subject=item,
        by=inst.user("member"),
        status="on_track",
        percent=10,
        text="保留",
        files=[SimpleUploadedFile("照片.png", png_bytes())],
    )
    with pytest.raises(Rollback), transaction.atomic():
        services.progress_report(
            subject=item,
            by=inst.user("member"),
            status="on_track",
            percent=20,
            text="回滚",
            files=[SimpleUploadedFile("说明.pdf", pdf_bytes())],
        )
        raise Rollback
    kept_name = Evidence.objects.get(update=kept).file.name
    assert Evidence.objects.count() == 1
    assert len(stored(media)) == 2  # the rolled-back upload is still on disk

    # A fresh orphan may belong to a transaction still open: kept.
    assert purge_orphan_files() == 0
    assert len(stored(media)) == 2

    app.loader.import_default_modules()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert app.tasks["chuangxian.uploads_purge_orphans"].apply().get() == 1
    assert stored(media) == [kept_name]
    assert default_storage.exists(kept_name)


def test_the_sweep_leaves_other_folders_alone(db, media):
    (media / "exports").mkdir()
    (media / "exports" / "roster.xlsx").write_bytes(b"x")
    (media / "backups").mkdir()
    (media / "backups" / "db.dump").write_bytes(b"x")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=30)):
        assert purge_orphan_files() == 0
    assert stored(media) == ["backups/db.dump", "exports/roster.xlsx"]


def test_the_sweep_is_on_the_beat_schedule(settings):
    app.loader.import_default_modules()  # what a worker does when it starts
    entry = settings.CELERY_BEAT_SCHEDULE["uploads-purge-orphans"]
    assert entry["task"] == "chuangxian.uploads_purge_orphans"
    assert entry["task"] in app.tasks
