"""Run an import over files and folders: parse, load, count, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path

from django.db import transaction

from cms.seed_import.loader import ImportStats, SeedLoader
from cms.seed_import.parser import Seed, SeedError, parse_file


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Seed files under `paths` (folders are searched for *.txt), and errors for
    paths that do not exist."""
    files: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.txt") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            errors.append(f"{path}: no such file or folder")
    return files, errors


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
    through `on_error` and go on with the rest. A file that fails to parse or
    to write leaves nothing behind. With `dry_run`, roll everything back."""
    stats = ImportStats()
    loader = SeedLoader(stats)
    batch: list[Seed] = []

    def write_batch():
        for seed, exc in loader.load_batch(batch):
            stats.files_failed += 1
            on_error(f"{seed.path}: {exc}")
        batch.clear()

    # Batches commit on their own; a dry run wraps them all to roll back.
    with transaction.atomic() if dry_run else nullcontext():
        for done, path in enumerate(files, start=1):
            try:
                batch.append(parse_file(path))
            except SeedError as exc:
                stats.files_failed += 1
                on_error(str(exc))
            except OSError as exc:
                stats.files_failed += 1
                on_error(f"{path}: {exc}")
            if len(batch) >= batch_size:
                write_batch()
            on_progress(done)
        if batch:
            write_batch()
        if dry_run:
            transaction.set_rollback(True)
    return stats
