"""Run an import over files and folders: parse, load, count, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import nullcontext
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from cms.seed_import.loader import ImportStats, SeedLoader
from cms.seed_import.parser import SeedError, parse_file


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


def import_files(
    files: list[Path],
    *,
    dry_run: bool = False,
    on_error: Callable[[str], None] = lambda message: None,
    on_progress: Callable[[int], None] = lambda done: None,
) -> ImportStats:
    """Import each file in its own transaction; report bad ones through
    `on_error` and go on with the rest. With `dry_run`, roll everything back."""
    stats = ImportStats()
    loader = SeedLoader(stats)
    # Each file commits on its own; a dry run wraps them all to roll back.
    with transaction.atomic() if dry_run else nullcontext():
        for done, path in enumerate(files, start=1):
            try:
                loader.load(parse_file(path))
            except SeedError as exc:
                stats.files_failed += 1
                on_error(str(exc))
            except (OSError, DatabaseError, ValidationError, ValueError) as exc:
                stats.files_failed += 1
                on_error(f"{path}: {exc}")
            on_progress(done)
        if dry_run:
            transaction.set_rollback(True)
    return stats
