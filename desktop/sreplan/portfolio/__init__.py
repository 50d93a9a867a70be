"""The workspace's portfolio: every plan at a glance (a shell package, after all features)."""
