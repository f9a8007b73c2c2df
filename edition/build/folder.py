"""The output folder: its lock, held while a build writes there, and what killed builds left in it.

Light: the command asks it before it imports the builder."""

from __future__ import annotations

import fcntl
import os
import shutil
from pathlib import Path

from edition.messages import BuildFailed, message

LOCK = ".edition-lock"


def lock(out_dir: Path):
    """Take the output folder for this build (``LOCK``, a lock the system drops when the process ends,
    however it ends): a second build into it stops with b-005 rather than mix two editions."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        held = open(out_dir / LOCK, "a+", encoding="ascii")
    except OSError as error:
        raise BuildFailed(message("b-001", path=out_dir, problem=error.strerror or str(error)))
    try:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        held.seek(0)
        holder = held.read().strip() or "?"
        held.close()
        raise BuildFailed(message("b-005", folder=out_dir, pid=holder))
    held.seek(0)
    held.truncate()
    held.write(str(os.getpid()))
    held.flush()
    return held


def clear(out_dir: Path) -> None:
    """Remove the temporary folders killed builds left in the output folder (under its lock: no build that
    is running is using them)."""
    for left in out_dir.glob(".building-*"):
        if left.is_dir() and not left.is_symlink():
            shutil.rmtree(left, ignore_errors=True)


def clear_leftovers(out_dir: Path) -> None:
    """For a build that has nothing to do: the temporary folders of killed builds go all the same, if no
    build holds the folder now."""
    if not out_dir.is_dir() or not any(out_dir.glob(".building-*")):
        return
    try:
        held = lock(out_dir)
    except BuildFailed:                 # another build is running there: its folder is not ours to remove
        return
    try:
        clear(out_dir)
    finally:
        held.close()
