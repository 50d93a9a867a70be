"""Capacity planning: resources, demand forecasts with uncertainty, and sizing.

Pure numpy; no SQL and no Qt. ``model`` holds the records, ``forecast`` and
``seasonal`` the demand models, ``sizing`` the N+k arithmetic and ``outlook``
puts them together for one resource.
"""
