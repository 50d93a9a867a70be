"""Plans as code: a whole plan as a deterministic folder of files (a *bundle*).

Every feature declares its part (``Feature.bundle``); this package writes, reads,
validates and imports the parts the same way, records milestones (named snapshots
of the same records) and says what changed between them.
"""
