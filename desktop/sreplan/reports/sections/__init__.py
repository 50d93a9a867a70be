"""One module per report section; each exposes ``SECTION`` (see :mod:`..registry`)."""
