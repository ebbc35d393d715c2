"""Scrapers behind ``dlkit scrape``: a shared polite HTTP layer (``http.py``) and one file per site."""
