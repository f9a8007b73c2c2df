"""edition: raw extracted texts in, finished books out (EPUB 3 and print PDF)."""

__version__ = "0.1.0"
