"""Back up, change data, restore, and find the original (SQLite and PostgreSQL)."""

import pytest
from django.db import connection

from chuangxian.backup import backup_create, backup_restore
from organizations.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_restores_the_data_and_files_as_they_were(inst, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "evidence").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evidence" / "a.pdf").write_bytes(b"%PDF-1.4 original")
    member = inst.people["member"]
    path = backup_create(folder=tmp_path / "backups")

    Person.objects.filter(pk=member.pk).update(name="改过的名字")
    Person.objects.filter(pk=inst.people["staff"].pk).delete()
    (settings.MEDIA_ROOT / "evidence" / "a.pdf").write_bytes(b"changed")

    backup_restore(path=path)
    connection.close()
    member.refresh_from_db()
    assert member.name == "member"
    assert Person.objects.filter(pk=inst.people["staff"].pk).exists()
    assert (
        settings.MEDIA_ROOT / "evidence" / "a.pdf"
    ).read_bytes() == b"%PDF-1.4 original"
    assert ("postgresql" if (path / "database.dump").exists() else "sqlite") == (
        connection.vendor
    )
