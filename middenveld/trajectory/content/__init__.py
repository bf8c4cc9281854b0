"""The trajectory's demo content, written for this platform in plain Dutch,
with translations. One module per language: ``nl.py`` is the source; the others
hold the same keys. A missing key falls back to Dutch (and the page says so)."""
