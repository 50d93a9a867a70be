"""The Architecture section: inventory, diagram, lint, reviews, ADRs, catalog, meeting mode."""
