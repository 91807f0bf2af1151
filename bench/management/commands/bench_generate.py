"""``manage.py bench_generate``: build the benchmark institute (bench.generate)."""

import json

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import generate


class Command(BaseCommand):
    help = "Generate the benchmark institute in bulk (skips a complete cached dataset)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["full", "demo", "tiny"], default="full")
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Empty the database first and build again.",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the dataset's meta as JSON."
        )

    def handle(self, *args, scale, fresh, json: bool, **options):
        size = getattr(generate.Scale, scale)()
        if fresh:
            call_command("flush", interactive=False, verbosity=0)
            generate.meta_clear()
        if generate.is_complete(size):
            self.stderr.write(f"bench dataset ({scale}) already complete: reused")
            meta = generate.meta_read()
        else:
            from organizations.models import Organization

            if Organization.objects.exists():
                raise CommandError(
                    "This database holds other data or an incomplete or older "
                    "benchmark dataset; run again with --fresh to empty it first."
                )
            self.stderr.write(f"generating the bench institute ({scale}) …")
            meta = generate.generate(scale=size, out=self.stderr)
        if connection.vendor == "postgresql":
            # Planner statistics, as a database in service has them after a bulk load.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        if json:
            self.stdout.write(_dumps(meta))


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)
