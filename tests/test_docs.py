"""The docs stay true to the code: docs/manifest.md is generated from the schema, and the README stays short."""

from __future__ import annotations

from pathlib import Path

from edition import reference

ROOT = Path(__file__).resolve().parent.parent
REGENERATE = "python3 -m edition.reference > docs/manifest.md"


def test_manifest_reference_is_generated_from_the_schema():
    written = (ROOT / "docs" / "manifest.md").read_text(encoding="utf-8")
    assert written == reference.reference(), (
        f"docs/manifest.md differs from the schema's key docs (edition/manifest/); regenerate it: {REGENERATE}")


def test_manifest_reference_shows_every_table_of_keys():
    assert not reference.uncovered(), (
        f"tables of keys missing from edition/reference.py's sections(): {', '.join(reference.uncovered())}; "
        f"add them there, then run {REGENERATE}")


def test_readme_is_under_12_kb():
    size = (ROOT / "README.md").stat().st_size
    assert size < 12_000, f"README.md is {size} bytes; keep it under 12 KB (12,000 bytes) and move detail to docs/"
