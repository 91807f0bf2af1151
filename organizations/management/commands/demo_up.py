"""``manage.py demo_up``: everything ``make run`` does before start-up, in one process.

Bring the database up to date (on a brand-new SQLite database at once, see
``core.fast_migrate``), build or complete the demo (``seed_demo``) and print the banner
(``demo_banner``). One process instead of three saves loading Django twice.
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import fast_migrate


class Command(BaseCommand):
    help = (
        "Migrate (at once on a new SQLite database), seed the demo and print the "
        "banner: the steps of make run before the servers start."
    )

    # The web server runs the system checks a moment later; not twice.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the site runs."
        )
        parser.add_argument(
            "--no-banner", action="store_true", help="Do not print the banner."
        )
        parser.add_argument(
            "--timings", action="store_true", help="Print how long each step took."
        )

    def handle(self, *args, **options):
        timings = []
        started = time.monotonic()
        fast_migrate.migrate(stdout=self.stdout)
        timings.append(("migrate", time.monotonic() - started))
        started = time.monotonic()
        try:
            call_command("seed_demo", stdout=self.stdout)
        except Exception as error:  # noqa: BLE001 - any seeder's failure, reported
            # The site starts with the data as they are: a demo changed by its users
            # (roles removed, campaigns added) must not keep the servers from coming
            # up. ``manage.py seed_demo`` alone raises, for the tests and to debug.
            self.stderr.write(
                f"The demo data could not be completed ({type(error).__name__}: "
                f"{error}); the site starts with the data as they are. Run "
                "`python manage.py seed_demo` to see the whole error."
            )
        timings.append(("seed_demo", time.monotonic() - started))
        if not options["no_banner"]:
            call_command("demo_banner", url=options["url"], stdout=self.stdout)
        if options["timings"]:
            self.stdout.write(
                ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings)
            )
