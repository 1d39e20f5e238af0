"""Run an import over seed files: parse, load, count, report."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from django.db import transaction

from cms.seed_import.files import SkippedFile
from cms.seed_import.loader import ImportStats, SeedLoader, import_ref_for
from cms.seed_import.parser import NotUTF8, Seed, SeedError, parse_file

# Files written per transaction. A batch that fails is retried file by file.
BATCH_SIZE = 100


def import_files(
    files: list[Path],
    *,
    dry_run: bool = False,
    on_error: Callable[[str], None] = lambda message: None,
    on_progress: Callable[[int], None] = lambda done: None,
    batch_size: int = BATCH_SIZE,
) -> ImportStats:
    """Parse every file and write the good ones in batches; report bad ones
    through `on_error` and go on with the rest. A file that is not a regular
    UTF-8 file within the size limit is skipped unread; one that fails to parse
    or to write leaves nothing behind. With `dry_run`, roll everything back."""
    stats = ImportStats()
    loader = SeedLoader(stats)
    batch: list[Seed] = []

    def write_batch():
        for seed, exc in loader.load_batch(batch):
            stats.files_failed += 1
            on_error(f"{seed.path}: {exc}")
        batch.clear()

    first_of_name: dict[str, Path] = {}  # by import_ref, the natural key

    # Batches commit on their own; a dry run wraps them all to roll back.
    with transaction.atomic() if dry_run else nullcontext():
        for done, path in enumerate(files, start=1):
            try:
                seed = parse_file(path)
            except SkippedFile as exc:
                stats.files_skipped += 1
                on_error(str(exc))
            except NotUTF8 as exc:
                stats.files_skipped += 1
                reason = f"it is not UTF-8 text (line {exc.line}, byte {exc.offset})"
                on_error(str(SkippedFile(path, reason)))
            except SeedError as exc:
                stats.files_failed += 1
                on_error(str(exc))
            else:
                ref = import_ref_for(seed.path)
                if ref in first_of_name:
                    stats.files_failed += 1
                    on_error(
                        f"{path}: another file in this run has the same name, "
                        f"{first_of_name[ref]}; an article is known by its seed "
                        "file's name, so only that one is imported"
                    )
                else:
                    first_of_name[ref] = path
                    batch.append(seed)
            if len(batch) >= batch_size:
                write_batch()
            on_progress(done)
        if batch:
            write_batch()
        if dry_run:
            transaction.set_rollback(True)
    return stats
