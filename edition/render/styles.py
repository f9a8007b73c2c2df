"""Where the styles are: the templates, CSS and fonts of ``styles/``, installed inside the package as
``edition.styles`` (``pyproject.toml`` maps the folder there), so that a wheel carries them."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def folder() -> Path:
    """The styles' folder: the package data ``edition.styles``, or ``styles/`` beside the package in a
    checkout that is not installed."""
    try:
        found = Path(str(resources.files("edition.styles")))
    except ModuleNotFoundError:
        found = Path(__file__).resolve().parents[2] / "styles"
    return found


STYLES = folder()
