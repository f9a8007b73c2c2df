"""The book's styles — templates, CSS and fonts — installed as the package data ``edition.styles``
(see ``edition/render/styles.py``); nothing here is code."""
