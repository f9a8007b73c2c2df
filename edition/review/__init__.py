"""The editor's desk (``edition review``): every change of the clean-up reviewed in a browser, and decided."""
