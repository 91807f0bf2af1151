"""``manage.py criteria_defaults``: give existing campaigns the default criteria sets,
scoring lines and weights they lack; safe to run again, never changes an edited line."""

from django.core.management.base import BaseCommand

from evaluations.scoring.services import criteria_defaults_apply
from pledges.models import Campaign


class Command(BaseCommand):
    help = (
        "Add the default criteria sets, scoring lines and item weights that existing "
        "campaigns lack (sets the office has given lines keep them)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--campaign", type=int, action="append", help="Only this campaign (id)."
        )

    def handle(self, *args, **options):
        campaigns = Campaign.objects.select_related("scope").order_by("pk")
        if options["campaign"]:
            campaigns = campaigns.filter(pk__in=options["campaign"])
        for campaign in campaigns:
            added = criteria_defaults_apply(campaign=campaign, add_sets=True)
            self.stdout.write(
                f"{campaign.pk} {campaign}: {added['sets']} sets, "
                f"{added['lines']} lines, {added['weights']} weights added"
            )
