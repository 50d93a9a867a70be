"""Chart functions: each returns a matplotlib ``Figure`` for the Qt canvas, the PDF and tests."""
