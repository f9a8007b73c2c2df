"""The back-of-book index: one source (the index file) for both the PDF and the EPUB.

``terms`` loads and checks the index file; ``marks`` finds the entries in the
cleaned texts and marks each occurrence in the model; ``locators`` turns the
marks' pages (or paragraphs) into sorted entries with page ranges, for the
templates; ``suggest`` drafts an index file from the texts.
"""
