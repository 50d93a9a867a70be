"""The reliability-goals editor: SLO list, SLO form, computed panels, chart, catalog, policies."""
