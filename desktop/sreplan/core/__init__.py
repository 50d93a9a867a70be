"""The domain model and every calculation. Imports neither Qt nor SQL."""
