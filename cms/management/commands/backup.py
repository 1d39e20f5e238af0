from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cms.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media to a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", dest="directory", required=True, type=Path, metavar="DIR"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *, directory, database, verbosity, **options):
        try:
            manifest = backup(directory, using=database)
        except BackupError as error:
            raise CommandError(error) from error
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Backed up the {manifest.vendor} database and "
                    f"{manifest.media_files} media files to {directory}."
                )
            )
