from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chuangxian.backup import backup_restore, latest_backup


class Command(BaseCommand):
    help = "Restore a backup (default: the latest in var/backups/). Stop the web and worker first."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?", default=None)

    def handle(self, *args, path=None, **options):
        path = path or latest_backup()
        if path is None:
            raise CommandError("No backup found in var/backups/.")
        try:
            backup_restore(path=path)
        except ValueError as error:
            raise CommandError(str(error))
        self.stdout.write(f"Restored {path}")
