"""Run a command and measure it: wall time, and the peak memory of the command with every process it
starts (the layout workers, the EPUB's process, EPUBCheck's JVM), summed.

Memory is each process's proportional set size (Pss, from /proc/PID/smaps_rollup): pages shared after a
fork count once, split between the processes sharing them, so the sum is what the processes together
hold.  Sampled every 250 ms (Linux only; reading Pss costs a few milliseconds, which a
sampler every 50 ms would take from the build it measures).
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time


def _children() -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            found.setdefault(parent, []).append(int(entry))
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_memory(root: int) -> int:
    """KiB held by a process and all its descendants."""
    children = _children()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += _pss_kib(pid)
        stack += children.get(pid, [])
    return total


def run(command: list[str], cwd=None, env=None) -> tuple[float, float, str]:
    """(wall seconds, peak MiB of the process tree, stdout); exits with its stderr if the command fails."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_memory(process.pid))
            time.sleep(0.25)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if process.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{err.read()}")
        return seconds, peak / 1024, out.read()
