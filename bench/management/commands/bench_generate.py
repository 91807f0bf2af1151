"""``manage.py bench_generate``: build the benchmark institute (bench.generate)."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import generate


class Command(BaseCommand):
    help = "Generate the benchmark institute in bulk (skips a complete cached dataset)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=[
                "full",
                "demo",
                "small",
                "tiny",
                "institute_of_academy",
                "institute_of_small_academy",
            ],
            default="full",
        )
        parser.add_argument(
            "--academy",
            type=int,
            default=None,
            metavar="N",
            help="An academy of N institutes, each at --scale.",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Empty the database first and build again.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the dataset's meta as JSON."
        )

    def handle(self, *args, scale, fresh, json: bool, academy, **options):
        size = generate.Scale.from_name(scale)
        if fresh:
            call_command("flush", interactive=False, verbosity=0)
            generate.meta_clear()
        if generate.is_complete(size, academy):
            self.stderr.write(f"bench dataset ({scale}) already complete: reused")
            meta = generate.meta_read()
        else:
            from organizations.models import Organization

            if Organization.objects.exists() and generate.meta_read() is not None:
                # A complete benchmark dataset of another generator version or
                # scale (its marker says so): ours to replace, as --fresh would.
                self.stderr.write("an older bench dataset: emptied and built again")
                call_command("flush", interactive=False, verbosity=0)
                generate.meta_clear()
            if Organization.objects.exists():
                raise CommandError(
                    "This database holds other data or an incomplete or older "
                    "benchmark dataset; run again with --fresh to empty it first."
                )
            if academy:
                self.stderr.write(
                    f"generating the bench academy ({academy} × {scale}) …"
                )
                meta = generate.generate_academy(
                    institutes=academy, scale=size, out=self.stderr
                )
            else:
                self.stderr.write(f"generating the bench institute ({scale}) …")
                meta = generate.generate(scale=size, out=self.stderr)
        _analyze()
        if json:
            self.stdout.write(_dumps(meta))


def _analyze() -> None:
    """Planner statistics, as a database in service has them after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
