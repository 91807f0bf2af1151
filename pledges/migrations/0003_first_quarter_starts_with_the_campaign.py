"""Data: a campaign's first quarter begins with the campaign (one definition of a
campaign quarter, ``Campaign.quarter_span``). Campaigns made with the old defaults had
their first quarterly inspection on the next calendar quarter's first day, leaving the
weeks after the start in no quarter while findings were already dated in them."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Campaign = apps.get_model("pledges", "Campaign")
    Campaign.objects.filter(
        quarter1_on__gt=F("phase1_start"), quarter2_on__gt=F("phase1_start")
    ).update(quarter1_on=F("phase1_start"))


class Migration(migrations.Migration):
    dependencies = [("pledges", "0002_activity_records")]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)
    ]
