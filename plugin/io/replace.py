"""Move a finished, staged file into place as the user expects of a save.

* A file it replaces keeps its mode and group (a team's 0664 file in a shared group
  folder stays writable by the team); a new file gets the mode the umask gives (a
  ``mkstemp`` file is 0600, which a chart shared over a web folder must not be).
* A symlink is written through: its target is replaced and the link stays.
The move itself is one ``os.replace`` (atomic within a file system).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    with _UMASK_LOCK:  # reading the umask means setting it: never two at once
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def target_of(final) -> Path:
    """Where writing ``final`` lands: the file a symlink points to (links followed)."""
    final = Path(final)
    return Path(os.path.realpath(final)) if final.is_symlink() else final


def move_into_place(staged, final) -> Path:
    """``os.replace(staged, final)`` keeping the replaced file's mode and group (a new
    file: 0666 less the umask), through a symlink; returns the path written."""
    target = target_of(final)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISREG(old.st_mode):
        os.chmod(staged, stat.S_IMODE(old.st_mode))
        if os.stat(staged).st_gid != old.st_gid:
            # Not a member of that group: the mode is still kept.
            with contextlib.suppress(OSError):
                os.chown(staged, -1, old.st_gid)
    else:
        os.chmod(staged, 0o666 & ~current_umask())
    try:
        os.replace(staged, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        # A link to another file system: copied beside its target, then renamed there.
        near = target.with_name(f".{target.name}.partial")
        shutil.copy2(staged, near)
        os.replace(near, target)
        os.unlink(staged)
    return target
