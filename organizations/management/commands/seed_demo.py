"""``manage.py seed_demo``: build the demo institute (演示单位); safe to run again."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from organizations.demo import DEMO_PASSWORD, demo_build, demo_seeders_run
from organizations.models import Organization, Person, User


class Command(BaseCommand):
    help = (
        "Build the invented demo institute with its people, roles and demo accounts, "
        "then let the apps above it add their demo data. A second run changes nothing."
    )

    def handle(self, *args, **options):
        try:
            institute = demo_build()
            seeded = demo_seeders_run(institute=institute)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages))
        units = Organization.objects.filter(institute=institute)
        people = Person.objects.filter(institute=institute)
        K = Organization.Kind
        general_branches = units.filter(kind=K.GENERAL_BRANCH).count()
        branches = units.filter(kind=K.BRANCH).count()
        members = people.filter(political_status__in=Person.PARTY_STATUSES).count()
        accounts = User.objects.filter(person__institute=institute).count()
        self.stdout.write(
            f"Demo institute {institute.name}: {general_branches} general branches, "
            f"{branches} branches, {people.count()} staff, {members} party members, "
            f"{accounts} accounts (password {DEMO_PASSWORD})."
        )
        for name in seeded:
            self.stdout.write(f"Demo data added by {name}.")
