from pathlib import Path

from django.core.management.base import BaseCommand

from chuangxian.backup import backup_create


class Command(BaseCommand):
    help = "Back up the database and uploaded files into var/backups/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--folder", type=Path, default=None)

    def handle(self, *args, folder=None, **options):
        path = backup_create(folder=folder)
        self.stdout.write(str(path))
