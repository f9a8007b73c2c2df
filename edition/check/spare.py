"""A spare EPUBCheck: one build leaves it warm for the next.

Most of an EPUBCheck run is the JVM's start-up and the loading of its
schemas (see ``validate``): about 4 s of a rebuild that otherwise takes 3.
So ``edition build`` leaves an EPUBCheck started when it ends
(``leave``).  It warms up in the background, with the JVM's optimising
compiler, on a tiny EPUB and on the EPUB the build made, then waits on a
Unix domain socket in a folder only this user can enter.  The next build
claims it (``claim``: the first to connect has it) and hands it the EPUB,
which it checks at once.  A spare checks one EPUB and ends, so every check
starts from the same state.  It also ends when nobody comes in time, ten
minutes by default.

``EDITION_SPARE_EPUBCHECK``: the seconds a spare waits; 0 leaves none.  None
is left where ``CI`` is set, since nothing builds there twice.
``EDITION_SPARE_DIR``: the folder of its socket (default: the temporary
folder's ``edition-UID``).
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import socket
import subprocess
import tempfile
from pathlib import Path

from edition.check.epubcheck import PATIENT_OPTIONS, finished, java_and_jar, request, warm_up_epubs

PROGRAM = Path(__file__).resolve().parent / "EpubCheckSpare.java"
WAIT = 600
WAIT_FOR_CHECK = 300        # seconds a build waits for a claimed spare's check


def seconds() -> int:
    """How long a spare waits for the next build (0: no spares)."""
    value = os.environ.get("EDITION_SPARE_EPUBCHECK")
    if value is None:
        return 0 if os.environ.get("CI", "").lower() not in ("", "0", "false") else WAIT
    return int(value) if value.strip().isdigit() else 0


def _folder() -> Path | None:
    """The spares' folder, made if missing; None unless it is this user's alone."""
    folder = Path(os.environ.get("EDITION_SPARE_DIR") or Path(tempfile.gettempdir()) / f"edition-{os.getuid()}")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        status = folder.stat()
    except OSError:
        return None
    return folder if status.st_uid == os.getuid() and not status.st_mode & 0o077 else None


def _java() -> tuple[str, str] | None:
    if not hasattr(socket, "AF_UNIX") or not hasattr(os, "getuid"):
        return None
    return java_and_jar()


@functools.lru_cache(maxsize=None)
def java_version(java: str) -> int:
    """The Java's feature version (17 for "17.0.15"; 0 if it cannot tell): a spare needs 16 or later, for
    Unix domain sockets."""
    try:
        said = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.SubprocessError):
        return 0
    found = re.search(r'version "(?:1\.)?(\d+)', said)
    return int(found.group(1)) if found else 0


def _socket_path() -> Path | None:
    """Where a spare for this Java, this EPUBCheck and this program listens (None: spares cannot run here)."""
    found, folder = _java(), _folder()
    if found is None or folder is None:
        return None
    java, jar = found
    jar_status = os.stat(jar)
    key = hashlib.sha256("\0".join([os.path.realpath(java), jar, str(jar_status.st_size),
                                    str(jar_status.st_mtime_ns), PROGRAM.read_text(encoding="utf-8")]).encode())
    return folder / f"epubcheck-{key.hexdigest()[:16]}.sock"


class Spare:
    """A claimed spare, used like ``validate.WarmEpubCheck``: ``check``, ``wait``, ``close``."""

    def __init__(self, connection: socket.socket):
        self.connection = connection
        self.used = False

    def check(self, epub: Path, report: Path) -> bool:
        try:
            self.connection.sendall(request(epub, report).encode("utf-8"))
        except OSError:
            return False
        self.used = True
        return True

    def wait(self) -> bool:
        """Wait for the check handed to it; False if it ended without one (or hangs: the build then runs
        EPUBCheck on its own)."""
        try:
            self.connection.settimeout(WAIT_FOR_CHECK)
            with self.connection.makefile("r", encoding="utf-8") as lines:
                return finished(lines)
        except OSError:
            return False

    def close(self) -> None:
        self.connection.close()


def waiting() -> bool:
    """Whether a spare seems to wait (its socket is there: ``claim`` may still find it gone)."""
    path = _socket_path() if seconds() else None
    return path is not None and path.exists()


def claim() -> Spare | None:
    """The spare waiting for this build, if there is one (it is then this build's alone)."""
    path = _socket_path() if seconds() else None
    if path is None or not path.exists():
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(str(path))
    except OSError as error:
        connection.close()
        if isinstance(error, ConnectionRefusedError):     # left by a spare that was killed: nobody listens
            path.unlink(missing_ok=True)
        return None
    return Spare(connection)


def leave(last: Path | None = None) -> Path | None:
    """Start a spare for the next build, unless one is waiting already; its socket's path (None: none left).
    ``last``: the EPUB this build made, for the spare to warm up on (copied: the next build replaces it)."""
    wait = seconds()
    path = _socket_path() if wait else None
    if path is None or path.exists():
        return None
    java, jar = _java()
    if java_version(java) < 16:
        return None
    try:
        for stale in path.parent.glob("epubcheck-*.epub"):   # left for spares of another Java or EPUBCheck
            key = stale.name.split(".")[0]
            if key != path.stem and not (path.parent / f"{key}.sock").exists():
                stale.unlink(missing_ok=True)
        warm_up = warm_up_epubs(path.with_suffix(".epub"), path.with_suffix(".last.epub"), last)
        command = [java, *PATIENT_OPTIONS, "-Duser.language=en", "-cp", jar, str(PROGRAM), str(path), str(wait),
                   *map(str, warm_up)]
        # through a shell that puts it in the background and ends: the spare outlives this process, whose
        # own children it is not (nobody waits for it, and it holds none of this process's files)
        subprocess.run(["/bin/sh", "-c", '"$@" </dev/null >/dev/null 2>&1 &', "sh", *command],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       start_new_session=True, check=False)
    except OSError:             # a spare is a help, never a reason for a build to fail
        return None
    return path
