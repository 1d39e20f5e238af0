"""Find and read seed files: regular files only, never through a link, never
more than MAX_FILE_BYTES.

Plain Python, like the parser. A path the import will not read raises (or is
reported as) SkippedFile, whose message names the path and why, never what the
file holds.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

# The real seed is 7.6 KB; no page of the site comes near a megabyte.
MAX_FILE_BYTES = 1_000_000

LINK = "it is a symbolic link, and links are never followed"
# Open without following a link in the last component, and without waiting for
# a writer should the path have become a named pipe since it was looked at.
OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class SkippedFile(Exception):
    """A path the import does not read as a seed file."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: skipped, {reason}")


def what_it_is(mode: int) -> str:
    """Why a file of this mode is not read."""
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISDIR(mode):
        return "it is a folder, not a regular file"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe, not a regular file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device file, not a regular file"
    return "it is not a regular file"


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """The seed files under `paths`, each once, and a message for each path
    skipped.

    A folder is searched for *.txt; a folder named on the command line may be
    reached through a link, but nothing inside it is followed. Regular files are
    the only things taken: links (of any kind), pipes, sockets, device files and
    folders named *.txt are skipped, as is a file named on the command line that
    is any of these."""
    files: list[Path] = []
    skipped: list[str] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            skipped.append(f"{path}: no such file or folder")
            continue
        except OSError as exc:
            skipped.append(
                str(SkippedFile(path, f"it cannot be read ({exc.strerror})"))
            )
            continue
        if stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and path.is_dir()):
            found, refused = _search(path)
            files += found
            skipped += refused
        elif stat.S_ISREG(mode):
            files.append(path)
        else:
            skipped.append(str(SkippedFile(path, what_it_is(mode))))
    # A file named twice (a folder and a file in it, say) is read once.
    return list(dict.fromkeys(files)), skipped


def _search(folder: Path) -> tuple[list[Path], list[str]]:
    files: list[Path] = []
    skipped: list[SkippedFile] = []

    def unreadable(exc: OSError) -> None:
        reason = f"it is a folder that cannot be read ({exc.strerror})"
        skipped.append(SkippedFile(exc.filename, reason))

    for root, folders, names in os.walk(folder, onerror=unreadable):
        for name in list(folders):
            path = Path(root, name)
            if path.is_symlink():  # to a folder; walk would not follow it either
                skipped.append(SkippedFile(path, LINK))
                folders.remove(name)
            elif name.endswith(".txt"):
                skipped.append(SkippedFile(path, what_it_is(stat.S_IFDIR)))
                folders.remove(name)
        for name in names:
            if not name.endswith(".txt"):
                continue
            path = Path(root, name)
            try:
                mode = path.lstat().st_mode
            except OSError as exc:  # gone since the folder was listed
                skipped.append(SkippedFile(path, f"it cannot be read ({exc.strerror})"))
                continue
            if stat.S_ISREG(mode):
                files.append(path)
            else:
                skipped.append(SkippedFile(path, what_it_is(mode)))
    skipped.sort(key=lambda s: Path(s.path))
    return sorted(files), [str(s) for s in skipped]


def read_seed_bytes(path: str | Path) -> bytes:
    """The bytes of the regular file at `path`, opened without following a link
    and read no further than MAX_FILE_BYTES. Anything else raises SkippedFile.

    The checks are made on the opened file, so a path swapped for a link, a pipe
    or a bigger file after it was listed is refused all the same."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.EMLINK):  # EMLINK on the BSDs
            raise SkippedFile(path, LINK) from None
        try:  # a socket, say, cannot be opened at all: say what it is
            mode = os.lstat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            raise SkippedFile(path, what_it_is(mode)) from None
        raise SkippedFile(path, f"it cannot be read ({exc.strerror})") from None
    with open(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise SkippedFile(path, what_it_is(info.st_mode))
        limit = f"a seed file may be at most {MAX_FILE_BYTES:,} bytes"
        if info.st_size > MAX_FILE_BYTES:
            raise SkippedFile(path, f"it is {info.st_size:,} bytes; {limit}")
        try:
            data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise SkippedFile(path, f"it cannot be read ({exc.strerror})") from None
    if len(data) > MAX_FILE_BYTES:  # it grew after fstat
        raise SkippedFile(path, f"it is more than {MAX_FILE_BYTES:,} bytes; {limit}")
    return data
