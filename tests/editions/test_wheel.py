"""The package as a user installs it: a wheel, with its styles inside, builds the default reader."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile

import pytest

from tests.helpers import READER, ROOT

pytestmark = pytest.mark.slow      # builds a wheel and an edition


def test_a_wheel_installed_in_a_fresh_environment_builds_the_reader(tmp_path):
    """The wheel carries the styles (templates, CSS, fonts) and EPUBCheck's warm program; installed into a
    new virtual environment (which takes the dependencies from this one's site-packages, to stay offline),
    it runs from there, not from this checkout, and builds the default reader."""
    wheels = tmp_path / "wheels"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                           "-w", str(wheels), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stderr
    wheel = next(wheels.glob("edition-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for name in ("edition/styles/print.css", "edition/styles/templates/pdf/piece.html",
                 "edition/styles/fonts/EBGaramond-Regular.ttf", "edition/check/EpubCheckWarm.java"):
        assert name in names, name

    environment = tmp_path / "venv"
    venv.create(environment, system_site_packages=True, with_pip=True)
    python = environment / "bin" / "python"
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}     # (a PYTHONPATH naming this checkout)
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)],
                               env=clean, capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    where = subprocess.run([str(python), "-c", "import edition, edition.render.styles as s; "
                            "print(edition.__file__); print(s.STYLES)"],
                           cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60)
    assert where.returncode == 0, where.stderr
    package, styles = where.stdout.split()
    assert package.startswith(str(environment)) and styles.startswith(str(environment)), where.stdout

    built = subprocess.run([str(python), "-m", "edition", "build", str(READER), "-o", str(tmp_path / "out")],
                           cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "reader.epub").is_file() and (tmp_path / "out" / "reader.pdf").is_file()
